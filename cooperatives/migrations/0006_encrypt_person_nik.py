"""Step 2 of 3: every person's NIK (and every historical copy of it) encrypted and
hashed with the keys from the environment, in batches; reversible (decrypts back)."""

from django.db import migrations

BATCH = 5000
TABLES = ("cooperatives_person", "cooperatives_historicalperson")
# The history table's key is history_id.
KEYS = {"cooperatives_person": "id", "cooperatives_historicalperson": "history_id"}


def _batches(cursor, table: str, select: str):
    """(key, value) rows in key order, BATCH at a time (keyset: no OFFSET)."""
    key, last = KEYS[table], 0
    while True:
        cursor.execute(
            f"SELECT {key}, {select} FROM {table} "  # noqa: S608 our own names
            f"WHERE {key} > %s AND {select} IS NOT NULL ORDER BY {key} LIMIT %s",
            [last, BATCH],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def encrypt(apps, schema_editor):
    from cooperatives.nik_crypto import encrypt_nik, hash_nik

    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            key = KEYS[table]
            for rows in _batches(cursor, table, "nik"):
                cursor.executemany(
                    f"UPDATE {table} SET nik_encrypted = %s, nik_hash = %s, "  # noqa: S608
                    f"nik = NULL WHERE {key} = %s",
                    [(encrypt_nik(nik), hash_nik(nik), pk) for pk, nik in rows],
                )


def decrypt(apps, schema_editor):
    from cooperatives.nik_crypto import decrypt_nik

    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            key = KEYS[table]
            for rows in _batches(cursor, table, "nik_encrypted"):
                cursor.executemany(
                    f"UPDATE {table} SET nik = %s, nik_encrypted = NULL, "  # noqa: S608
                    f"nik_hash = NULL WHERE {key} = %s",
                    [(decrypt_nik(token), pk) for pk, token in rows],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0005_person_nik_encrypted_columns"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt, elidable=False)]
