"""The personal data access trail (issue 16, item 5): every whole-NIK page and
lookup in the admin and every export carrying NIKs leaves one record; the record
holds no NIK, only agency staff list it, and nobody changes it."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from audit.models import PersonalDataAccess
from audit.services import personal_data_access_record
from tests.factories import (
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NIK = "6472034508900017"
AUDIT_LIST = "/admin/audit/personaldataaccess/"


def _row_texts(access: PersonalDataAccess) -> str:
    """Every column of the stored row as the database returns it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT row_to_json(a)::text FROM audit_personaldataaccess a WHERE id = %s",
            [access.pk],
        )
        return cursor.fetchone()[0]


def test_a_staff_view_of_a_person_records_one_access_without_the_nik(
    staff_client, staff_user
):
    person = PersonFactory(nik=NIK)

    response = staff_client.get(
        f"/admin/cooperatives/person/{person.pk}/change/",
        HTTP_USER_AGENT=f"Firefox/128 ({NIK})",
        REMOTE_ADDR="10.1.2.3",
    )

    assert response.status_code == 200
    assert NIK in response.content.decode()  # staff see it whole here
    access = PersonalDataAccess.objects.get()
    assert (access.action, access.person_id, access.user) == (
        "view_nik",
        person.pk,
        staff_user,
    )
    assert (access.actor, access.ip_address) == (staff_user.username, "10.1.2.3")
    assert NIK not in _row_texts(access)
    assert "Firefox/128" in access.user_agent


def test_the_person_changelist_records_nothing(staff_client):
    PersonFactory(nik=NIK)

    staff_client.get("/admin/cooperatives/person/")

    assert not PersonalDataAccess.objects.exists()


def test_a_past_version_page_of_a_person_is_recorded(staff_client):
    person = PersonFactory(nik=NIK)
    version = person.history.get()

    response = staff_client.get(
        f"/admin/cooperatives/person/{person.pk}/history/{version.history_id}/"
    )

    assert response.status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.action, access.person_id) == ("view_nik", person.pk)


@pytest.mark.parametrize("known", [True, False])
def test_a_lookup_by_whole_nik_is_recorded_found_or_not(staff_client, known):
    person = PersonFactory(nik=NIK) if known else None

    staff_client.post("/admin/cooperatives/person/cari-nik/", {"nik": NIK})

    lookup = PersonalDataAccess.objects.get(action="find_by_nik")
    assert lookup.person_id == (person.pk if known else None)
    assert NIK not in _row_texts(lookup)


def test_the_enterprise_export_records_one_access(staff_client, staff_user):
    EnterpriseFactory(owner=PersonFactory(nik=NIK))
    EnterpriseFactory()
    export = "/admin/cooperatives/enterprise/export/"
    form = staff_client.get(export).context["form"]
    csv_index = next(
        value for value, label in form.fields["format"].choices if label == "csv"
    )
    data = {"format": csv_index, "resource": 0}
    data |= {name: "on" for name in form.fields if name.startswith("enterprise")}

    response = staff_client.post(export, data)

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert NIK in {row["NIK pemilik"] for row in rows}
    access = PersonalDataAccess.objects.get()
    assert (access.action, access.export_kind, access.rows, access.file_format) == (
        "export",
        "cooperatives.enterprise",
        2,
        "csv",
    )
    assert access.user == staff_user
    assert NIK not in _row_texts(access)


def test_a_reason_typed_with_a_nik_keeps_it_masked(staff_user):
    access = personal_data_access_record(
        action=PersonalDataAccess.Action.RECONCILE,
        user=staff_user,
        person_id=7,
        reason=f"Nama berbeda untuk NIK {NIK} di dua kabupaten",
    )

    assert access.reason == "Nama berbeda untuk NIK 6472********0017 di dua kabupaten"
    assert NIK not in _row_texts(access)


def test_an_api_token_is_named_as_the_actor(samarinda_api):
    access = personal_data_access_record(
        action=PersonalDataAccess.Action.RECONCILE, user=samarinda_api.token.user
    )

    assert access.actor == f"token:{samarinda_api.token.name}"


def test_a_record_without_any_actor_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="actor"):
        personal_data_access_record(action=PersonalDataAccess.Action.RECONCILE)


# --- The list in the admin ---------------------------------------------------------


def _an_access(user) -> PersonalDataAccess:
    return personal_data_access_record(
        action=PersonalDataAccess.Action.VIEW_NIK, user=user, person_id=1
    )


def test_staff_list_and_filter_the_trail_with_times_in_wita(staff_client, staff_user):
    access = _an_access(staff_user)
    personal_data_access_record(
        action=PersonalDataAccess.Action.EXPORT,
        user=staff_user,
        export_kind="cooperatives.enterprise",
        rows=3,
        file_format="xlsx",
    )

    response = staff_client.get(AUDIT_LIST, {"action": "view_nik"})

    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed == [access]
    utc = access.at
    wita = f"{(utc.hour + 8) % 24:02d}.{utc.minute:02d}.{utc.second:02d}"  # UTC+8
    assert wita in response.content.decode()


def test_an_officer_cannot_see_the_trail(client):
    officer = UserFactory()
    client.force_login(officer)

    response = client.get(AUDIT_LIST)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_district_admin_users_cannot_see_the_trail_even_with_the_permission(client):
    district_admin = DistrictUserFactory(is_staff=True)
    district_admin.user_permissions.add(
        Permission.objects.get(codename="view_personaldataaccess")
    )
    client.force_login(district_admin)
    _an_access(district_admin)

    assert client.get(AUDIT_LIST).status_code == 403


def test_the_trail_cannot_be_added_changed_or_deleted_in_the_admin(
    staff_client, staff_user
):
    access = _an_access(staff_user)
    change = f"{AUDIT_LIST}{access.pk}/change/"

    added = staff_client.post(f"{AUDIT_LIST}add/", {"action": "export"})
    changed = staff_client.post(change, {"reason": "diubah", "actor": "orang lain"})
    deleted = staff_client.post(f"{AUDIT_LIST}{access.pk}/delete/", {"post": "yes"})
    bulk = staff_client.post(
        AUDIT_LIST, {"action": "delete_selected", "_selected_action": [access.pk]}
    )

    assert added.status_code == 403
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert bulk.status_code in (200, 302)
    access.refresh_from_db()
    assert (access.reason, access.actor) == ("", staff_user.username)
    assert PersonalDataAccess.objects.count() == 1
    assert staff_client.get(change).status_code == 200  # view only
