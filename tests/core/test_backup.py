"""`make backup` / `make restore`: a round trip through pg_dump and pg_restore on the
real test database, with a media file; the files are encrypted, and a backup that
does not authenticate (changed byte, truncated, wrong key) restores nothing."""

import hashlib
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation

from cooperatives.models import Cooperative
from core import backup, backup_cipher
from tests.factories import CooperativeFactory

OTHER_KEY = "Vx4k0dTQzN0HqN3d2m9oQp8R1s2T3u4V5w6X7y8Z9aA="


@pytest.fixture(autouse=True)
def _indonesian():
    """The messages are matched in Indonesian, whatever an earlier test left active."""
    with translation.override("id"):
        yield


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_rows_and_media_back(tmp_path, settings):
    kept = CooperativeFactory(name="Koperasi Tetap")
    changed = CooperativeFactory(name="Koperasi Asli")
    pdf = default_storage.save("reports/rat-2025.pdf", ContentFile(b"%PDF-1.7 isi"))
    folder = tmp_path / "cadangan"

    call_command("backup", "--dir", str(folder))
    # Everything changes after the backup: a row deleted, one renamed, one added,
    # the media file removed and another written.
    Cooperative.objects.filter(pk=kept.pk).delete()
    Cooperative.objects.filter(pk=changed.pk).update(name="Diganti")
    CooperativeFactory(name="Koperasi Baru")
    default_storage.delete(pdf)
    default_storage.save("reports/sesudah.pdf", ContentFile(b"baru"))
    call_command("restore", "--dir", str(folder), "--noinput")

    names = set(Cooperative.objects.values_list("name", flat=True))
    assert names == {"Koperasi Tetap", "Koperasi Asli"}
    assert Cooperative.objects.get(pk=kept.pk).district.code == "64.72"
    assert default_storage.open(pdf).read() == b"%PDF-1.7 isi"
    assert not default_storage.exists("reports/sesudah.pdf")
    # Nothing readable in the folder: neither the dump nor the archive.
    for name in (backup.DUMP, backup.MEDIA):
        content = (folder / name).read_bytes()
        assert content.startswith(backup_cipher.MAGIC)
        assert b"PGDMP" not in content
        assert b"Koperasi Tetap" not in content
        assert b"\x1f\x8b" not in content[:64]  # not a gzip stream either


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_and_nothing_is_touched(tmp_path):
    CooperativeFactory(name="Koperasi Tetap")
    folder = backup.backup(tmp_path / "cadangan")
    CooperativeFactory(name="Koperasi Sesudah")
    with (folder / backup.DUMP).open("ab") as dump:
        dump.write(b"rusak")

    with pytest.raises(CommandError, match="sha256"):
        call_command("restore", "--dir", str(folder), "--noinput")

    assert Cooperative.objects.filter(name="Koperasi Sesudah").exists()


def test_the_client_tools_match_the_server_major_version(db):
    major = backup.server_major()
    pg_dump = backup.client_tool("pg_dump", major)
    assert backup._tool_major(pg_dump) >= major
    with pytest.raises(backup.BackupError, match="PG_BIN"):
        backup.client_tool("pg_dump", 99)


# --- Encryption and authentication ------------------------------------------------


def _resum(folder, name) -> None:
    """An attacker who changes a file also fixes the manifest's sum."""
    manifest = json.loads((folder / backup.MANIFEST).read_text())
    content = (folder / name).read_bytes()
    manifest["sha256"][name] = hashlib.sha256(content).hexdigest()
    (folder / backup.MANIFEST).write_text(json.dumps(manifest))


def _flip_byte(path, offset: int) -> None:
    content = bytearray(path.read_bytes())
    content[offset] ^= 0x01
    path.write_bytes(bytes(content))


TRANSACTIONAL = pytest.mark.django_db(transaction=True)  # pg_dump sees only commits


@pytest.fixture
def backed_up(tmp_path):
    """A backup, then a row and a media file added after it: a refused restore
    must leave both."""
    CooperativeFactory(name="Koperasi Tetap")
    default_storage.save("reports/sebelum.pdf", ContentFile(b"lama"))
    folder = backup.backup(tmp_path / "cadangan")
    CooperativeFactory(name="Koperasi Sesudah")
    default_storage.save("reports/sesudah.pdf", ContentFile(b"baru"))
    return folder


def _nothing_restored() -> None:
    assert Cooperative.objects.filter(name="Koperasi Sesudah").exists()
    assert default_storage.exists("reports/sesudah.pdf")


@TRANSACTIONAL
@pytest.mark.parametrize("name", [backup.DUMP, backup.MEDIA])
@pytest.mark.parametrize("where", ["header", "middle", "end"])
def test_a_changed_byte_is_refused_even_with_a_matching_sum(backed_up, name, where):
    path = backed_up / name
    size = path.stat().st_size
    offset = {"header": len(backup_cipher.MAGIC) + 3, "middle": size // 2}
    _flip_byte(path, offset.get(where, size - 1))
    _resum(backed_up, name)

    with pytest.raises(CommandError, match="tidak dapat diautentikasi"):
        call_command("restore", "--dir", str(backed_up), "--noinput")

    _nothing_restored()


@TRANSACTIONAL
@pytest.mark.parametrize("name", [backup.DUMP, backup.MEDIA])
def test_a_truncated_file_is_refused(backed_up, name):
    path = backed_up / name
    content = path.read_bytes()
    path.write_bytes(content[: len(content) - 10])
    _resum(backed_up, name)

    with pytest.raises(CommandError, match="tidak dapat diautentikasi"):
        call_command("restore", "--dir", str(backed_up), "--noinput")

    _nothing_restored()


@TRANSACTIONAL
def test_a_backup_made_with_another_key_is_refused(backed_up, settings):
    settings.BACKUP_ENCRYPTION_KEY = OTHER_KEY

    with pytest.raises(CommandError, match="kunci lain"):
        call_command("restore", "--dir", str(backed_up), "--noinput")

    _nothing_restored()


@TRANSACTIONAL
def test_the_wrong_key_fails_authentication_whatever_the_manifest_says(
    backed_up, settings
):
    settings.BACKUP_ENCRYPTION_KEY = OTHER_KEY
    manifest = json.loads((backed_up / backup.MANIFEST).read_text())
    manifest["key_id"] = backup_cipher.key_id(backup.encryption_key())
    (backed_up / backup.MANIFEST).write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="tidak dapat diautentikasi"):
        call_command("restore", "--dir", str(backed_up), "--noinput")

    _nothing_restored()


@TRANSACTIONAL
def test_the_dump_and_the_archive_cannot_be_swapped(backed_up):
    dump, media = backed_up / backup.DUMP, backed_up / backup.MEDIA
    dump_bytes, media_bytes = dump.read_bytes(), media.read_bytes()
    dump.write_bytes(media_bytes)
    media.write_bytes(dump_bytes)
    _resum(backed_up, backup.DUMP)
    _resum(backed_up, backup.MEDIA)

    with pytest.raises(CommandError, match="tidak dapat diautentikasi"):
        call_command("restore", "--dir", str(backed_up), "--noinput")

    _nothing_restored()


@TRANSACTIONAL
def test_an_unencrypted_backup_is_refused(backed_up):
    manifest = json.loads((backed_up / backup.MANIFEST).read_text())
    del manifest["encryption"]
    (backed_up / backup.MANIFEST).write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="tidak terenkripsi"):
        call_command("restore", "--dir", str(backed_up), "--noinput")

    _nothing_restored()


@pytest.mark.parametrize("value", ["", "pendek", "YWJj"])
def test_backup_refuses_to_run_without_a_valid_key(db, tmp_path, settings, value):
    settings.BACKUP_ENCRYPTION_KEY = value
    folder = tmp_path / "cadangan"

    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY"):
        call_command("backup", "--dir", str(folder))

    assert not folder.exists()


# The cipher alone, on content of chunk boundaries.

KEY = bytes(range(32))


@pytest.mark.parametrize(
    "size",
    [0, 1, backup_cipher.CHUNK_BYTES, backup_cipher.CHUNK_BYTES * 2 + 5],
)
def test_the_cipher_round_trips_any_size(tmp_path, size):
    plain = bytes(i % 251 for i in range(size))
    path = tmp_path / "berkas.enc"
    with path.open("wb") as raw:
        writer = backup_cipher.EncryptingWriter(
            raw, key=KEY, purpose="berkas.enc", salt=b"s" * 16
        )
        writer.write(plain[:7])
        writer.write(plain[7:])
        writer.close()

    with path.open("rb") as raw:
        reader = backup_cipher.DecryptingReader(raw, key=KEY, purpose="berkas.enc")
        assert reader.read(3) + reader.read() == plain


def test_the_cipher_refuses_a_dropped_last_chunk(tmp_path):
    plain = b"x" * (backup_cipher.CHUNK_BYTES + 10)
    path = tmp_path / "berkas.enc"
    with path.open("wb") as raw:
        writer = backup_cipher.EncryptingWriter(
            raw, key=KEY, purpose="berkas.enc", salt=b"s" * 16
        )
        writer.write(plain)
        writer.close()
    header = len(backup_cipher.MAGIC) + backup_cipher.SALT_BYTES
    first = backup_cipher.LENGTH_BYTES + backup_cipher.CHUNK_BYTES + 16
    path.write_bytes(path.read_bytes()[: header + first])  # a whole chunk boundary

    with path.open("rb") as raw, pytest.raises(backup_cipher.BackupCipherError):
        list(backup_cipher.decrypted_chunks(raw, key=KEY, purpose="berkas.enc"))
