"""The migrations that encrypt a person's NIK convert rows that exist, and turn
them back to plaintext when reverted."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperatives.models import Person
from cooperatives.nik_crypto import decrypt_nik, hash_nik

PLAINTEXT = [("cooperatives", "0004_list_order_indexes")]
NIKS = ["6472034508900017", "6471011205800003", "6402025512750120"]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _insert_plaintext_people() -> None:
    with connection.cursor() as cursor:
        for number, nik in enumerate(NIKS):
            cursor.execute(
                "INSERT INTO cooperatives_person (nik, name, sex, phone, email, "
                "created_at, updated_at) VALUES (%s, %s, 'male', '', '', now(), now())",
                [nik, f"Warga {number}"],
            )
        cursor.execute(
            "INSERT INTO cooperatives_historicalperson (id, nik, name, sex, phone, "
            "email, created_at, history_date, history_type) SELECT id, nik, name, "
            "sex, phone, email, created_at, now(), '+' FROM cooperatives_person"
        )


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            c.name
            for c in connection.introspection.get_table_description(cursor, table)
        }


# Slow (the cooperatives' migrations back and forth, 45 to 115 s): it runs in
# `make check`, which CI runs too.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_existing_niks_are_encrypted_and_the_migration_reverts():
    try:
        _migrate(PLAINTEXT)
        _insert_plaintext_people()

        _migrate(_latest())

        assert "nik" not in _columns("cooperatives_person")
        assert "nik" not in _columns("cooperatives_historicalperson")
        for nik in NIKS:
            person = Person.objects.get_by_nik(nik)
            assert person.nik == nik
            assert person.nik_hash == hash_nik(nik)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nik_encrypted, nik_hash FROM cooperatives_historicalperson"
            )
            history = cursor.fetchall()
        assert sorted(decrypt_nik(token) for token, _hash in history) == sorted(NIKS)

        _migrate(PLAINTEXT)

        with connection.cursor() as cursor:
            cursor.execute("SELECT nik FROM cooperatives_person ORDER BY id")
            assert [row[0] for row in cursor.fetchall()] == NIKS
            cursor.execute("SELECT count(*) FROM cooperatives_historicalperson")
            assert cursor.fetchone()[0] == len(NIKS)
        assert "nik_hash" not in _columns("cooperatives_person")
    finally:
        _migrate(_latest())
