"""Programs and enrolments API per role: scope, nominations in and out of scope,
bad input, idempotency, cancellation, filters and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cooperatives.models import Person
from programs import services
from programs.models import Enrolment, Program
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
)

from .factories import EnrolmentFactory, ProgramFactory, days, officer_person

pytestmark = pytest.mark.django_db

PROGRAMS = "/api/v1/programs/"
ENROLMENTS = "/api/v1/enrolments/"


@pytest.fixture
def programs():
    return {
        "province": ProgramFactory(district=None, kind=Program.Kind.TRAINING),
        "samarinda": ProgramFactory(
            district=district("64.72"), kind=Program.Kind.TECHNICAL_GUIDANCE
        ),
        "balikpapan": ProgramFactory(district=district("64.71")),
        "draft": ProgramFactory(status=Program.Status.DRAFT),
    }


@pytest.fixture
def samarinda_cooperative():
    return CooperativeFactory(district=district("64.72"))


def nomination(program, cooperative, person=None, **person_fields):
    person = person or officer_person(cooperative)
    return {
        "program": program.pk,
        "cooperative": cooperative.pk,
        "person": {"nik": person.nik, "name": person.name, **person_fields},
    }


# --- Programs --------------------------------------------------------------------


def test_program_list_needs_a_token(programs):
    assert APIClient().get(PROGRAMS).status_code == 401


def test_district_sees_its_programs_and_the_province_wide_ones(programs, samarinda_api):
    rows = samarinda_api.get(PROGRAMS).json()["results"]

    assert {r["id"] for r in rows} == {
        programs["province"].pk,
        programs["samarinda"].pk,
    }


def test_staff_sees_every_program_including_drafts(programs, staff_api):
    assert staff_api.get(PROGRAMS).json()["count"] == 4


def test_program_detail_out_of_scope_is_404(programs, samarinda_api):
    assert (
        samarinda_api.get(f"{PROGRAMS}{programs['samarinda'].pk}/").status_code == 200
    )
    assert (
        samarinda_api.get(f"{PROGRAMS}{programs['balikpapan'].pk}/").status_code == 404
    )
    assert samarinda_api.get(f"{PROGRAMS}{programs['draft'].pk}/").status_code == 404


def test_program_fields_and_seats_left(programs, samarinda_api):
    program = programs["samarinda"]
    EnrolmentFactory.create_batch(2, program=program)
    EnrolmentFactory(program=program, status="waitlisted")

    data = samarinda_api.get(f"{PROGRAMS}{program.pk}/").json()

    assert {
        "id": program.pk,
        "code": program.code,
        "kind": "technical_guidance",
        "district": "64.72",
        "quota": 30,
        "seats_left": 28,
        "status": "published",
        "year": program.year,
        "starts_on": program.starts_on.isoformat(),
    }.items() <= data.items()
    assert data["title"] == program.title
    assert data["ends_on"] == program.ends_on.isoformat()


def test_program_filters(programs, staff_api):
    def ids(query):
        return {r["id"] for r in staff_api.get(f"{PROGRAMS}?{query}").json()["results"]}

    assert ids("kind=technical_guidance") == {programs["samarinda"].pk}
    assert ids("district=64.71") == {programs["balikpapan"].pk}
    assert ids("status=draft") == {programs["draft"].pk}
    assert len(ids(f"year={programs['draft'].year}")) == 4
    assert ids("year=2001") == set()
    for bad in ("kind=seminar", "district=99.99", "status=open", "year=abc"):
        assert staff_api.get(f"{PROGRAMS}?{bad}").status_code == 400, bad


# --- Enrolments: nominate ------------------------------------------------------


def test_district_nominates_a_known_officer(
    programs, samarinda_api, samarinda_cooperative
):
    person = officer_person(samarinda_cooperative)
    body = nomination(programs["samarinda"], samarinda_cooperative, person)

    response = samarinda_api.post(ENROLMENTS, body, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "confirmed"
    assert data["person"] == {
        "nik": person.masked_nik,
        "name": person.name,
        "sex": person.sex,
    }
    assert data["district"] == "64.72"
    assert data["certificate_code"] is None
    assert person.nik not in response.content.decode()


def test_district_nominates_a_new_member_by_nik(samarinda_api, samarinda_cooperative):
    program = ProgramFactory(audience=Program.Audience.MEMBERS)
    body = {
        "program": program.pk,
        "cooperative": samarinda_cooperative.pk,
        "person": {
            "nik": "6472034108920003",
            "name": "Siti Aminah",
            "sex": "female",
            "phone": "0813 5000 1234",
            "email": "siti@example.id",
        },
    }

    response = samarinda_api.post(ENROLMENTS, body, format="json")

    assert response.status_code == 201, response.json()
    person = Person.objects.get_by_nik("6472034108920003")
    assert person.name == "Siti Aminah"
    assert person.phone == "+6281350001234"
    assert response.json()["person"]["nik"] == "6472********0003"


def test_district_nominates_an_sme_owner_of_its_district_without_a_cooperative(
    samarinda_api,
):
    program = ProgramFactory(audience=Program.Audience.SMES)
    mine = EnterpriseFactory(district=district("64.72")).owner
    theirs = EnterpriseFactory(district=district("64.71")).owner

    def nominate(owner):
        return samarinda_api.post(
            ENROLMENTS,
            {"program": program.pk, "person": {"nik": owner.nik, "name": owner.name}},
            format="json",
        )

    accepted, refused = nominate(mine), nominate(theirs)

    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["cooperative"] is None
    assert accepted.json()["district"] == "64.72"
    assert refused.status_code == 400
    assert "pemilik usaha" in refused.json()["person"][0]
    assert [r["id"] for r in samarinda_api.get(ENROLMENTS).json()["results"]] == [
        accepted.json()["id"]
    ]


def test_nominating_for_another_districts_cooperative_is_400(programs, samarinda_api):
    balikpapan = CooperativeFactory(district=district("64.71"))

    response = samarinda_api.post(
        ENROLMENTS, nomination(programs["province"], balikpapan), format="json"
    )

    assert response.status_code == 400
    assert "cooperative" in response.json()
    assert not Enrolment.objects.exists()


def test_nominating_to_another_districts_program_is_400(
    programs, samarinda_api, samarinda_cooperative
):
    response = samarinda_api.post(
        ENROLMENTS,
        nomination(programs["balikpapan"], samarinda_cooperative),
        format="json",
    )

    assert response.status_code == 400
    assert "program" in response.json()


def test_nominations_beyond_the_quota_are_waitlisted(
    samarinda_api, samarinda_cooperative
):
    program = ProgramFactory(quota=1)

    first = samarinda_api.post(
        ENROLMENTS, nomination(program, samarinda_cooperative), format="json"
    )
    second = samarinda_api.post(
        ENROLMENTS, nomination(program, samarinda_cooperative), format="json"
    )

    assert first.json()["status"] == "confirmed"
    assert first.json()["waitlist_position"] is None
    assert second.json()["status"] == "waitlisted"
    assert second.json()["waitlist_position"] == 1


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("window", "program"),
        ("audience", "person"),
        ("duplicate", "person"),
    ],
)
def test_refused_nominations_are_400_with_the_reason(
    samarinda_api, samarinda_cooperative, case, field
):
    program = (
        ProgramFactory(registration_opens=days(-9), registration_closes=days(-1))
        if case == "window"
        else ProgramFactory()
    )
    person = (
        PersonFactory() if case == "audience" else officer_person(samarinda_cooperative)
    )
    body = nomination(program, samarinda_cooperative, person)
    if case == "duplicate":
        samarinda_api.post(ENROLMENTS, body, format="json")

    response = samarinda_api.post(ENROLMENTS, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert isinstance(response.json()[field][0], str)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"program": 999999}, "program"),
        ({"program": "satu"}, "program"),
        ({"cooperative": "x"}, "cooperative"),
        ({"cooperative": 999999}, "cooperative"),
        ({"person": None}, "person"),
        ({"person": "6472031205800001"}, "person"),
        ({"person": {"nik": "123", "name": "A"}}, "person"),
        ({"person": {"nik": "6472031399800001", "name": "A"}}, "person"),
        ({"person": {"nik": "6472031205800001"}}, "person"),
        ({"person": {"nik": "6472031205800001", "name": "A", "sex": "x"}}, "person"),
        (
            {"person": {"nik": "6472031205800001", "name": "A", "email": "bukan"}},
            "person",
        ),
        (
            {"person": {"nik": "6472031205800001", "name": "A", "phone": "12"}},
            "person",
        ),
        ({"person": {"nik": "6472031205800001", "name": "A" * 151}}, "person"),
    ],
)
def test_bad_input_is_400_naming_the_field(
    programs, samarinda_api, samarinda_cooperative, change, field
):
    body = {**nomination(programs["province"], samarinda_cooperative), **change}

    response = samarinda_api.post(ENROLMENTS, body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_nominate_retried_with_an_idempotency_key_creates_one(
    programs, samarinda_api, samarinda_cooperative
):
    body = nomination(programs["province"], samarinda_cooperative)
    headers = {"Idempotency-Key": "nominasi-42"}

    first = samarinda_api.post(ENROLMENTS, body, format="json", headers=headers)
    retry = samarinda_api.post(ENROLMENTS, body, format="json", headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Enrolment.objects.count() == 1


def test_enrolments_cannot_be_patched(programs, samarinda_api, samarinda_cooperative):
    enrolment = EnrolmentFactory(cooperative=samarinda_cooperative)

    response = samarinda_api.patch(
        f"{ENROLMENTS}{enrolment.pk}/", {"status": "completed"}, format="json"
    )

    assert response.status_code == 405


# --- Enrolments: read and cancel ------------------------------------------------


def test_enrolments_are_scoped_to_the_cooperatives_district(
    samarinda_api, balikpapan_api, samarinda_cooperative
):
    mine = EnrolmentFactory(cooperative=samarinda_cooperative)
    theirs = EnrolmentFactory(
        cooperative=CooperativeFactory(district=district("64.71"))
    )

    listed = samarinda_api.get(ENROLMENTS).json()["results"]

    assert [r["id"] for r in listed] == [mine.pk]
    assert samarinda_api.get(f"{ENROLMENTS}{theirs.pk}/").status_code == 404
    assert balikpapan_api.get(f"{ENROLMENTS}{mine.pk}/").status_code == 404


def test_enrolment_filters(staff_api):
    program = ProgramFactory()
    a = EnrolmentFactory(program=program)
    EnrolmentFactory(program=program, status="waitlisted")
    EnrolmentFactory()

    def ids(query):
        return {
            r["id"] for r in staff_api.get(f"{ENROLMENTS}?{query}").json()["results"]
        }

    assert len(ids(f"program={program.pk}")) == 2
    assert ids(f"cooperative={a.cooperative_id}") == {a.pk}
    assert len(ids("status=waitlisted")) == 1
    for bad in ("status=done", "program=abc", "cooperative=-1"):
        assert staff_api.get(f"{ENROLMENTS}?{bad}").status_code == 400, bad


def test_cancel_moves_the_waitlist_up(samarinda_api, samarinda_cooperative):
    program = ProgramFactory(quota=1)
    seated = EnrolmentFactory(program=program, cooperative=samarinda_cooperative)
    waiting = EnrolmentFactory(
        program=program, cooperative=samarinda_cooperative, status="waitlisted"
    )

    response = samarinda_api.post(
        f"{ENROLMENTS}{seated.pk}/cancel/", {"reason": "Bertugas"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert samarinda_api.get(f"{ENROLMENTS}{waiting.pk}/").json()["status"] == (
        "confirmed"
    )


def test_cancel_twice_is_400_and_out_of_scope_is_404(samarinda_api, balikpapan_api):
    enrolment = EnrolmentFactory(
        cooperative=CooperativeFactory(district=district("64.72"))
    )
    url = f"{ENROLMENTS}{enrolment.pk}/cancel/"

    assert balikpapan_api.post(url, {}, format="json").status_code == 404
    assert samarinda_api.post(url, {}, format="json").status_code == 200
    again = samarinda_api.post(url, {}, format="json")
    assert again.status_code == 400
    assert "non_field_errors" in again.json()


def test_cancel_with_an_idempotency_key_replays(samarinda_api):
    enrolment = EnrolmentFactory(
        cooperative=CooperativeFactory(district=district("64.72"))
    )
    url = f"{ENROLMENTS}{enrolment.pk}/cancel/"
    headers = {"Idempotency-Key": "batal-1"}

    first = samarinda_api.post(url, {}, format="json", headers=headers)
    retry = samarinda_api.post(url, {}, format="json", headers=headers)

    assert first.status_code == retry.status_code == 200
    assert retry["Idempotent-Replayed"] == "true"


def test_certificate_code_once_completed(staff_api):
    enrolment = EnrolmentFactory(
        status="completed",
        certificate_number="001/DIKLAT-2026-001/UPTD-PKUKM/XI/2026",
        certificate_code="kode-verifikasi-rahasia-123",
    )

    data = staff_api.get(f"{ENROLMENTS}{enrolment.pk}/").json()

    assert data["certificate_code"] == "kode-verifikasi-rahasia-123"
    assert data["certificate_url"].endswith(
        "/certificates/kode-verifikasi-rahasia-123/"
    )


# --- Query counts ----------------------------------------------------------------


def _programs_with_seats(n):
    for _ in range(n):
        EnrolmentFactory(program=ProgramFactory(quota=3))


def _enrolments(n):
    program = ProgramFactory(quota=n + 300)
    for i in range(n):
        EnrolmentFactory(program=program, status="waitlisted" if i % 3 else "confirmed")


@pytest.mark.parametrize(
    ("url", "make"), [(PROGRAMS, _programs_with_seats), (ENROLMENTS, _enrolments)]
)
def test_list_query_count_is_constant_in_rows(staff_api, url, make):
    make(10)
    staff_api.get(url)  # the token's first use also records last_used_at
    with CaptureQueriesContext(connection) as few:
        assert staff_api.get(url + "?page_size=500").status_code == 200
    make(190)

    with CaptureQueriesContext(connection) as many:
        response = staff_api.get(url + "?page_size=500")

    assert response.json()["count"] >= 200
    assert len(many) == len(few)


def test_waitlist_positions_follow_nomination_order(staff_api):
    program = ProgramFactory(quota=1)
    cooperative = CooperativeFactory()
    for _ in range(4):
        services.enrolment_nominate(
            program_id=program.pk,
            person_id=officer_person(cooperative).pk,
            cooperative_id=cooperative.pk,
            by=None,
        )

    rows = staff_api.get(f"{ENROLMENTS}?program={program.pk}&ordering=id").json()[
        "results"
    ]

    assert [r["waitlist_position"] for r in rows] == [None, 1, 2, 3]
