"""A first load read by columns (columnar.py) stores what the row path stores:
each file imported both ways into an empty registry, every column of every
enterprise, owner and record compared (NIKs decrypted), the reconciliations,
the job's counts and the rejected-rows CSV byte for byte."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from bench.imports import write_file
from cooperatives.models import (
    District,
    Enterprise,
    Person,
    PersonReconciliation,
    SubDistrict,
    Village,
)
from cooperatives.nik_crypto import decrypt_nik
from cooperatives.services.imports import columnar, import_request, import_run, running
from tests.factories import CooperativeFactory, StaffFactory

pytestmark = pytest.mark.django_db

HEADER = ("nib,name,owner_nik,owner_name,district,sub_district,village,address,"
          "kbli,kbli_version,business_capital,annual_revenue,employees,koperasi")  # fmt: skip


@pytest.fixture
def small_batches(settings, monkeypatch):
    """A first load for any file, in batches and blocks of a few rows each."""
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    monkeypatch.setattr(running, "BATCH_ROWS", 7)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 700)


def owner(n: int) -> str:
    return f"6472031205{n % 90 + 10:02d}{n % 9000 + 1:04d}"


def snapshot() -> dict:
    """Every stored column (ids as offsets from the load's first, NIKs in
    clear, timestamps left out)."""
    first_e = Enterprise.objects.order_by("pk").values_list("pk", flat=True).first()
    first_p = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    skip = {"created_at", "updated_at"}
    enterprises = [
        {
            f.attname: getattr(e, f.attname)
            for f in Enterprise._meta.concrete_fields
            if f.attname not in skip
        }
        | {"id": e.pk - first_e, "owner_id": e.owner_id - first_p}
        for e in Enterprise.objects.order_by("pk")
    ]
    people = [
        {
            f.attname: getattr(p, f.attname)
            for f in Person._meta.concrete_fields
            if f.attname not in skip | {"nik_encrypted"}
        }
        | {"id": p.pk - first_p, "nik": decrypt_nik(p.nik_encrypted)}
        for p in Person.objects.order_by("pk")
    ]
    records = [
        (model.__name__, r.id - first, r.history_type, r.history_user_id)
        for model, first in ((Enterprise, first_e), (Person, first_p))
        for r in model.history.order_by("history_id")
    ]
    reconciliations = sorted(
        (r.person_id - first_p, r.supplied_name, r.source, r.district_id, r.status)
        for r in PersonReconciliation.objects.all()
    )
    return {
        "enterprises": enterprises,
        "people": people,
        "records": records,
        "reconciliations": reconciliations,
    }


def empty_registry() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks deferred
        cursor.execute(
            "TRUNCATE cooperatives_personreconciliation, "
            "cooperatives_historicalenterprise, cooperatives_enterprise, "
            "cooperatives_historicalperson, cooperatives_person CASCADE"
        )


def load(content: bytes, by, settings, columns: bool, caplog):
    settings.IMPORT_COLUMNAR = columns
    caplog.clear()
    job = import_request(
        kind="enterprises", file=SimpleUploadedFile("umkm.csv", content),
        district=None, by=by, skip_invalid=True,
    )  # fmt: skip
    with caplog.at_level(logging.INFO, logger=running.__name__):
        job = import_run(job_id=job.pk)
    errors = job.errors_file.read() if job.errors_file else b""
    outcome = (job.status, job.failure, job.rows, job.created, job.updated, job.skipped)
    stored = snapshot()
    empty_registry()
    return outcome, errors, stored, caplog.text


def both_ways(content: bytes, settings, caplog) -> tuple[str, tuple, bytes]:
    """The file imported by columns, then by rows: the same in every part."""
    by = StaffFactory()
    *by_columns, log = load(content, by, settings, True, caplog)
    *by_rows, rows_log = load(content, by, settings, False, caplog)

    assert by_columns == by_rows
    assert "read by columns" not in rows_log
    return log, by_columns[0], by_columns[1]


def places() -> list[tuple[str, str, str]]:
    return list(
        Village.objects.filter(sub_district__district_id="64.72").values_list(
            "sub_district__district_id", "sub_district", "name"
        )[:40]
    )


def bench_rows(tmp_path, rows: int, bad: bool) -> bytes:
    path = tmp_path / "umkm.csv"
    write_file(path, rows, places(), bad=bad)
    return path.read_bytes()


def test_the_bench_file_with_broken_rows_imports_as_by_rows(
    small_batches, settings, caplog, tmp_path
):
    content = bench_rows(tmp_path, 700, bad=True)

    log, outcome, errors = both_ways(content, settings, caplog)

    assert "read by columns" in log
    assert "read again" not in log
    assert outcome[2:] == (700, 693, 0, 7)
    assert errors.count(b"BAD-") == 7


def edge_rows(coop_pk: int, coop_nik: str) -> list[str]:
    district = District.objects.get(code="64.72")
    kecamatan = SubDistrict.objects.get(code="64.72.01")
    village = Village.objects.filter(sub_district=kecamatan).first()
    d, k = district.name, kecamatan.name
    v, vc = village.name, village.code
    long = "A" * 201
    good = "64.72,64.72.01,,Jl. A,10794,2020,5000000,100000000,3,"
    return [
        f"0000000000001,Usaha Satu,{owner(1)},Pemilik Satu,{good}",
        f'0000000000002,"Usaha, Koma",{owner(2)},Pemilik Dua,{good}',
        f'0000000000003,"Usaha\nBaris",{owner(3)},Pemilik Tiga,{good}',
        f'0000000000004,"Toko ""Maju""",{owner(4)},Pemilik,{good}',
        f"  0000000000005 ,  Usaha Spasi  , {owner(5)} , Pemilik Lima ,{good}",
        f"0000000000006,Warung Ñoño Café,{owner(6)},Bu Ñoño,{good}",
        f"0000000000007,Ëlan Jaya,{owner(7)},Ëlan,{good}",
        f"0000000000008,'=SUM(1),{owner(8)},'+Pemilik,{good}",
        f"0000000000009,Warung Ma'ruf,{owner(9)},Ma'ruf,{good}",
        ",,,,,,,,,,,,,",
        "",
        "  ,  ,,,,,,,,,,,,",
        f"0000000000001,Usaha Kembar,{owner(10)},Pemilik X,{good}",
        f"0000000000011,Usaha Pemilik Sama,{owner(1)},Pemilik Satu,{good}",
        f"0000000000012,Usaha Nama Lain,{owner(1)},Pemilik Lain,{good}",
        f"0000000000013,Usaha NIK,1234,Pemilik,{good}",
        f"0000000000014,Usaha NIK 0,6472030005800001,Pemilik,{good}",
        f"0000000000015,Usaha NIK serial,6472031205800000,Pemilik,{good}",
        f"0000000000016,Usaha KBLI,{owner(16)},P,64.72,64.72.01,,A,12,2020,1,1,1,",
        f"0000000000017,Modal Minus,{owner(17)},P,64.72,64.72.01,,A,10794,,-5,,,",
        f"0000000000018,Modal Nol Depan,{owner(18)},P,64.72,64.72.01,,A,10794,,007,0100,,",
        f"0000000000019,Modal Besar,{owner(19)},P,64.72,64.72.01,,A,10794,,"
        "12345678901234567,,,",
        f"0000000000020,Modal Titik,{owner(20)},P,64.72,64.72.01,,A,10794,,"
        "1.000.000,,,",
        f"0000000000021,Modal Koma,{owner(21)},P,64.72,64.72.01,,A,10794,,"
        '"500000,50",,,',
        f"0000000000022,Omzet Besar,{owner(22)},P,64.72,64.72.01,,A,10794,2025,"
        "2000000000,60000000000,20,",
        f"0000000000023,Tanpa Angka,{owner(23)},P,64.72,64.72.01,,A,10794,,,,,",
        f"0000000000024,Nama Daerah,{owner(24)},P,{d},{k},{v},A,10794,,,,,",
        f"0000000000025,Kode Desa,{owner(25)},P,64.72,,{vc},A,10794,,,,,",
        f"0000000000026,Desa Salah,{owner(26)},P,64.72,64.72.01,Tiada,A,10794,,,,,",
        f"0000000000027,Kab Salah,{owner(27)},P,99.99,64.72.01,,A,10794,,,,,",
        f"0000000000028,Kec Salah,{owner(28)},P,64.72,Tiada,,A,10794,,,,,",
        f"0000000000029,Koperasi Id,{owner(29)},P,{good}{coop_pk}",
        f"0000000000030,Koperasi NIK,{owner(30)},P,{good}{coop_nik}",
        f"0000000000031,Koperasi Salah,{owner(31)},P,{good}999999",
        f"0000000000032,Garis\\Miring,{owner(32)},P\\Q,64.72,64.72.01,,A\\B,10794,,,,,",
        f'0000000000033,"Tab\tDi Nama",{owner(33)},P,{good}',
        f"0000000000034,Versi,{owner(34)},P,64.72,64.72.01,,A,10794,02020,,,,",
        f"0000000000035,Versi Salah,{owner(35)},P,64.72,64.72.01,,A,10794,2019,,,,",
        f"0000000000036,Pekerja,{owner(36)},P,64.72,64.72.01,,A,10794,,,,-1,",
        f"0000000000037,Pekerja Banyak,{owner(37)},P,64.72,64.72.01,,A,10794,,,,"
        "3000000000,",
        f"0000000000038,Tanpa Nama Pemilik,{owner(38)},,{good}",
        f"0000000000039,Nama Pemilik Panjang,{owner(39)},{'B' * 151},{good}",
        f"0000000000040,{long},{owner(40)},P,{good}",
        f"0000000000041,Tanpa NIK,,P,{good}",
        f",Tanpa NIB,{owner(42)},P,{good}",
        f",Tanpa NIB Lagi,{owner(43)},P,{good}",
        f"0000000000044,Pekerja Nol,{owner(44)},P,64.72,64.72.01,,A,10794,,,,0,",
        f"0000000000045,,{owner(45)},P,{good}",
        f"0000000000012,Kembar Lagi,{owner(46)},P,{good}",
        f"0000000000047,Pemilik Lagi,{owner(12)},Pemilik Baru,{good}",
        f"0000000000048,Usaha Dua Delapan,{owner(48)},Bu  Spasi,{good}",
        f"0000000000049,Usaha Nama Sama Beda Kapital,{owner(48)},bu spasi,{good}",
        f"0000000000050,Usaha Nama Sama,{owner(48)},Bu  Spasi,{good}",
    ]


def edge_file(delimiter: str = ",", bom: bool = True, newline: str = "\n") -> bytes:
    coop = CooperativeFactory(nik="6472000000001234")
    lines = [HEADER, *edge_rows(coop.pk, coop.nik)]
    text = newline.join(lines) + newline
    if delimiter != ",":
        text = text.replace(",", delimiter)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


@pytest.mark.parametrize(
    ("delimiter", "bom", "newline"),
    [(",", True, "\n"), (";", False, "\r\n"), (",", False, "\r\n")],
)
def test_every_edge_of_a_file_imports_as_by_rows(
    small_batches, settings, caplog, delimiter, bom, newline
):
    content = edge_file(delimiter, bom, newline)

    log, outcome, errors = both_ways(content, settings, caplog)

    assert "read by columns" in log
    assert "read again" not in log
    assert outcome[2] == 50  # the three rows without a cell left out
    assert errors.count(b"\n") > 20


def test_a_ragged_row_reads_the_file_again_by_rows(
    small_batches, settings, caplog, tmp_path
):
    content = bench_rows(tmp_path, 60, bad=False) + b"0000000000999,Pendek\n"
    content += bench_rows(tmp_path, 10, bad=False).split(b"\n", 1)[1]

    log, outcome, errors = both_ways(content, settings, caplog)

    assert "read by columns" in log
    assert "read again by rows" in log
    assert outcome[3] == 60  # the second part's NIBs repeat the first's
    assert errors


def test_bytes_not_utf8_read_the_file_again_by_rows(
    small_batches, settings, caplog, tmp_path
):
    content = bench_rows(tmp_path, 1000, bad=False)  # past the check's 64 kB
    content = content[:-40] + b"\xff\xfe" + content[-40:]

    log, outcome, _errors = both_ways(content, settings, caplog)

    assert "read again by rows" in log
    assert outcome[2] == 1000


def test_a_file_with_blank_lines_before_its_header_is_read_by_rows(
    small_batches, settings, caplog, tmp_path
):
    content = b"\n\n" + bench_rows(tmp_path, 30, bad=True)

    log, outcome, _errors = both_ways(content, settings, caplog)

    assert "read by columns" not in log
    assert outcome[3] == 30
