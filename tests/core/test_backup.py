"""`make backup` / `make restore`: a round trip through pg_dump and pg_restore on the
real test database, with a media file."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from cooperatives.models import Cooperative
from core import backup
from tests.factories import CooperativeFactory


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
    assert (folder / "database.dump").read_bytes().startswith(b"PGDMP")


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_and_nothing_is_touched(tmp_path):
    CooperativeFactory(name="Koperasi Tetap")
    folder = backup.backup(tmp_path / "cadangan")
    CooperativeFactory(name="Koperasi Sesudah")
    with (folder / "database.dump").open("ab") as dump:
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
