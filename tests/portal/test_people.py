import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import CooperativeRole, Person
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    PersonFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return CooperativeFactory()


@pytest.fixture
def officer_client(client, cooperative):
    client.force_login(officer_of(cooperative))
    return client


def _url(cooperative, path=""):
    return f"/portal/koperasi/{cooperative.pk}/orang/{path}"


NEW_MEMBER = {
    "nik": "6472035506900002",
    "name": "Siti Aminah",
    "sex": "female",
    "phone": "0812 3456 7890",
    "email": "siti@example.id",
    "role": "member",
    "position": "",
    "starts_on": "2026-01-05",
}


def test_officer_adds_a_member(officer_client, cooperative):
    response = officer_client.post(_url(cooperative, "tambah/"), NEW_MEMBER)

    assert response.status_code == 302
    person = Person.objects.get_by_nik("6472035506900002")
    assert person.phone == "+6281234567890"
    assert CooperativeRole.objects.filter(
        cooperative=cooperative, person=person, role="member"
    ).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "12345", "Masukkan NIK 16 digit"),
        ("nik", "6472031399900002", "tanggal lahir"),
        ("phone", "12", "nomor telepon Indonesia"),
        ("starts_on", "besok", "Masukkan tanggal"),
    ],
)
def test_add_refuses_bad_input_and_keeps_what_was_typed(
    officer_client, cooperative, field, value, message
):
    response = officer_client.post(
        _url(cooperative, "tambah/"), {**NEW_MEMBER, field: value}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="Siti Aminah"' in body


def test_same_person_twice_in_the_same_role_is_refused(officer_client, cooperative):
    officer_client.post(_url(cooperative, "tambah/"), NEW_MEMBER)

    response = officer_client.post(_url(cooperative, "tambah/"), NEW_MEMBER)

    assert "sudah memegang peran" in response.content.decode()


def test_list_shows_masked_nik_and_searches_by_name(officer_client, cooperative):
    CooperativeRoleFactory(
        cooperative=cooperative,
        person=PersonFactory(name="Budi Santoso", nik="6472031205800777"),
        role="member",
    )
    CooperativeRoleFactory(
        cooperative=cooperative, person=PersonFactory(name="Ani Lestari"), role="member"
    )

    body = officer_client.get(_url(cooperative) + "?q=budi").content.decode()

    assert "Budi Santoso" in body
    assert "Ani Lestari" not in body
    assert "6472********0777" in body
    assert "6472031205800777" not in body


def test_edit_and_end_a_term(officer_client, cooperative):
    role = CooperativeRoleFactory(
        cooperative=cooperative, role="supervisor", starts_on=datetime.date(2024, 1, 1)
    )

    officer_client.post(
        _url(cooperative, f"{role.pk}/ubah/"),
        {
            "name": "Nama Baru",
            "phone": "081111111111",
            "email": "",
            "position": "",
            "starts_on": "2024-01-01",
        },
    )
    too_early = officer_client.post(
        _url(cooperative, f"{role.pk}/akhiri/"), {"ends_on": "2023-01-01"}
    )
    ended = officer_client.post(
        _url(cooperative, f"{role.pk}/akhiri/"), {"ends_on": "2026-06-30"}
    )

    identity_name = role.person.name
    role.refresh_from_db()
    role.person.refresh_from_db()
    # The cooperative's record changes; the identity is the staff's to change.
    assert (role.person_name, role.person_phone) == ("Nama Baru", "+6281111111111")
    assert role.person.name == identity_name
    assert "tidak boleh sebelum" in too_early.content.decode()
    assert ended.status_code == 302
    assert role.ends_on == datetime.date(2026, 6, 30)


def test_another_cooperatives_person_answers_404(officer_client, cooperative):
    foreign = CooperativeRoleFactory()

    assert (
        officer_client.get(_url(cooperative, f"{foreign.pk}/ubah/")).status_code == 404
    )
    assert officer_client.get(_url(foreign.cooperative, "")).status_code == 404


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "anggota.csv", text.encode("utf-8"), content_type="text/csv"
    )


def test_csv_import_adds_members(officer_client, cooperative):
    csv_text = (
        "nik;nama;jenis_kelamin;no_hp;surel;mulai\n"
        "6472031205800101;Andi;L;081200000001;;01-01-2026\n"
        "6472035205800102;Rina;P;;rina@example.id;\n"
    )

    response = officer_client.post(
        _url(cooperative, "impor/"), {"file": _csv(csv_text)}
    )

    assert response.status_code == 302
    assert (
        CooperativeRole.objects.filter(cooperative=cooperative, role="member").count()
        == 2
    )


def test_csv_import_with_a_bad_row_adds_nobody_and_names_the_row(
    officer_client, cooperative
):
    csv_text = (
        "nik,nama,jenis_kelamin\n"
        "6472031205800101,Andi,L\n"
        "12345,Rina,P\n"
        "6472035205800103,,X\n"
    )

    response = officer_client.post(
        _url(cooperative, "impor/"), {"file": _csv(csv_text)}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        CooperativeRole.objects.filter(cooperative=cooperative, role="member").count()
        == 0
    )
    assert '<td data-label="Baris">3</td><td data-label="Kolom">nik</td>' in body
    assert '<td data-label="Baris">4</td><td data-label="Kolom">nama</td>' in body
    assert (
        '<td data-label="Baris">4</td><td data-label="Kolom">jenis_kelamin</td>' in body
    )


def test_csv_import_refuses_a_file_that_is_not_csv(officer_client, cooperative):
    upload = SimpleUploadedFile("a.csv", b"\xff\xfe\x00binary", content_type="text/csv")

    response = officer_client.post(_url(cooperative, "impor/"), {"file": upload})

    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()


def test_people_list_query_count_is_constant(officer_client, cooperative):
    url = _url(cooperative)
    officer_client.get(url)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for _ in range(20):
        CooperativeRoleFactory(cooperative=cooperative, role="member")

    with CaptureQueriesContext(connection) as many:
        officer_client.get(url)

    assert len(many) == len(few)
