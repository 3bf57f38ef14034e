import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import XLSX

from cooperatives.models import Cooperative, Enterprise, Person
from cooperatives.resources import CooperativeResource, EnterpriseResource
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
)

pytestmark = pytest.mark.django_db

COOPERATIVE_HEADERS = [
    "nik",
    "name",
    "kind",
    "district",
    "sub_district",
    "phone",
    "npwp",
    "legal_entity_date",
]
ENTERPRISE_HEADERS = [
    "nib",
    "name",
    "owner_nik",
    "owner_name",
    "district",
    "kbli",
    "business_capital",
    "annual_revenue",
]
IMPORT_URL = "/admin/cooperatives/cooperative/import/"
PROCESS_URL = "/admin/cooperatives/cooperative/process_import/"


def cooperative_row(nik="6472000000001001", name="KSP Mahakam Sejahtera", **cells):
    row = {
        "nik": nik,
        "name": name,
        "kind": "savings_and_loan",
        "district": "64.72",
        "sub_district": "64.72.03",
        "phone": "0812-3456-7890",
        "npwp": "09.254.294.3-407.000",
        "legal_entity_date": "2019-08-17",
    }
    row.update(cells)
    return [row[header] for header in COOPERATIVE_HEADERS]


def enterprise_row(
    nib="9120001234567", owner_nik="6472035205800007", owner_name="Siti", **cells
):
    row = {
        "nib": nib,
        "name": "Amplang Bu Siti",
        "owner_nik": owner_nik,
        "owner_name": owner_name,
        "district": "64.72",
        "kbli": "10794",
        "business_capital": "75000000",
        "annual_revenue": "350000000",
    }
    row.update(cells)
    return [row[header] for header in ENTERPRISE_HEADERS]


def dataset(headers, *rows) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def run_import(resource, data, *, dry_run=False):
    return resource.import_data(
        data, dry_run=dry_run, raise_errors=False, use_transactions=True
    )


def invalid_rows(result) -> dict[int, dict]:
    return {row.number: row.error_dict for row in result.invalid_rows}


# --- Cooperatives ----------------------------------------------------------------


def test_cooperative_import_creates_rows():
    data = dataset(
        COOPERATIVE_HEADERS,
        cooperative_row("6472000000001001", "KSP Mahakam Sejahtera"),
        cooperative_row("6472000000001002", "Kopwan Tepian", kind="consumer"),
    )

    result = run_import(CooperativeResource(), data)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert result.totals["new"] == 2
    created = Cooperative.objects.get(nik="6472000000001001")
    assert created.name == "KSP Mahakam Sejahtera"
    assert created.kind == Cooperative.Kind.SAVINGS_AND_LOAN
    assert created.district_id == "64.72"
    assert created.sub_district_id == "64.72.03"
    assert created.phone == "+6281234567890"
    assert created.npwp == "0092542943407000"
    assert created.legal_entity_date == datetime.date(2019, 8, 17)
    assert Cooperative.objects.get(nik="6472000000001002").name == "Kopwan Tepian"


def test_cooperative_reimport_with_changed_names_updates_by_nik():
    first = CooperativeFactory(nik="6472000000001001", name="Nama Lama 1")
    second = CooperativeFactory(nik="6472000000001002", name="Nama Lama 2")
    data = dataset(
        COOPERATIVE_HEADERS,
        cooperative_row(first.nik, "Nama Baru 1"),
        cooperative_row(second.nik, "Nama Baru 2"),
    )

    result = run_import(CooperativeResource(), data)

    assert result.totals["update"] == 2
    assert result.totals["new"] == 0
    assert Cooperative.objects.count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, second.name) == ("Nama Baru 1", "Nama Baru 2")


def test_cooperative_rows_without_nik_are_new_never_a_match():
    # A stored cooperative without NIK must not be overwritten by a row without NIK.
    existing = CooperativeFactory(nik=None, name="Koperasi Tanpa NIK")
    data = dataset(
        COOPERATIVE_HEADERS,
        cooperative_row("", "Baru Tanpa NIK 1"),
        cooperative_row("  ", "Baru Tanpa NIK 2"),
    )

    result = run_import(CooperativeResource(), data)

    assert result.totals["new"] == 2
    existing.refresh_from_db()
    assert existing.name == "Koperasi Tanpa NIK"
    assert Cooperative.objects.filter(nik__isnull=True).count() == 3


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"nik": "64720000000010"}, "nik"),
        ({"district": "99.99"}, "district"),
        ({"sub_district": "64.71.05"}, "sub_district"),
        ({"sub_district": "64.72.99"}, "sub_district"),
        ({"kind": "bank"}, "kind"),
        ({"phone": "nomor saya"}, "phone"),
        ({"npwp": "12.345"}, "npwp"),
        ({"legal_entity_date": "2019-17-08"}, "legal_entity_date"),
        ({"legal_entity_date": "2999-01-01"}, "legal_entity_date"),
        ({"name": ""}, "name"),
    ],
)
def test_cooperative_file_with_one_bad_row_imports_nothing(cells, field):
    existing = CooperativeFactory(nik="6472000000001001", name="Nama Lama")
    data = dataset(
        COOPERATIVE_HEADERS,
        cooperative_row(existing.nik, "Nama Baru"),
        cooperative_row("6472000000001002", "Koperasi Baik"),
        cooperative_row(**{"nik": "6472000000001003", "name": "Rusak", **cells}),
    )

    result = run_import(CooperativeResource(), data)

    errors = invalid_rows(result)
    assert list(errors) == [3]
    assert field in errors[3]
    assert not result.has_errors()
    assert Cooperative.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Nama Lama"


def test_cooperative_import_error_names_the_unknown_code():
    data = dataset(COOPERATIVE_HEADERS, cooperative_row(district="99.99"))

    result = run_import(CooperativeResource(), data)

    assert invalid_rows(result)[1]["district"] == [
        "Kode 99.99 tidak ditemukan di kabupaten/kota."
    ]


def test_cooperative_import_reports_every_bad_row():
    data = dataset(
        COOPERATIVE_HEADERS,
        cooperative_row("64720000000010"),
        cooperative_row("6472000000001002"),
        cooperative_row("6472000000001003", district="00.00"),
    )

    result = run_import(CooperativeResource(), data)

    errors = invalid_rows(result)
    assert set(errors) == {1, 3}
    assert "nik" in errors[1]
    assert "district" in errors[3]


def test_cooperative_dry_run_writes_nothing():
    existing = CooperativeFactory(nik="6472000000001001", name="Nama Lama")
    data = dataset(
        COOPERATIVE_HEADERS,
        cooperative_row(existing.nik, "Nama Baru"),
        cooperative_row("6472000000001002", "Koperasi Baru"),
    )

    result = run_import(CooperativeResource(), data, dry_run=True)

    assert result.totals["new"] == 1
    assert result.totals["update"] == 1
    assert Cooperative.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Nama Lama"


@pytest.mark.parametrize("typed", ["17-08-2019", "17/08/2019", "2019-08-17"])
def test_cooperative_import_reads_iso_and_day_first_dates(typed):
    data = dataset(COOPERATIVE_HEADERS, cooperative_row(legal_entity_date=typed))

    run_import(CooperativeResource(), data)

    cooperative = Cooperative.objects.get()
    assert cooperative.legal_entity_date == datetime.date(2019, 8, 17)


def test_cooperative_import_never_reads_dates_month_first():
    # 01/05/2019 is 1 May in Indonesia, never 5 January.
    data = dataset(COOPERATIVE_HEADERS, cooperative_row(legal_entity_date="01/05/2019"))

    run_import(CooperativeResource(), data)

    assert Cooperative.objects.get().legal_entity_date == datetime.date(2019, 5, 1)


def test_cooperative_export_then_reimport_round_trips():
    cooperative = CooperativeFactory(
        nik="6472000000001001",
        district=district("64.72"),
        sub_district_id="64.72.03",
        cluster_id=None,
        sector="K",
        village="Air Putih",
        address="Jl. Juanda No. 5",
        postal_code="75124",
        legal_entity_number="AHU-0005202.AH.01.26.TAHUN 2020",
        established_on=datetime.date(2019, 1, 2),
        legal_entity_date=datetime.date(2020, 5, 1),
        npwp="0092542943407000",
        phone="+6281234567890",
        email="ksp@example.id",
    )
    fields = list(CooperativeResource._meta.fields)
    before = Cooperative.objects.filter(pk=cooperative.pk).values(*fields).get()

    exported = CooperativeResource().export()
    Cooperative.objects.all().delete()
    result = run_import(CooperativeResource(), exported)

    assert exported.headers == fields
    assert result.totals["new"] == 1
    assert Cooperative.objects.values(*fields).get() == before


def test_cooperative_reimport_of_an_unchanged_export_changes_nothing():
    cooperative = CooperativeFactory(legal_entity_date=datetime.date(2020, 5, 1))
    updated_at = cooperative.updated_at
    exported = CooperativeResource().export()

    result = run_import(CooperativeResource(), exported)

    assert result.totals["skip"] == 1
    cooperative.refresh_from_db()
    assert cooperative.updated_at == updated_at


def test_cooperative_xlsx_import():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["nik", "name", "kind", "district", "postal_code", "legal_entity_date"]
    )
    sheet.append(
        [
            "6472000000001001",
            "KUD Sumber Rezeki",
            "producer",
            "64.02",
            75511,
            datetime.date(2018, 3, 12),  # read back as a datetime
        ]
    )
    sheet.append(["6472000000001002", "Kopkar Pupuk", "consumer", "64.74", None, None])
    content = io.BytesIO()
    workbook.save(content)
    data = XLSX().create_dataset(content.getvalue())

    result = run_import(CooperativeResource(), data)

    assert not result.has_validation_errors()
    assert result.totals["new"] == 2
    kud = Cooperative.objects.get(nik="6472000000001001")
    assert kud.district_id == "64.02"
    assert kud.postal_code == "75511"
    assert kud.legal_entity_date == datetime.date(2018, 3, 12)
    assert Cooperative.objects.get(nik="6472000000001002").postal_code == ""


# --- Enterprises -----------------------------------------------------------------


def test_enterprise_import_creates_the_owner_by_nik():
    owner_nik = "6472035205800007"
    data = dataset(ENTERPRISE_HEADERS, enterprise_row(owner_nik=owner_nik))

    result = run_import(EnterpriseResource(), data)

    assert result.totals["new"] == 1
    enterprise = Enterprise.objects.get(nib="9120001234567")
    owner = Person.objects.get_by_nik(owner_nik)
    assert enterprise.owner == owner
    assert owner.name == "Siti"
    assert owner.sex == Person.Sex.FEMALE
    assert enterprise.scale == Enterprise.Scale.MICRO


def test_enterprise_import_reuses_a_registered_owner():
    owner = PersonFactory(nik="6472031205800021", name="Budi Santoso")
    data = dataset(
        ENTERPRISE_HEADERS,
        enterprise_row("9120001234567", owner.nik, ""),
        enterprise_row("9120001234568", owner.nik, "Budi"),
    )

    result = run_import(EnterpriseResource(), data)

    assert result.totals["new"] == 2
    assert Person.objects.count() == 1
    assert set(Enterprise.objects.values_list("owner_id", flat=True)) == {owner.pk}
    owner.refresh_from_db()
    assert owner.name == "Budi Santoso"


@pytest.mark.parametrize(
    ("owner_nik", "message"),
    [
        ("6472031205800000", "NIK tidak valid: nomor urut (4 digit terakhir) tidak"),
        ("6472031213800001", "NIK tidak valid: bagian tanggal lahir"),
        ("647203120580001", "Masukkan NIK 16 digit angka."),
        ("", "Masukkan NIK 16 digit angka."),
    ],
)
def test_enterprise_import_bad_owner_nik_is_a_row_error(owner_nik, message):
    data = dataset(
        ENTERPRISE_HEADERS,
        enterprise_row("9120001234567", "6472035205800007"),
        enterprise_row("9120001234568", owner_nik),
    )

    result = run_import(EnterpriseResource(), data)

    errors = invalid_rows(result)
    assert list(errors) == [2]
    assert list(errors[2]) == ["owner_nik"]
    assert errors[2]["owner_nik"][0].startswith(message)
    assert not Enterprise.objects.exists()
    assert not Person.objects.exists()


def test_enterprise_import_new_owner_needs_a_name():
    data = dataset(ENTERPRISE_HEADERS, enterprise_row(owner_name=""))

    result = run_import(EnterpriseResource(), data)

    assert "owner_name" in invalid_rows(result)[1]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"nib": "912000123456"}, "nib"),
        ({"kbli": "1079"}, "kbli"),
        ({"district": "64.99"}, "district"),
        ({"business_capital": "-5"}, "business_capital"),
        ({"annual_revenue": "banyak"}, "annual_revenue"),
    ],
)
def test_enterprise_file_with_one_bad_row_imports_nothing(cells, field):
    data = dataset(
        ENTERPRISE_HEADERS,
        enterprise_row("9120001234567", "6472035205800007"),
        enterprise_row(
            **{"nib": "9120001234568", "owner_nik": "6472031205800008", **cells}
        ),
    )

    result = run_import(EnterpriseResource(), data)

    errors = invalid_rows(result)
    assert list(errors) == [2]
    assert field in errors[2]
    assert not Enterprise.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1250000", Decimal("1250000")),
        ("1250000.50", Decimal("1250000.50")),
        ("1250000,50", Decimal("1250000.50")),
        ("Rp1.250.000", Decimal("1250000")),
        ("Rp 1.250.000,50", Decimal("1250000.50")),
    ],
)
def test_enterprise_import_reads_rupiah_amounts(typed, amount):
    data = dataset(ENTERPRISE_HEADERS, enterprise_row(business_capital=typed))

    run_import(EnterpriseResource(), data)

    assert Enterprise.objects.get().business_capital == amount


def test_enterprise_reimport_updates_by_nib():
    enterprise = EnterpriseFactory(nib="9120001234567", name="Nama Lama")
    data = dataset(
        ENTERPRISE_HEADERS,
        enterprise_row(enterprise.nib, enterprise.owner.nik, "", name="Nama Baru"),
    )

    result = run_import(EnterpriseResource(), data)

    assert result.totals["update"] == 1
    assert Enterprise.objects.count() == 1
    enterprise.refresh_from_db()
    assert enterprise.name == "Nama Baru"


def test_enterprise_reimport_without_owner_columns_keeps_the_owner():
    enterprise = EnterpriseFactory(nib="9120001234567", name="Nama Lama")
    owner_id = enterprise.owner_id
    data = dataset(["nib", "name"], [enterprise.nib, "Nama Baru"])

    result = run_import(EnterpriseResource(), data)

    assert not result.has_validation_errors()
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.owner_id) == ("Nama Baru", owner_id)


def test_enterprise_scale_column_is_derived_not_imported():
    data = dataset(
        [*ENTERPRISE_HEADERS, "scale"],
        [*enterprise_row(annual_revenue="2000000001"), "micro"],
    )

    run_import(EnterpriseResource(), data)

    assert Enterprise.objects.get().scale == Enterprise.Scale.SMALL


def test_enterprise_export_then_reimport_round_trips():
    cooperative = CooperativeFactory(nik="6472000000001001")
    EnterpriseFactory(
        nib="9120001234567",
        cooperative=cooperative,
        sub_district_id="64.72.03",
        business_capital=Decimal("1250000.50"),
        annual_revenue=None,
        kbli_version=Enterprise.KbliVersion.V2025,
        employees=4,
    )
    fields = [
        "nib",
        "name",
        "owner__nik_hash",
        "district",
        "sub_district",
        "kbli",
        "kbli_version",
        "business_capital",
        "annual_revenue",
        "employees",
        "cooperative__nik",
        "scale",
    ]
    before = Enterprise.objects.values(*fields).get()

    exported = EnterpriseResource().export()
    Enterprise.objects.all().delete()
    result = run_import(EnterpriseResource(), exported)

    assert exported.headers == list(EnterpriseResource._meta.fields)
    assert not result.has_validation_errors()
    assert result.totals["new"] == 1
    assert Enterprise.objects.values(*fields).get() == before


# --- Through the admin -----------------------------------------------------------


def _format_index(model, name: str) -> str:
    formats = admin.site._registry[model].get_import_formats()
    return str([f.__name__ for f in formats].index(name))


def _csv_upload(*rows) -> SimpleUploadedFile:
    content = dataset(COOPERATIVE_HEADERS, *rows).export("csv")
    return SimpleUploadedFile("koperasi.csv", content.encode(), "text/csv")


def test_admin_csv_import_previews_then_imports(staff_client):
    upload = _csv_upload(
        cooperative_row("6472000000001001", "KSP Mahakam Sejahtera"),
        cooperative_row("6472000000001002", "Kopwan Tepian"),
    )

    preview = staff_client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": _format_index(Cooperative, "CSV"),
            "import_file": upload,
        },
    )

    assert preview.status_code == 200
    confirm_form = preview.context["confirm_form"]
    assert not Cooperative.objects.exists()

    done = staff_client.post(PROCESS_URL, confirm_form.initial)

    assert done.status_code == 302
    assert set(Cooperative.objects.values_list("name", flat=True)) == {
        "KSP Mahakam Sejahtera",
        "Kopwan Tepian",
    }


def test_admin_csv_import_with_a_bad_row_shows_it_and_offers_no_confirm(
    staff_client,
):
    upload = _csv_upload(
        cooperative_row("6472000000001001"),
        cooperative_row("6472000000001002", district="99.99"),
    )

    response = staff_client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": _format_index(Cooperative, "CSV"),
            "import_file": upload,
        },
    )

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert response.context["result"].invalid_rows[0].number == 2
    assert "Kode 99.99 tidak ditemukan" in response.content.decode()
    assert not Cooperative.objects.exists()
