"""A person's NIK at rest, in lookups, logs, URLs, error messages and exports
(issue 9, item 6). Each test fails when the protection it checks is removed."""

import csv
import hashlib
import io
import logging
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from cooperatives.models import Enterprise, Person
from cooperatives.nik_crypto import (
    NikDecryptionError,
    decrypt_nik,
    encrypt_nik,
    generate_key,
    hash_nik,
    nik_hasher,
)
from core.logging import MaskNikFilter
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db

NIK = "6472034508900017"  # Samarinda Ulu, a woman born 05-08-1990
MASKED = "6472********0017"


def _raw_rows(table: str, where: str, params) -> list[tuple[str, bytes]]:
    """Each row as JSON text, plus its ciphertext bytes: what a copy of the
    database shows without the keys."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_to_json(t)::text, t.nik_encrypted FROM {table} t "  # noqa: S608
            f"WHERE {where}",
            params,
        )
        return [(text, bytes(token)) for text, token in cursor.fetchall()]


# --- At rest ------------------------------------------------------------------------


def test_the_tables_hold_no_nik_in_clear():
    person = PersonFactory(nik=NIK)
    person.name = "Nama Baru"
    person.save()  # a second historical row

    rows = _raw_rows("cooperatives_person", "t.id = %s", [person.pk])
    rows += _raw_rows("cooperatives_historicalperson", "t.id = %s", [person.pk])

    assert len(rows) == 3
    for text, token in rows:
        assert NIK not in text
        assert NIK.encode() not in token
        assert NIK[4:12] not in text  # not even the birth date part
    # Not a plain hash either: without the key a guessed NIK cannot be checked.
    assert person.nik_hash != hashlib.sha256(NIK.encode()).hexdigest()
    assert Person.objects.get(pk=person.pk).nik == NIK


def test_equal_niks_encrypt_differently_but_hash_the_same():
    first, second = encrypt_nik(NIK), encrypt_nik(NIK)

    assert first != second  # a fresh nonce each time: no equal-ciphertext leak
    assert decrypt_nik(first) == decrypt_nik(second) == NIK
    assert hash_nik(NIK) == hash_nik(NIK)


def test_a_wrong_key_cannot_decrypt(settings):
    token = bytes(PersonFactory(nik=NIK).nik_encrypted)
    settings.NIK_ENCRYPTION_KEYS = [generate_key()]

    with pytest.raises(NikDecryptionError):
        decrypt_nik(token)
    with pytest.raises(NikDecryptionError):
        Person.objects.get(nik_hash=hash_nik(NIK)).nik  # noqa: B018


def test_rotation_encrypts_with_the_first_key_and_decrypts_with_any(settings):
    old_key, new_key = settings.NIK_ENCRYPTION_KEYS[0], generate_key()
    old = PersonFactory(nik=NIK)
    settings.NIK_ENCRYPTION_KEYS = [new_key, old_key]

    new = PersonFactory(nik="6472031205800021")

    assert Person.objects.get(pk=old.pk).nik == NIK
    settings.NIK_ENCRYPTION_KEYS = [new_key]
    assert Person.objects.get(pk=new.pk).nik == "6472031205800021"


def test_the_hmac_key_is_needed_to_find_a_person(settings):
    PersonFactory(nik=NIK)

    assert Person.objects.get_by_nik(NIK) is not None
    settings.NIK_HMAC_KEY = generate_key()
    assert Person.objects.get_by_nik(NIK) is None


# --- Lookups and uniqueness -----------------------------------------------------------


def test_lookups_by_nik_use_the_hash():
    person = PersonFactory(nik=NIK)
    other = PersonFactory(nik="6472031205800021")

    assert Person.objects.get_by_nik(NIK) == person
    assert list(Person.objects.by_nik(NIK)) == [person]
    assert Person.objects.niks_in([NIK, "6472031205800021", "6472031205809999"]) == {
        NIK: person.pk,
        "6472031205800021": other.pk,
    }
    assert Person.objects.get_or_create_by_nik(NIK, name="Lain") == (person, False)
    assert person.nik_matches(NIK)
    assert not person.nik_matches("6472031205800021")


def test_a_duplicate_nik_is_a_validation_error_on_nik_without_the_nik():
    PersonFactory(nik=NIK)
    duplicate = Person(nik=NIK, name="Orang Lain", sex=Person.Sex.FEMALE)

    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()

    assert list(exc.value.message_dict) == ["nik"]
    assert exc.value.error_dict["nik"][0].code == "unique"
    assert NIK not in str(exc.value.messages)


def test_the_database_refuses_a_duplicate_nik_and_its_error_holds_no_nik():
    PersonFactory(nik=NIK)

    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Person.objects.create(nik=NIK, name="Orang Lain", sex=Person.Sex.FEMALE)

    assert "nik_hash" in str(exc.value)
    assert NIK not in str(exc.value)


def test_a_person_without_a_nik_is_refused():
    person = Person(name="Tanpa NIK", sex=Person.Sex.MALE)

    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "nik" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()  # blank hash: refused by the person_nik_hash_is_hmac check


@pytest.mark.parametrize(
    "stored", ["a" * 63, "", "A" * 64, "g" + "a" * 63, "a" * 63 + "\n"]
)
def test_the_hash_column_takes_64_lowercase_hex_digits_only(stored):
    person = PersonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(nik_hash=stored)
    Person.objects.filter(pk=person.pk).update(nik_hash="0f" * 32)  # an HMAC's form


# --- Logs, URLs and error messages ------------------------------------------------------


def _console_handler() -> logging.Handler:
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskNikFilter) for f in handler.filters)
    ]
    assert handlers, "the root logger's handler has no NIK mask"
    return handlers[0]


def test_log_records_are_written_with_the_nik_masked():
    handler = _console_handler()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.request").warning("Bad Request: nik=%s", NIK)
        try:
            raise ValueError(f"NIK {NIK} rusak")
        except ValueError:
            logging.getLogger("cooperatives").exception("Gagal untuk %s", NIK)
    finally:
        handler.setStream(previous)

    written = stream.getvalue()
    assert NIK not in written
    assert written.count(MASKED) == 3
    assert "Traceback" in written


def test_api_validation_errors_do_not_echo_the_nik(samarinda_api):
    bad = "6472031399800003"  # month 13
    body = {"name": "Usaha", "owner_nik": bad, "owner_name": "Budi"}
    body |= {"district": "64.72", "kbli": "10794"}

    response = samarinda_api.post("/api/v1/enterprises/", body, format="json")

    assert response.status_code == 400
    assert "owner_nik" in response.json()
    assert bad not in response.content.decode()


def test_no_url_takes_a_nik():
    """No route takes a NIK in its path (it would land in access logs and browser
    history); the admin's NIK lookup is a POST (test below)."""
    from django.urls import get_resolver

    def patterns(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                yield from patterns(entry, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    routes = list(patterns(get_resolver()))
    assert len(routes) > 50
    assert not [p for p in routes if re.search(r"<[^>]*nik[^>]*>", p, re.I)]


def test_admin_finds_a_person_by_whole_nik_by_post(staff_client):
    person = PersonFactory(nik=NIK)
    PersonFactory(nik="6472031205800021")
    url = "/admin/cooperatives/person/cari-nik/"

    found = staff_client.post(url, {"nik": NIK})
    missing = staff_client.post(url, {"nik": "6472031205809999"})
    partial = staff_client.post(url, {"nik": NIK[:8]})

    assert found.status_code == 302
    assert found["Location"] == f"/admin/cooperatives/person/{person.pk}/change/"
    assert missing["Location"] == "/admin/cooperatives/person/"
    assert partial["Location"] == "/admin/cooperatives/person/"
    assert staff_client.get(url).status_code == 405
    changelist = staff_client.get("/admin/cooperatives/person/").content.decode()
    assert 'id="nik-lookup" method="post"' in changelist or (
        'method="post" action="/admin/cooperatives/person/cari-nik/"' in changelist
    )


@pytest.mark.parametrize("changelist", ["cooperatives/person", "programs/enrolment"])
def test_admin_search_boxes_do_not_search_by_nik(staff_client, changelist):
    """The search box is a GET: a NIK typed there would sit in the URL."""
    from tests.programs.factories import EnrolmentFactory

    person = PersonFactory(nik=NIK, name="Siti")
    EnrolmentFactory(person=person)

    by_name = staff_client.get(f"/admin/{changelist}/", {"q": "Siti"})
    by_nik = staff_client.get(f"/admin/{changelist}/", {"q": NIK})

    assert len(by_name.context["cl"].result_list) == 1
    assert list(by_nik.context["cl"].result_list) == []


# --- Masked per role ------------------------------------------------------------------


@pytest.mark.parametrize("client_fixture", ["samarinda_api", "staff_api"])
def test_api_clients_see_the_owner_nik_masked(request, client_fixture):
    EnterpriseFactory(owner=PersonFactory(nik=NIK))
    api = request.getfixturevalue(client_fixture)

    response = api.get("/api/v1/enterprises/")

    assert response.status_code == 200
    assert response.json()["results"][0]["owner_nik"] == MASKED
    assert NIK not in response.content.decode()


def test_officers_see_their_members_nik_masked(client):
    cooperative = CooperativeFactory()
    member = PersonFactory(nik=NIK, name="Anggota Satu")
    from tests.factories import CooperativeRoleFactory

    CooperativeRoleFactory(person=member, cooperative=cooperative, role="member")
    client.force_login(officer_of(cooperative))

    page = client.get(f"/portal/koperasi/{cooperative.pk}/orang/").content.decode()

    assert "Anggota Satu" in page
    assert MASKED in page
    assert NIK not in page


def test_staff_see_the_whole_nik_only_on_the_persons_admin_page(staff_client):
    person = PersonFactory(nik=NIK)

    detail = staff_client.get(f"/admin/cooperatives/person/{person.pk}/change/")
    listing = staff_client.get("/admin/cooperatives/person/")

    assert NIK in detail.content.decode()
    assert NIK not in listing.content.decode()
    assert MASKED in listing.content.decode()


def test_staff_change_a_nik_in_the_admin_and_it_is_stored_encrypted(staff_client):
    person = PersonFactory(nik=NIK, name="Siti", sex=Person.Sex.FEMALE)
    data = {"nik": "6472034508900018", "name": "Siti", "sex": "female"}
    data |= {"phone": "", "email": "", "user": ""}
    # The page's read-only inlines of what each scope recorded (no rows here).
    for prefix in ("roles", "enterprises", "reconciliations"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = staff_client.post(
        f"/admin/cooperatives/person/{person.pk}/change/", data
    )
    bad = staff_client.post(
        f"/admin/cooperatives/person/{person.pk}/change/", data | {"nik": "123"}
    )

    assert response.status_code == 302
    assert Person.objects.get_by_nik("6472034508900018") == person
    assert Person.objects.get_by_nik(NIK) is None
    assert "nik" in bad.context["adminform"].form.errors


# --- Exports holding the whole NIK ------------------------------------------------------

EXPORT = "/admin/cooperatives/enterprise/export/"


def _export_csv(client):
    form = client.get(EXPORT).context["form"]
    csv_index = next(
        value for value, label in form.fields["format"].choices if label == "csv"
    )
    data = {"format": csv_index, "resource": 0}
    data |= {name: "on" for name in form.fields if name.startswith("enterprise")}
    return client.post(EXPORT, data)


def test_the_enterprise_export_is_staff_only_and_audited(staff_client, staff_user):
    EnterpriseFactory(owner=PersonFactory(nik=NIK), name="Amplang Bu Sari")
    before = LogEntry.objects.count()

    response = _export_csv(staff_client)

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["NIK pemilik"] == NIK  # staff export the NIK whole
    entry = LogEntry.objects.get(pk__gt=0, user=staff_user)
    assert LogEntry.objects.count() == before + 1
    assert entry.content_type.model_class() is Enterprise
    assert "1 baris" in entry.change_message
    assert NIK not in entry.change_message + entry.object_repr


def test_admin_users_who_are_not_agency_staff_cannot_export(client):
    from django.contrib.auth.models import Permission

    district_admin = DistrictUserFactory(is_staff=True)
    district_admin.user_permissions.add(
        *Permission.objects.filter(codename__endswith="_enterprise")
    )
    client.force_login(district_admin)
    EnterpriseFactory(owner=PersonFactory(nik=NIK))

    # People's data across the province: not even the list (docs/security.md).
    assert client.get("/admin/cooperatives/enterprise/").status_code == 403
    response = client.post(EXPORT, {"format": 0, "resource": 0})

    assert response.status_code == 403
    assert not LogEntry.objects.exists()


def test_reencrypt_moves_every_nik_to_the_first_key(settings):
    from django.core.management import call_command

    old_key, new_key = settings.NIK_ENCRYPTION_KEYS[0], generate_key()
    person = PersonFactory(nik=NIK)
    person.name = "Nama Baru"
    person.save()
    settings.NIK_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()

    call_command("reencrypt_nik", "--batch", "1", stdout=out)

    settings.NIK_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    assert Person.objects.get(pk=person.pk).nik == NIK
    assert sorted(
        decrypt_nik(h.nik_encrypted) for h in Person.history.filter(id=person.pk)
    ) == [NIK, NIK]
    assert "3 baris" in out.getvalue()
    assert Person.objects.get_by_nik(NIK) == person


def test_celery_worker_log_handlers_get_the_nik_mask():
    from celery import signals

    import kukm_portal.celery  # noqa: F401 (connects the receivers)

    stream = io.StringIO()
    logger = logging.getLogger("test-worker-nik")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        # What the worker sends once it has installed its own handlers.
        signals.after_setup_logger.send(
            sender=None,
            logger=logger,
            loglevel=logging.INFO,
            logfile=None,
            format="%(message)s",
            colorize=False,
        )
        logger.warning("Tugas untuk %s", NIK)
    finally:
        logger.removeHandler(handler)

    assert MASKED in stream.getvalue()
    assert NIK not in stream.getvalue()


def test_the_imports_hasher_gives_the_hash_of_hash_nik():
    hasher = nik_hasher()
    niks = [f"6472{n:012d}" for n in range(0, 10**12, 10**12 // 997)]

    assert [hasher(nik) for nik in niks] == [hash_nik(nik) for nik in niks]
    assert len({hasher(nik) for nik in niks}) == len(niks)
