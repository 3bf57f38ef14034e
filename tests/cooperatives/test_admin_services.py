"""The registry admin writes through the services, so their rules hold there too:
the enterprise's owner by NIK and a new recorded name queued for reconciliation, a
verified report frozen, a referenced row refused on delete, and a refusal shown on
the form with nothing saved."""

import datetime

import pytest

from cooperatives.models import (
    AnnualReport,
    Cluster,
    Cooperative,
    CooperativeRole,
    Enterprise,
    PersonReconciliation,
)
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    PersonFactory,
)

from .kdmp_factories import kdmp_of
from .test_admin import form_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/cooperatives"


def test_enterprise_owner_name_change_in_the_admin_is_queued_for_reconciliation(
    staff_client,
):
    enterprise = EnterpriseFactory()
    url = f"{ADMIN}/enterprise/{enterprise.pk}/change/"
    page = staff_client.get(url)
    supplied = "Nama Lain Sekali"

    response = staff_client.post(url, form_data(page, owner_name=supplied))

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.owner_name == supplied
    item = PersonReconciliation.objects.get()
    assert (item.person_id, item.supplied_name) == (enterprise.owner_id, supplied)


def test_enterprise_add_in_the_admin_identifies_the_owner_by_nik(staff_client):
    owner = PersonFactory(name="Siti Aminah")
    page = staff_client.get(f"{ADMIN}/enterprise/add/")
    data = form_data(
        page,
        nib="1234567890123",
        name="Usaha Admin",
        owner=owner.pk,
        owner_name="",
        district="64.72",
        kbli="10794",
        business_capital="50000000",
        annual_revenue="300000000",
    )

    response = staff_client.post(f"{ADMIN}/enterprise/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise = Enterprise.objects.get(nib="1234567890123")
    assert (enterprise.owner_id, enterprise.owner_name) == (owner.pk, "Siti Aminah")


def test_submitted_report_is_corrected_in_the_admin_only_with_a_reason(staff_client):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)
    url = f"{ADMIN}/annualreport/{report.pk}/change/"
    page = staff_client.get(url)

    refused = staff_client.post(url, form_data(page, members_male=5))
    corrected = staff_client.post(
        url,
        form_data(page, members_male=999, correction_reason="Sesuai daftar hadir"),
    )

    assert (refused.status_code, corrected.status_code) == (200, 302)
    assert "Tuliskan alasan koreksi" in refused.content.decode()
    report.refresh_from_db()
    assert report.members_male == 999
    assert report.corrections.get().reason == "Sesuai daftar hadir"


def test_cooperative_role_inline_records_the_role_through_the_service(staff_client):
    cooperative = CooperativeFactory()
    person = PersonFactory(name="Budi Santoso")
    url = f"{ADMIN}/cooperative/{cooperative.pk}/change/"
    page = staff_client.get(url)
    data = form_data(page)
    data |= {
        "roles-TOTAL_FORMS": 1,
        "roles-0-person": person.pk,
        "roles-0-role": CooperativeRole.Role.SUPERVISOR,
        "roles-0-position": "",
        "roles-0-starts_on": "2025-01-02",
        "roles-0-ends_on": "",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302
    role = CooperativeRole.objects.get(cooperative=cooperative)
    assert (role.person_id, role.person_name) == (person.pk, "Budi Santoso")
    assert role.starts_on == datetime.date(2025, 1, 2)


def test_cluster_add_change_and_delete_through_the_reference_services(staff_client):
    add = staff_client.post(
        f"{ADMIN}/cluster/add/", {"code": "agro", "name": "Agribisnis"}
    )
    cluster = Cluster.objects.get(code="agro")
    change = staff_client.post(
        f"{ADMIN}/cluster/{cluster.pk}/change/", {"code": "agro", "name": "Agro"}
    )
    cluster.refresh_from_db()
    name = cluster.name

    delete = staff_client.post(f"{ADMIN}/cluster/{cluster.pk}/delete/", {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (302,) * 3
    assert name == "Agro"
    assert not Cluster.objects.filter(pk=cluster.pk).exists()


def test_bulk_delete_of_cooperatives_goes_row_by_row_through_the_service(
    staff_client,
):
    chosen = CooperativeFactory.create_batch(2)
    other = CooperativeFactory()

    response = staff_client.post(
        f"{ADMIN}/cooperative/",
        {
            "action": "delete_selected",
            "_selected_action": [c.pk for c in chosen],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert list(Cooperative.objects.values_list("pk", flat=True)) == [other.pk]


def test_a_reconciliation_item_cannot_be_deleted_in_the_admin(staff_client):
    enterprise = EnterpriseFactory()
    url = f"{ADMIN}/enterprise/{enterprise.pk}/change/"
    staff_client.post(url, form_data(staff_client.get(url), owner_name="Nama Lain"))
    item = PersonReconciliation.objects.get()

    one = staff_client.post(
        f"{ADMIN}/personreconciliation/{item.pk}/delete/", {"post": "yes"}
    )
    changelist = staff_client.get(f"{ADMIN}/personreconciliation/")
    staff_client.post(
        f"{ADMIN}/personreconciliation/",
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )

    assert one.status_code == 403
    assert "delete_selected" not in changelist.content.decode()
    assert PersonReconciliation.objects.filter(pk=item.pk).exists()


def test_a_kdmp_cooperative_moves_village_in_the_admin_only_with_a_reason(
    staff_client,
):
    kdmp = kdmp_of("64.72.01.1001")
    url = f"{ADMIN}/cooperative/{kdmp.cooperative_id}/change/"
    data = form_data(staff_client.get(url)) | {"village": "64.72.01.1002"}

    refused = staff_client.post(url, data)
    accepted = staff_client.post(
        url, data | {"village_change_reason": "Koreksi data kelurahan."}
    )

    assert refused.status_code == 200
    assert "tuliskan alasan" in refused.content.decode()
    assert accepted.status_code == 302
    kdmp.refresh_from_db()
    assert kdmp.village_id == "64.72.01.1002"
    assert kdmp.history.first().history_change_reason == "Koreksi data kelurahan."
