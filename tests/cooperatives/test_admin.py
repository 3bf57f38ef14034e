import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperatives.models import (
    AnnualReport,
    Cluster,
    Cooperative,
    District,
    Enterprise,
)
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    CooperativeRoleFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/cooperatives"


def _districts(count: int) -> None:
    first = District.objects.filter(code__startswith="99.").count() + 1
    for number in range(first, first + count):
        District.objects.create(
            code=f"99.{number:02d}",
            bps_code=f"99{number:02d}",
            name=f"Kabupaten Uji {number}",
            kind=District.Kind.REGENCY,
        )


def _cooperatives(count: int) -> None:
    CooperativeFactory.create_batch(
        count,
        sub_district_id="64.72.03",
        cluster=Cluster.objects.get(code="kdmp"),
        last_rat_on=datetime.date(2024, 3, 1),
    )


CHANGELISTS = {
    "cooperative": _cooperatives,
    "annualreport": AnnualReportFactory.create_batch,
    "enterprise": EnterpriseFactory.create_batch,
    "person": PersonFactory.create_batch,
    "cooperativerole": CooperativeRoleFactory.create_batch,
    "district": _districts,
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(response, **changes) -> dict:
    """The change form as the browser would post it back, with `changes`."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, Decimal):
            # What the page shows (an amount as 1.250.000), as the browser posts it.
            value = form[name].field.widget.format_value(value)
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[inline_form.add_prefix(name)] = "" if value is None else value
    data.update(changes)
    return data


# --- Changelists -----------------------------------------------------------------


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(staff_client, model_name):
    make = CHANGELISTS[model_name]
    url = f"{ADMIN}/{model_name}/"
    make(3)
    count_queries(staff_client, url)  # warm per-process caches (content types)

    with_3 = count_queries(staff_client, url)
    make(30)
    with_33 = count_queries(staff_client, url)

    assert with_33 == with_3


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_changelist_lists_the_rows(staff_client, model_name):
    CHANGELISTS[model_name](2)

    response = staff_client.get(f"{ADMIN}/{model_name}/")

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 2


def test_person_changelist_shows_the_nik_masked(staff_client):
    PersonFactory(nik="6472031205800123")

    response = staff_client.get(f"{ADMIN}/person/")

    content = response.content.decode()
    assert "6472********0123" in content
    assert "6472031205800123" not in content


@pytest.mark.parametrize(
    "query", ["Mahakam", "mahakam sejahtera", "6472000000004242"], ids=str
)
def test_cooperative_search_by_name_and_exact_nik(staff_client, query):
    wanted = CooperativeFactory(name="KSP Mahakam Sejahtera", nik="6472000000004242")
    CooperativeFactory(name="Kopwan Tepian", nik="6472000000004243")

    response = staff_client.get(f"{ADMIN}/cooperative/", {"q": query})

    assert list(response.context["cl"].result_list) == [wanted]


def test_cooperative_search_by_partial_nik_finds_nothing(staff_client):
    CooperativeFactory(nik="6472000000004242")

    response = staff_client.get(f"{ADMIN}/cooperative/", {"q": "647200000000424"})

    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(("value", "expected"), [("yes", "active"), ("no", "idle")])
def test_cooperative_active_filter(staff_client, value, expected):
    this_year = timezone.localdate().year
    cooperatives = {
        "active": CooperativeFactory(name="Aktif"),
        "idle": CooperativeFactory(name="Tidak Aktif"),
        "never": CooperativeFactory(name="Belum Pernah RAT"),
    }
    Cooperative.objects.filter(pk=cooperatives["active"].pk).update(
        last_rat_on=datetime.date(this_year - 2, 1, 1)
    )
    Cooperative.objects.filter(pk=cooperatives["idle"].pk).update(
        last_rat_on=datetime.date(this_year - 3, 12, 31)
    )
    wanted = {cooperatives[expected].pk}
    if value == "no":
        wanted.add(cooperatives["never"].pk)

    response = staff_client.get(f"{ADMIN}/cooperative/", {"active": value})

    assert {c.pk for c in response.context["cl"].result_list} == wanted


# --- Cooperative change form and history -----------------------------------------


def test_cooperative_change_accepts_formatted_npwp_and_phone(staff_client):
    cooperative = CooperativeFactory()
    url = f"{ADMIN}/cooperative/{cooperative.pk}/change/"
    page = staff_client.get(url)

    response = staff_client.post(
        url,
        form_data(page, npwp="09.254.294.3-407.000", phone="+62 812-3456-7890"),
    )

    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.npwp == "0092542943407000"
    assert cooperative.phone == "+6281234567890"


def test_cooperative_change_refuses_a_sub_district_of_another_district(staff_client):
    cooperative = CooperativeFactory(district=district("64.72"))
    url = f"{ADMIN}/cooperative/{cooperative.pk}/change/"
    page = staff_client.get(url)

    response = staff_client.post(url, form_data(page, sub_district="64.71.05"))

    assert response.status_code == 200
    assert "sub_district" in response.context["adminform"].form.errors
    cooperative.refresh_from_db()
    assert cooperative.sub_district_id is None


def test_cooperative_history_shows_an_admin_edit(staff_client, staff_user):
    cooperative = CooperativeFactory(name="Nama Lama")
    officer_of(cooperative)
    AnnualReportFactory(cooperative=cooperative)
    url = f"{ADMIN}/cooperative/{cooperative.pk}/change/"
    page = staff_client.get(url)
    saved = staff_client.post(url, form_data(page, name="Nama Baru"))

    response = staff_client.get(f"{ADMIN}/cooperative/{cooperative.pk}/history/")

    assert saved.status_code == 302
    assert response.status_code == 200
    latest = cooperative.history.latest()
    assert latest.name == "Nama Baru"
    assert latest.history_user == staff_user
    content = response.content.decode()
    assert "Nama Lama" in content
    assert "Nama Baru" in content
    assert staff_user.username in content


# --- Annual report workflow ------------------------------------------------------


def report_url(report: AnnualReport) -> str:
    return f"{ADMIN}/annualreport/{report.pk}/change/"


@pytest.mark.parametrize(
    "status", [AnnualReport.Status.SUBMITTED, AnnualReport.Status.DRAFT]
)
def test_report_change_page_offers_verification(staff_client, status):
    report = AnnualReportFactory(status=status)

    response = staff_client.get(report_url(report))

    assert response.status_code == 200
    assert "Verifikasi laporan" in response.content.decode()


def test_report_change_page_offers_return_only_when_submitted(staff_client):
    draft = AnnualReportFactory(status=AnnualReport.Status.DRAFT)
    submitted = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)

    draft_page = staff_client.get(report_url(draft)).content.decode()
    submitted_page = staff_client.get(report_url(submitted)).content.decode()

    assert "return_reason_input" not in draft_page
    assert "return_reason_input" in submitted_page


def test_verified_report_change_page_offers_no_decision(staff_client):
    report = AnnualReportFactory(
        status=AnnualReport.Status.VERIFIED, verified_at=timezone.now()
    )

    response = staff_client.get(report_url(report))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Verifikasi laporan" not in content
    assert "_verify" not in content


def test_report_verify_button_verifies_through_the_service(staff_client, staff_user):
    report = AnnualReportFactory(
        status=AnnualReport.Status.SUBMITTED,
        fiscal_year=2024,
        rat_held_on=datetime.date(2025, 3, 15),
    )
    page = staff_client.get(report_url(report))

    response = staff_client.post(report_url(report), form_data(page, _verify="1"))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.VERIFIED
    assert report.verified_by == staff_user
    assert report.cooperative_name == report.cooperative.name
    assert report.cooperative.last_rat_on == datetime.date(2025, 3, 15)
    assert "Laporan diverifikasi." in messages_of(response)


def test_report_return_button_returns_with_the_reason(staff_client):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)
    reason = "SHU tidak sesuai dengan neraca."
    page = staff_client.get(report_url(report))

    response = staff_client.post(
        report_url(report),
        form_data(page, _return="1", return_reason_input=reason),
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RETURNED
    assert report.return_reason == reason
    assert "Laporan dikembalikan ke koperasi." in messages_of(response)


@pytest.mark.parametrize("reason", ["", "   "])
def test_report_return_button_without_reason_shows_an_error(staff_client, reason):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)
    page = staff_client.get(report_url(report))

    response = staff_client.post(
        report_url(report),
        form_data(page, _return="1", return_reason_input=reason),
        follow=True,
    )

    assert response.status_code == 200
    assert "Tuliskan alasan laporan dikembalikan." in response.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    assert report.return_reason == ""


def test_report_verify_button_shows_why_an_incomplete_report_fails(staff_client):
    report = AnnualReportFactory(status=AnnualReport.Status.DRAFT, rat_held_on=None)
    page = staff_client.get(report_url(report))

    response = staff_client.post(
        report_url(report), form_data(page, _verify="1"), follow=True
    )

    assert "Wajib diisi sebelum laporan diajukan." in response.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_verify_reports_action_verifies_the_selected_reports(staff_client):
    chosen = [
        AnnualReportFactory(status=AnnualReport.Status.SUBMITTED),
        AnnualReportFactory(status=AnnualReport.Status.DRAFT),
    ]
    returned = AnnualReportFactory(status=AnnualReport.Status.RETURNED)
    untouched = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)

    response = staff_client.post(
        f"{ADMIN}/annualreport/",
        {
            "action": "verify_reports",
            "_selected_action": [report.pk for report in [*chosen, returned]],
        },
    )

    assert response.status_code == 302
    statuses = dict(AnnualReport.objects.values_list("pk", "status"))
    assert statuses[chosen[0].pk] == AnnualReport.Status.VERIFIED
    assert statuses[chosen[1].pk] == AnnualReport.Status.VERIFIED
    assert statuses[returned.pk] == AnnualReport.Status.RETURNED
    assert statuses[untouched.pk] == AnnualReport.Status.SUBMITTED
    messages = messages_of(response)
    assert "2 laporan diverifikasi." in messages
    assert any(message.startswith(f"#{returned.pk}:") for message in messages)
    assert Cooperative.objects.get(pk=chosen[0].cooperative_id).last_rat_on


def test_verified_report_cannot_be_deleted(staff_client):
    report = AnnualReportFactory(
        status=AnnualReport.Status.VERIFIED, verified_at=timezone.now()
    )

    page = staff_client.get(f"{ADMIN}/annualreport/{report.pk}/delete/")
    posted = staff_client.post(
        f"{ADMIN}/annualreport/{report.pk}/delete/", {"post": "yes"}
    )

    assert page.status_code == 403
    assert posted.status_code == 403
    assert AnnualReport.objects.filter(pk=report.pk).exists()


def test_draft_report_can_be_deleted(staff_client):
    report = AnnualReportFactory(status=AnnualReport.Status.DRAFT)

    response = staff_client.post(
        f"{ADMIN}/annualreport/{report.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not AnnualReport.objects.filter(pk=report.pk).exists()


def test_report_changelist_offers_verify_but_no_bulk_delete(staff_client):
    AnnualReportFactory()

    response = staff_client.get(f"{ADMIN}/annualreport/")

    actions = [
        name for name, _ in response.context["action_form"].fields["action"].choices
    ]
    assert "verify_reports" in actions
    assert "delete_selected" not in actions


# --- Enterprise scale override ---------------------------------------------------


def enterprise_url(enterprise) -> str:
    return f"{ADMIN}/enterprise/{enterprise.pk}/change/"


def test_enterprise_scale_override_records_the_staff_member(staff_client, staff_user):
    enterprise = EnterpriseFactory(annual_revenue=Decimal("300000000"))
    reason = "Omzet dilaporkan belum termasuk cabang."
    page = staff_client.get(enterprise_url(enterprise))

    response = staff_client.post(
        enterprise_url(enterprise),
        form_data(page, scale_override="small", scale_override_reason=reason),
    )

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.scale == Enterprise.Scale.SMALL
    assert enterprise.scale_override_reason == reason
    assert enterprise.scale_override_by == staff_user


def test_enterprise_scale_override_cleared_forgets_who_set_it(staff_client, staff_user):
    enterprise = EnterpriseFactory(
        annual_revenue=Decimal("300000000"),
        scale_override=Enterprise.Scale.SMALL,
        scale_override_reason="Sementara.",
        scale_override_by=staff_user,
    )
    page = staff_client.get(enterprise_url(enterprise))

    response = staff_client.post(
        enterprise_url(enterprise),
        form_data(page, scale_override="", scale_override_reason=""),
    )

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.scale == Enterprise.Scale.MICRO
    assert enterprise.scale_override_by is None


def test_enterprise_scale_override_without_reason_is_a_form_error(staff_client):
    enterprise = EnterpriseFactory()
    page = staff_client.get(enterprise_url(enterprise))

    response = staff_client.post(
        enterprise_url(enterprise), form_data(page, scale_override="medium")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["scale_override_reason"] == ["Isi alasan penetapan skala usaha."]
    enterprise.refresh_from_db()
    assert enterprise.scale_override == ""
