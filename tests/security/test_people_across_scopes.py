"""People across scopes (issue 16, item 1; docs/security.md): a Samarinda caller
that supplies the NIK of a person Balikpapan recorded gets exactly the answer it
would get for an unknown NIK, never sees Balikpapan's name or contact, and never
changes what Balikpapan recorded; a differing name goes to the staff's
reconciliation queue. Each test fails when its protection is removed."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from audit.models import PersonalDataAccess
from cooperatives.models import (
    CooperativeRole,
    Enterprise,
    Person,
    PersonReconciliation,
)
from cooperatives.services import reconciliation_resolve
from financing import services as financing_services
from programs.models import Enrolment, Program
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
    officer_of,
)
from tests.financing.factories import SchemeFactory
from tests.programs.factories import EnrolmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# Two valid NIKs that mask alike (`6471********0007`): any difference between the
# answers for them comes from the NIK being known, never from the mask.
KNOWN_NIK = "6471031205800007"
UNKNOWN_NIK = "6471031606850007"
BALIKPAPAN_NAME = "Rahmat Hidayat"
BALIKPAPAN_PHONE = "+6281234500077"
BALIKPAPAN_EMAIL = "rahmat@balikpapan.example.id"
SUPPLIED_NAME = "Budi Samarinda"
ENTERPRISES = "/api/v1/enterprises/"
VOLATILE = {"id", "nib", "created_at", "updated_at"}


@pytest.fixture
def balikpapan_person():
    """A person Balikpapan recorded: an owner of a Balikpapan enterprise and a
    member of a Balikpapan cooperative."""
    person = PersonFactory(
        nik=KNOWN_NIK,
        name=BALIKPAPAN_NAME,
        phone=BALIKPAPAN_PHONE,
        email=BALIKPAPAN_EMAIL,
    )
    EnterpriseFactory(owner=person, district=district("64.71"))
    CooperativeRoleFactory(
        person=person,
        cooperative=CooperativeFactory(district=district("64.71")),
        role=CooperativeRole.Role.MEMBER,
    )
    return person


def assert_nothing_of_balikpapan(response) -> None:
    text = response.content.decode()
    for secret in (BALIKPAPAN_NAME, BALIKPAPAN_PHONE, BALIKPAPAN_EMAIL, "Rahmat"):
        assert secret not in text


def comparable(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in VOLATILE}


def enterprise_body(nik: str, **fields) -> dict:
    return {
        "name": "Amplang Samarinda",
        "owner_nik": nik,
        "owner_name": SUPPLIED_NAME,
        "district": "64.72",
        "kbli": "10794",
        **fields,
    }


def assert_balikpapan_unchanged(person: Person, balikpapan_api) -> None:
    person.refresh_from_db()
    assert (person.name, person.phone, person.email) == (
        BALIKPAPAN_NAME,
        BALIKPAPAN_PHONE,
        BALIKPAPAN_EMAIL,
    )
    listed = balikpapan_api.get(ENTERPRISES).json()["results"]
    assert [row["owner_name"] for row in listed] == [BALIKPAPAN_NAME]
    role = CooperativeRole.objects.get(person=person, cooperative__district="64.71")
    assert (role.person_name, role.person_phone, role.person_email) == (
        BALIKPAPAN_NAME,
        BALIKPAPAN_PHONE,
        BALIKPAPAN_EMAIL,
    )


# --- API: enterprise owners --------------------------------------------------------


def test_enterprise_post_answers_a_known_nik_like_an_unknown_one(
    balikpapan_person, samarinda_api, balikpapan_api
):
    known = samarinda_api.post(ENTERPRISES, enterprise_body(KNOWN_NIK), format="json")
    unknown = samarinda_api.post(
        ENTERPRISES, enterprise_body(UNKNOWN_NIK), format="json"
    )

    assert known.status_code == unknown.status_code == 201
    assert comparable(known.json()) == comparable(unknown.json())
    assert known.json()["owner_name"] == SUPPLIED_NAME
    assert_nothing_of_balikpapan(known)
    detail = samarinda_api.get(f"{ENTERPRISES}{known.json()['id']}/")
    listed = samarinda_api.get(ENTERPRISES)
    assert detail.json()["owner_name"] == SUPPLIED_NAME
    assert_nothing_of_balikpapan(detail)
    assert_nothing_of_balikpapan(listed)
    exported = samarinda_api.get(f"{ENTERPRISES}export.csv")
    assert exported.status_code == 200
    assert SUPPLIED_NAME in b"".join(exported.streaming_content).decode()
    exported = samarinda_api.get(f"{ENTERPRISES}export.csv")
    assert BALIKPAPAN_NAME not in b"".join(exported.streaming_content).decode()
    assert Enterprise.objects.get(pk=known.json()["id"]).owner == balikpapan_person
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


@pytest.mark.parametrize(
    "change",
    [
        {"owner_nik": "{nik}"},  # a NIK alone: the name is always required
        {"owner_nik": "{nik}", "owner_name": ""},
        {"owner_nik": "{nik}", "owner_name": SUPPLIED_NAME},
        {"owner_nik": "{nik}", "owner_name": BALIKPAPAN_NAME.upper()},
    ],
)
def test_enterprise_patch_answers_a_known_nik_like_an_unknown_one(
    balikpapan_person, samarinda_api, balikpapan_api, change
):
    mine = EnterpriseFactory(district=district("64.72"))

    def patch(nik):
        body = {key: value.format(nik=nik) for key, value in change.items()}
        return samarinda_api.patch(f"{ENTERPRISES}{mine.pk}/", body, format="json")

    known, unknown = patch(KNOWN_NIK), patch(UNKNOWN_NIK)

    assert known.status_code == unknown.status_code
    assert known.status_code in (200, 400)
    assert comparable(known.json()) == comparable(unknown.json())
    assert_nothing_of_balikpapan(known)
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_a_samarinda_rename_stays_on_its_own_enterprise(
    balikpapan_person, samarinda_api, balikpapan_api
):
    created = samarinda_api.post(
        ENTERPRISES, enterprise_body(KNOWN_NIK), format="json"
    ).json()

    renamed = samarinda_api.patch(
        f"{ENTERPRISES}{created['id']}/", {"owner_name": "Nama Lain"}, format="json"
    )

    assert renamed.status_code == 200
    assert renamed.json()["owner_name"] == "Nama Lain"
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_the_enterprise_list_reads_the_enterprises_own_record(
    balikpapan_person, balikpapan_api, django_assert_max_num_queries
):
    for _ in range(5):
        EnterpriseFactory(owner=balikpapan_person, district=district("64.71"))
    Person.objects.filter(pk=balikpapan_person.pk).update(name="Identitas Lain")

    with django_assert_max_num_queries(8):
        listed = balikpapan_api.get(ENTERPRISES).json()["results"]

    assert {row["owner_name"] for row in listed} == {BALIKPAPAN_NAME}


# --- The reconciliation queue ------------------------------------------------------


def test_a_differing_name_is_queued_and_staff_accept_it(
    balikpapan_person, samarinda_api, balikpapan_api, staff_user
):
    samarinda_api.post(ENTERPRISES, enterprise_body(KNOWN_NIK), format="json")
    samarinda_api.post(ENTERPRISES, enterprise_body(KNOWN_NIK), format="json")

    item = PersonReconciliation.objects.get()
    assert (item.person, item.supplied_name, item.status) == (
        balikpapan_person,
        SUPPLIED_NAME,
        PersonReconciliation.Status.OPEN,
    )
    assert item.district_id == "64.72"

    reconciliation_resolve(reconciliation_id=item.pk, accept=True, by=staff_user)

    item.refresh_from_db()
    balikpapan_person.refresh_from_db()
    assert item.status == PersonReconciliation.Status.ACCEPTED
    assert item.resolved_by == staff_user
    assert balikpapan_person.name == SUPPLIED_NAME
    # The decision is in the personal-data access trail, without the NIK.
    access = PersonalDataAccess.objects.get(action=PersonalDataAccess.Action.RECONCILE)
    assert (access.user, access.person_id) == (staff_user, balikpapan_person.pk)
    assert KNOWN_NIK not in access.reason
    # Balikpapan keeps what it recorded, whatever the identity is now called.
    listed = balikpapan_api.get(ENTERPRISES).json()["results"]
    assert [row["owner_name"] for row in listed] == [BALIKPAPAN_NAME]


def test_the_same_name_queues_nothing_and_staff_may_keep_the_identity(
    balikpapan_person, samarinda_api, staff_user
):
    samarinda_api.post(
        ENTERPRISES,
        enterprise_body(KNOWN_NIK, owner_name=f"  {BALIKPAPAN_NAME.lower()} "),
        format="json",
    )
    assert not PersonReconciliation.objects.exists()
    samarinda_api.post(ENTERPRISES, enterprise_body(KNOWN_NIK), format="json")
    item = PersonReconciliation.objects.get()

    reconciliation_resolve(reconciliation_id=item.pk, accept=False, by=staff_user)

    balikpapan_person.refresh_from_db()
    assert balikpapan_person.name == BALIKPAPAN_NAME
    item.refresh_from_db()
    assert item.status == PersonReconciliation.Status.KEPT
    with pytest.raises(ValidationError):
        reconciliation_resolve(reconciliation_id=item.pk, accept=True, by=staff_user)


def test_only_agency_staff_resolve_a_reconciliation(balikpapan_person, samarinda_api):
    samarinda_api.post(ENTERPRISES, enterprise_body(KNOWN_NIK), format="json")
    item = PersonReconciliation.objects.get()

    with pytest.raises(ValidationError):
        reconciliation_resolve(
            reconciliation_id=item.pk, accept=True, by=DistrictUserFactory()
        )

    balikpapan_person.refresh_from_db()
    assert balikpapan_person.name == BALIKPAPAN_NAME


# --- Portal: people of a cooperative ----------------------------------------------


@pytest.fixture
def samarinda_cooperative():
    return CooperativeFactory(district=district("64.72"))


class FreshOfficer:
    """Each request from a fresh session of the same officer, so the messages of
    one answer never reach the next."""

    def __init__(self, user):
        self.user = user

    def __getattr__(self, method):
        client = Client()
        client.force_login(self.user)
        return getattr(client, method)


@pytest.fixture
def samarinda_officer(samarinda_cooperative):
    return FreshOfficer(officer_of(samarinda_cooperative))


def people_url(cooperative, path: str = "") -> str:
    return f"/portal/koperasi/{cooperative.pk}/orang/{path}"


def person_form(nik: str, **fields) -> dict:
    return {
        "nik": nik,
        "name": SUPPLIED_NAME,
        "sex": "male",
        "phone": "0813 5000 1234",
        "email": "budi@samarinda.example.id",
        "role": "member",
        "position": "",
        "starts_on": "2026-01-05",
        **fields,
    }


def answer(response, nik: str) -> tuple:
    """What an officer learns from a POST: status, where it leads, the messages
    and the page (without the CSRF token, which differs between any two, and
    the NIK the form gives back as it was typed)."""
    page = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    ).replace(nik, "NIK")
    told = [str(message) for message in get_messages(response.wsgi_request)]
    return response.status_code, response.get("Location"), told, page


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"name": ""},
        {"phone": "12"},
        {"email": "bukan-surel"},
        {"name": BALIKPAPAN_NAME.upper()},
    ],
)
def test_portal_add_answers_a_known_nik_like_an_unknown_one(
    balikpapan_person, samarinda_officer, samarinda_cooperative, balikpapan_api, fields
):
    url = people_url(samarinda_cooperative, "tambah/")

    known = samarinda_officer.post(url, person_form(KNOWN_NIK, **fields))
    unknown = samarinda_officer.post(url, person_form(UNKNOWN_NIK, **fields))

    assert known.status_code in (200, 302)
    assert answer(known, KNOWN_NIK) == answer(unknown, UNKNOWN_NIK)
    assert_nothing_of_balikpapan(known)
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_portal_pages_show_the_cooperatives_own_record(
    balikpapan_person, samarinda_officer, samarinda_cooperative
):
    samarinda_officer.post(
        people_url(samarinda_cooperative, "tambah/"), person_form(KNOWN_NIK)
    )
    role = CooperativeRole.objects.get(cooperative=samarinda_cooperative, role="member")

    listed = samarinda_officer.get(people_url(samarinda_cooperative))
    edit = samarinda_officer.get(people_url(samarinda_cooperative, f"{role.pk}/ubah/"))
    end = samarinda_officer.get(people_url(samarinda_cooperative, f"{role.pk}/akhiri/"))

    for page in (listed, edit, end):
        assert page.status_code == 200
        assert SUPPLIED_NAME in page.content.decode()
        assert_nothing_of_balikpapan(page)
    assert "+6281350001234" in edit.content.decode()


def test_portal_edit_changes_only_the_cooperatives_record(
    balikpapan_person, samarinda_officer, samarinda_cooperative, balikpapan_api
):
    samarinda_officer.post(
        people_url(samarinda_cooperative, "tambah/"), person_form(KNOWN_NIK)
    )
    role = CooperativeRole.objects.get(cooperative=samarinda_cooperative, role="member")

    response = samarinda_officer.post(
        people_url(samarinda_cooperative, f"{role.pk}/ubah/"),
        {
            "name": "Nama Koperasi",
            "phone": "081111111111",
            "email": "lain@example.id",
            "position": "",
            "starts_on": "2026-01-05",
        },
    )

    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.person_name, role.person_phone, role.person_email) == (
        "Nama Koperasi",
        "+6281111111111",
        "lain@example.id",
    )
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)
    assert set(PersonReconciliation.objects.values_list("supplied_name", "source")) == {
        (SUPPLIED_NAME, "role"),
        ("Nama Koperasi", "role"),
    }


# --- Portal: members from CSV -------------------------------------------------------


def members_csv(*rows: str) -> SimpleUploadedFile:
    text = "nik;nama;jenis_kelamin;no_hp;surel;mulai\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("anggota.csv", text.encode(), content_type="text/csv")


@pytest.mark.parametrize(
    "row",
    [
        "{nik};Budi Samarinda;L;0813 5000 1234;budi@samarinda.example.id;01-01-2026",
        "{nik};;L;;;",  # no name: refused alike
        "{nik};Budi Samarinda;;12;;",  # a bad phone: refused alike
        "{nik};Budi Samarinda;;;bukan-surel;",
    ],
)
def test_csv_import_answers_a_known_nik_like_an_unknown_one(
    balikpapan_person, samarinda_officer, samarinda_cooperative, balikpapan_api, row
):
    url = people_url(samarinda_cooperative, "impor/")

    known = samarinda_officer.post(
        url, {"file": members_csv(row.format(nik=KNOWN_NIK))}
    )
    unknown = samarinda_officer.post(
        url, {"file": members_csv(row.format(nik=UNKNOWN_NIK))}
    )

    assert known.status_code in (200, 302)
    assert answer(known, KNOWN_NIK) == answer(unknown, UNKNOWN_NIK)
    assert_nothing_of_balikpapan(known)
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_csv_import_records_the_files_details_for_the_cooperative_only(
    balikpapan_person, samarinda_officer, samarinda_cooperative, balikpapan_api
):
    samarinda_officer.post(
        people_url(samarinda_cooperative, "impor/"),
        {"file": members_csv(f"{KNOWN_NIK};Budi Samarinda;L;081350001234;b@s.id;")},
    )

    role = CooperativeRole.objects.get(cooperative=samarinda_cooperative, role="member")
    assert role.person == balikpapan_person
    assert (role.person_name, role.person_phone, role.person_email) == (
        SUPPLIED_NAME,
        "+6281350001234",
        "b@s.id",
    )
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)
    item = PersonReconciliation.objects.get()
    assert (item.source, item.cooperative) == ("member_import", samarinda_cooperative)


# --- Programs: nominations and certificates ----------------------------------------

ENROLMENTS = "/api/v1/enrolments/"


def nomination_body(program, nik: str, cooperative=None) -> dict:
    return {
        "program": program.pk,
        "cooperative": cooperative.pk if cooperative else None,
        "person": {
            "nik": nik,
            "name": SUPPLIED_NAME,
            "phone": "0813 5000 1234",
            "email": "budi@samarinda.example.id",
        },
    }


@pytest.mark.parametrize(
    ("audience", "with_cooperative", "status"),
    [
        (Program.Audience.MEMBERS, True, 201),
        (Program.Audience.OFFICERS, True, 400),  # holds no office there
        (Program.Audience.SMES, False, 400),  # owns no enterprise in Samarinda
    ],
)
def test_api_nomination_answers_a_known_nik_like_an_unknown_one(
    balikpapan_person,
    samarinda_api,
    samarinda_cooperative,
    balikpapan_api,
    audience,
    with_cooperative,
    status,
):
    program = ProgramFactory(audience=audience)
    cooperative = samarinda_cooperative if with_cooperative else None

    known = samarinda_api.post(
        ENROLMENTS, nomination_body(program, KNOWN_NIK, cooperative), format="json"
    )
    unknown = samarinda_api.post(
        ENROLMENTS, nomination_body(program, UNKNOWN_NIK, cooperative), format="json"
    )

    assert known.status_code == unknown.status_code == status
    assert comparable(known.json()) == comparable(unknown.json())
    assert_nothing_of_balikpapan(known)
    assert_nothing_of_balikpapan(samarinda_api.get(ENROLMENTS))
    if status == 201:
        assert known.json()["person"]["name"] == SUPPLIED_NAME
        assert "id" not in known.json()["person"]
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_portal_nomination_answers_a_known_nik_like_an_unknown_one(
    balikpapan_person, samarinda_officer, samarinda_cooperative, balikpapan_api
):
    members = ProgramFactory(audience=Program.Audience.MEMBERS)
    officers = ProgramFactory(audience=Program.Audience.OFFICERS)

    def nominate(program, nik):
        return samarinda_officer.post(
            f"/portal/koperasi/{samarinda_cooperative.pk}/program/{program.pk}/usulkan/",
            {"who": "new", "nik": nik, "name": SUPPLIED_NAME, "sex": "male"},
        )

    for program, status in ((members, 302), (officers, 200)):
        known, unknown = nominate(program, KNOWN_NIK), nominate(program, UNKNOWN_NIK)

        assert known.status_code == status
        assert answer(known, KNOWN_NIK) == answer(unknown, UNKNOWN_NIK)
        assert_nothing_of_balikpapan(known)
    detail = samarinda_officer.get(
        f"/portal/koperasi/{samarinda_cooperative.pk}/program/{members.pk}/"
    )
    assert SUPPLIED_NAME in detail.content.decode()
    assert_nothing_of_balikpapan(detail)
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_a_certificate_keeps_the_name_its_scope_recorded(
    balikpapan_person, samarinda_api, samarinda_cooperative, client, staff_user
):
    balikpapan_cooperative = CooperativeRole.objects.get(
        person=balikpapan_person
    ).cooperative
    EnrolmentFactory(
        program=ProgramFactory(audience=Program.Audience.MEMBERS),
        cooperative=balikpapan_cooperative,
        person=balikpapan_person,
        status=Enrolment.Status.COMPLETED,
        certificate_number="001/DIKLAT/2026",
        certificate_code="kode-verifikasi-uji",
    )
    samarinda_api.post(
        ENROLMENTS,
        nomination_body(
            ProgramFactory(audience=Program.Audience.MEMBERS),
            KNOWN_NIK,
            samarinda_cooperative,
        ),
        format="json",
    )
    item = PersonReconciliation.objects.get()
    reconciliation_resolve(reconciliation_id=item.pk, accept=True, by=staff_user)

    page = client.get("/certificates/kode-verifikasi-uji/")

    assert page.status_code == 200
    assert BALIKPAPAN_NAME in page.content.decode()
    assert SUPPLIED_NAME not in page.content.decode()


# --- The admin: staff see every record and decide ----------------------------------


def test_staff_see_every_record_and_resolve_in_the_admin(
    balikpapan_person, samarinda_api, staff_client
):
    samarinda_api.post(ENTERPRISES, enterprise_body(KNOWN_NIK), format="json")
    item = PersonReconciliation.objects.get()

    person_page = staff_client.get(
        f"/admin/cooperatives/person/{balikpapan_person.pk}/change/"
    )
    queue = staff_client.get("/admin/cooperatives/personreconciliation/")
    decided = staff_client.post(
        "/admin/cooperatives/personreconciliation/",
        {"action": "accept_supplied_names", "_selected_action": [item.pk]},
    )

    assert person_page.status_code == queue.status_code == 200
    assert SUPPLIED_NAME in person_page.content.decode()  # Samarinda's record
    assert BALIKPAPAN_NAME in person_page.content.decode()  # the identity's
    assert SUPPLIED_NAME in queue.content.decode()
    assert decided.status_code == 302
    balikpapan_person.refresh_from_db()
    assert balikpapan_person.name == SUPPLIED_NAME


# --- Nominations: another scope's enrolment is invisible ----------------------------


def balikpapan_nominated(program, person) -> Enrolment:
    """Balikpapan's cooperative nominated this person to the program."""
    return EnrolmentFactory(
        program=program,
        person=person,
        cooperative=CooperativeFactory(district=district("64.71")),
        participant_name=BALIKPAPAN_NAME,
    )


def twin_programs(quota: int) -> tuple[Program, Program]:
    """Two programs alike, each with one seat taken by a Balikpapan nomination:
    of the known person in the first, of somebody else in the second."""
    known, unknown = (
        ProgramFactory(audience=Program.Audience.MEMBERS, quota=quota) for _ in range(2)
    )
    return known, unknown


@pytest.mark.parametrize("quota", [1, 30])  # waitlisted, confirmed
def test_api_nomination_of_a_nik_another_scope_nominated_answers_like_an_unknown_one(
    balikpapan_person, samarinda_api, samarinda_cooperative, balikpapan_api, quota
):
    known_program, unknown_program = twin_programs(quota)
    theirs = balikpapan_nominated(known_program, balikpapan_person)
    balikpapan_nominated(unknown_program, PersonFactory())

    known = samarinda_api.post(
        ENROLMENTS,
        nomination_body(known_program, KNOWN_NIK, samarinda_cooperative),
        format="json",
    )
    unknown = samarinda_api.post(
        ENROLMENTS,
        nomination_body(unknown_program, UNKNOWN_NIK, samarinda_cooperative),
        format="json",
    )

    assert known.status_code == unknown.status_code == 201
    strip = VOLATILE | {"program"}
    assert {k: v for k, v in known.json().items() if k not in strip} == {
        k: v for k, v in unknown.json().items() if k not in strip
    }
    assert known.json()["status"] == ("waitlisted" if quota == 1 else "confirmed")
    assert_nothing_of_balikpapan(known)
    assert_nothing_of_balikpapan(samarinda_api.get(ENROLMENTS))
    # Balikpapan's nomination is left as it was, and Balikpapan sees only its own.
    theirs.refresh_from_db()
    assert (theirs.status, theirs.participant_name) == ("confirmed", BALIKPAPAN_NAME)
    listed = balikpapan_api.get(ENROLMENTS, {"program": known_program.pk}).json()
    assert [row["id"] for row in listed["results"]] == [theirs.pk]
    assert_balikpapan_unchanged(balikpapan_person, balikpapan_api)


def test_a_scope_is_refused_its_own_second_nomination_alike_for_any_nik(
    balikpapan_person, samarinda_api, samarinda_cooperative
):
    known_program, unknown_program = twin_programs(30)
    balikpapan_nominated(known_program, balikpapan_person)

    def twice(program, nik):
        body = nomination_body(program, nik, samarinda_cooperative)
        samarinda_api.post(ENROLMENTS, body, format="json")
        return samarinda_api.post(ENROLMENTS, body, format="json")

    known, unknown = (
        twice(known_program, KNOWN_NIK),
        twice(unknown_program, UNKNOWN_NIK),
    )

    assert known.status_code == unknown.status_code == 400
    assert known.json() == unknown.json()
    assert "sudah terdaftar" in str(known.json())


def test_portal_nomination_of_a_nik_another_scope_nominated_answers_alike(
    balikpapan_person, samarinda_officer, samarinda_cooperative
):
    known_program, unknown_program = twin_programs(30)
    balikpapan_nominated(known_program, balikpapan_person)
    balikpapan_nominated(unknown_program, PersonFactory())

    def nominate(program, nik):
        return samarinda_officer.post(
            f"/portal/koperasi/{samarinda_cooperative.pk}/program/{program.pk}/usulkan/",
            {"who": "new", "nik": nik, "name": SUPPLIED_NAME, "sex": "male"},
        )

    known = nominate(known_program, KNOWN_NIK)
    unknown = nominate(unknown_program, UNKNOWN_NIK)

    def told(response, program):
        return [
            str(m).replace(program.title, "PROGRAM")
            for m in get_messages(response.wsgi_request)
        ]

    assert known.status_code == unknown.status_code == 302
    assert known["Location"].replace(str(known_program.pk), "P") == unknown[
        "Location"
    ].replace(str(unknown_program.pk), "P")
    assert told(known, known_program) == told(unknown, unknown_program)
    assert "terdaftar sebagai peserta" in told(known, known_program)[0]
    mine = Enrolment.objects.get(
        program=known_program, cooperative=samarinda_cooperative
    )
    assert (mine.person, mine.participant_name) == (balikpapan_person, SUPPLIED_NAME)


def test_staff_still_see_and_refuse_a_second_nomination_of_one_person(
    balikpapan_person, samarinda_api, samarinda_cooperative, staff_client
):
    program = ProgramFactory(audience=Program.Audience.MEMBERS)
    balikpapan_nominated(program, balikpapan_person)
    samarinda_api.post(
        ENROLMENTS,
        nomination_body(program, KNOWN_NIK, samarinda_cooperative),
        format="json",
    )

    refused = staff_client.post(
        "/admin/programs/enrolment/add/",
        {
            "program": program.pk,
            "person": balikpapan_person.pk,
            "cooperative": samarinda_cooperative.pk,
        },
    )
    doubles = staff_client.get("/admin/programs/enrolment/", {"ganda": "ya"})

    assert refused.status_code == 200
    assert "sudah terdaftar di program ini" in refused.content.decode()
    assert Enrolment.objects.filter(program=program).count() == 2
    assert doubles.context["cl"].result_count == 2


# --- The enrolment API answers the scope's own record (sex included) ---------------


@pytest.mark.parametrize("sex", [None, "female"])
def test_enrolment_api_answers_the_sex_the_scope_recorded(
    balikpapan_person, samarinda_api, samarinda_cooperative, sex
):
    # Balikpapan recorded a sex the NIK does not carry (a born-on-the-12th man's
    # NIK): what Samarinda sees must not depend on it.
    Person.objects.filter(pk=balikpapan_person.pk).update(sex="female")
    program = ProgramFactory(audience=Program.Audience.MEMBERS)

    def nominate(nik):
        body = nomination_body(program, nik, samarinda_cooperative)
        if sex:
            body["person"]["sex"] = sex
        return samarinda_api.post(ENROLMENTS, body, format="json").json()

    known, unknown = nominate(KNOWN_NIK), nominate(UNKNOWN_NIK)

    assert known["person"] == unknown["person"]
    assert known["person"]["sex"] == (sex or "male")
    listed = samarinda_api.get(ENROLMENTS).json()["results"]
    assert {row["person"]["sex"] for row in listed} == {sex or "male"}
    mine = Enrolment.objects.get(pk=known["id"])
    assert mine.participant_sex == (sex or "male")


# --- The portal's person edit: the cooperative's own nominations follow -----------


def test_an_officers_correction_reaches_its_own_uncertified_nominations_only(
    balikpapan_person, samarinda_officer, samarinda_cooperative, client, samarinda_api
):
    samarinda_officer.post(
        people_url(samarinda_cooperative, "tambah/"), person_form(KNOWN_NIK)
    )
    role = CooperativeRole.objects.get(cooperative=samarinda_cooperative, role="member")
    open_program = ProgramFactory(audience=Program.Audience.MEMBERS)
    theirs = balikpapan_nominated(open_program, balikpapan_person)
    samarinda_officer.post(
        f"/portal/koperasi/{samarinda_cooperative.pk}/program/{open_program.pk}/usulkan/",
        {"who": "existing", "person": balikpapan_person.pk},
    )
    pending = Enrolment.objects.get(cooperative=samarinda_cooperative)
    certified = EnrolmentFactory(
        program=ProgramFactory(audience=Program.Audience.MEMBERS),
        cooperative=samarinda_cooperative,
        person=balikpapan_person,
        participant_name=SUPPLIED_NAME,
        status=Enrolment.Status.COMPLETED,
        certificate_number="002/DIKLAT/2026",
        certificate_code="kode-samarinda-uji",
    )
    assert pending.participant_name == SUPPLIED_NAME

    response = samarinda_officer.post(
        people_url(samarinda_cooperative, f"{role.pk}/ubah/"),
        {
            "name": "Budi Santoso",
            "phone": "081111111111",
            "email": "budi.s@example.id",
            "position": "",
            "starts_on": "2026-01-05",
        },
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (
        pending.participant_name,
        pending.participant_phone,
        pending.participant_email,
    ) == ("Budi Santoso", "+6281111111111", "budi.s@example.id")
    listed = samarinda_api.get(ENROLMENTS, {"program": open_program.pk}).json()
    assert [row["person"]["name"] for row in listed["results"]] == ["Budi Santoso"]
    # An issued certificate keeps the name it was issued with.
    certified.refresh_from_db()
    assert certified.participant_name == SUPPLIED_NAME
    page = client.get("/certificates/kode-samarinda-uji/")
    assert SUPPLIED_NAME in page.content.decode()
    # Balikpapan's nomination of the same person is untouched.
    theirs.refresh_from_db()
    assert theirs.participant_name == BALIKPAPAN_NAME


def test_a_new_role_with_a_new_record_reaches_the_nominations_too(
    balikpapan_person, samarinda_officer, samarinda_cooperative
):
    samarinda_officer.post(
        people_url(samarinda_cooperative, "tambah/"), person_form(KNOWN_NIK)
    )
    program = ProgramFactory(audience=Program.Audience.MEMBERS)
    samarinda_officer.post(
        f"/portal/koperasi/{samarinda_cooperative.pk}/program/{program.pk}/usulkan/",
        {"who": "existing", "person": balikpapan_person.pk},
    )
    theirs = balikpapan_nominated(
        ProgramFactory(audience=Program.Audience.MEMBERS), balikpapan_person
    )

    samarinda_officer.post(
        people_url(samarinda_cooperative, "tambah/"),
        person_form(KNOWN_NIK, name="Budi Pengurus", role="employee"),
    )
    samarinda_officer.post(
        people_url(samarinda_cooperative, "impor/"),
        {"file": members_csv(f"{UNKNOWN_NIK};Warga Baru;L;;;")},
    )

    mine = Enrolment.objects.get(cooperative=samarinda_cooperative)
    assert mine.participant_name == "Budi Pengurus"
    theirs.refresh_from_db()
    assert theirs.participant_name == BALIKPAPAN_NAME


# --- Financing: the training rule answers an officer from its own nominations ------


def financing_applicant(nik: str):
    """A Samarinda cooperative whose officer typed `nik` in as a supervisor, and
    a draft application to a scheme that asks for training its officers took."""
    cooperative = CooperativeFactory(
        district=district("64.72"),
        last_rat_on=datetime.date(timezone.localdate().year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )
    officer = officer_of(cooperative)
    client = Client()
    client.force_login(officer)
    client.post(
        people_url(cooperative, "tambah/"),
        person_form(nik, role="supervisor"),
    )
    application = financing_services.application_create(
        data={
            "scheme": SchemeFactory(required_training_kind="diklat_perkoperasian"),
            "cooperative": cooperative,
            "amount": "10000000",
            "tenor_months": 12,
            "purpose": "working_capital",
        },
        by=officer,
    )
    return cooperative, officer, application


def test_financing_submission_answers_a_nik_trained_elsewhere_like_an_unknown_one(
    balikpapan_person, staff_user
):
    # Balikpapan's cooperative sent the person to a training they completed.
    theirs = balikpapan_nominated(
        ProgramFactory(audience=Program.Audience.MEMBERS), balikpapan_person
    )
    Enrolment.objects.filter(pk=theirs.pk).update(status=Enrolment.Status.COMPLETED)
    submitted = {}
    for nik in (KNOWN_NIK, UNKNOWN_NIK):
        _cooperative, officer, application = financing_applicant(nik)
        submitted[nik] = financing_services.application_submit(
            application_id=application.pk, by=officer
        )

    known, unknown = submitted[KNOWN_NIK], submitted[UNKNOWN_NIK]
    assert (known.status, known.eligibility) == (unknown.status, unknown.eligibility)
    training = next(f for f in known.eligibility if f["rule"] == "training")
    assert training["passed"] is None
    # Province staff decide on the province's whole history: the training counts.
    financing_services.application_assign_reviewer(
        application_id=known.pk, reviewer=staff_user, by=staff_user
    )
    approved = financing_services.application_approve(
        application_id=known.pk, by=staff_user
    )
    training = next(f for f in approved.eligibility if f["rule"] == "training")
    assert training["passed"] is True


def test_financing_submission_counts_the_cooperatives_own_nominations(
    balikpapan_person,
):
    cooperative, officer, application = financing_applicant(KNOWN_NIK)
    EnrolmentFactory(
        program=ProgramFactory(audience=Program.Audience.MEMBERS),
        cooperative=cooperative,
        person=balikpapan_person,
        status=Enrolment.Status.COMPLETED,
    )

    submitted = financing_services.application_submit(
        application_id=application.pk, by=officer
    )

    training = next(f for f in submitted.eligibility if f["rule"] == "training")
    assert training["passed"] is True


# --- The admin: people's data is agency staff's alone ------------------------------


@pytest.mark.parametrize(
    ("model", "path"),
    [
        ("person", "/admin/cooperatives/person/"),
        ("person", "/admin/cooperatives/person/{person}/change/"),
        ("cooperativerole", "/admin/cooperatives/cooperativerole/"),
        ("enterprise", "/admin/cooperatives/enterprise/"),
        ("enterprise", "/admin/cooperatives/enterprise/import/"),
        ("personreconciliation", "/admin/cooperatives/personreconciliation/"),
        ("enrolment", "/admin/programs/enrolment/"),
        ("enrolment", "/admin/programs/enrolment/add/"),
    ],
)
def test_a_district_user_with_an_admin_login_reaches_no_ones_data(
    balikpapan_person, client, model, path
):
    from django.contrib.auth.models import Permission

    district_admin = DistrictUserFactory(is_staff=True, district=district("64.72"))
    district_admin.user_permissions.add(
        *Permission.objects.filter(codename__endswith=f"_{model}")
    )
    client.force_login(district_admin)

    response = client.get(path.format(person=balikpapan_person.pk))
    index = client.get("/admin/")

    assert response.status_code == 403
    assert_nothing_of_balikpapan(response)
    assert (
        f"/admin/{'programs' if model == 'enrolment' else 'cooperatives'}/{model}/"
        not in index.content.decode()
    )
    posted = client.post("/admin/cooperatives/person/cari-nik/", {"nik": KNOWN_NIK})
    assert posted.status_code == 403
