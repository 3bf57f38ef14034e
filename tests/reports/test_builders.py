"""The figures of the program outcomes and financing portfolio reports, against
numbers computed by hand from the fixtures in conftest.py, and against the API
and the dashboard that read the same selectors."""

from decimal import Decimal

import pytest

from accounts.scope import Scope
from cooperatives.models import District
from reports.builders import BUILDERS
from reports.selectors import program_figures

from .conftest import YEAR

pytestmark = pytest.mark.django_db

M = Decimal(1_000_000)


def _build(kind, district_code=None, year=YEAR):
    scope = Scope.district(district_code) if district_code else Scope.province()
    district = District.objects.get(pk=district_code) if district_code else None
    report = BUILDERS[kind](scope=scope, year=year, district=district)
    return {
        section.title: [*section.rows, *([section.total] if section.total else [])]
        for section in report.sections
    }


def _pick(rows, key, *fields):
    return {row[key]: tuple(row[field] for field in fields) for row in rows}


OUTCOME = ("participants", "completed", "completion_rate", "certificates")


def test_program_outcomes_per_program_for_the_province(program_data):
    sections = _build("program_outcomes")

    programs = _pick(sections["Program tahun ini"], "code", "quota", *OUTCOME)
    assert programs == {
        "DIKLAT-A": (30, 4, 3, 0.75, 3),
        "BIMTEK-B": (20, 2, 0, 0.0, 0),
        "Jumlah Provinsi Kalimantan Timur": (50, 6, 3, 0.5, 3),
    }


def test_program_outcomes_summary_per_kind(program_data):
    sections = _build("program_outcomes")

    kinds = _pick(
        sections["Ringkasan per jenis program"], "kind", "programs", "quota", *OUTCOME
    )
    assert kinds == {
        "Diklat": (1, 30, 4, 3, 0.75, 3),
        "Bimtek": (1, 20, 2, 0, 0.0, 0),
        "Pendampingan": (0, 0, 0, 0, None, 0),
        "Pemberdayaan": (0, 0, 0, 0, None, 0),
        "Jumlah Provinsi Kalimantan Timur": (2, 50, 6, 3, 0.5, 3),
    }


def test_program_outcomes_mentored_cooperatives_reactivated(program_data):
    province = _build("program_outcomes")["Koperasi dampingan yang aktif kembali"]
    samarinda = _build("program_outcomes", "64.72")[
        "Koperasi dampingan yang aktif kembali"
    ]

    fields = ("mentored", "inactive_at_start", "reactivated", "reactivation_rate")
    assert _pick(province, "year", *fields) == {
        YEAR: (3, 2, 1, 0.5),
        "Jumlah Provinsi Kalimantan Timur": (3, 2, 1, 0.5),
    }
    assert _pick(samarinda, "year", *fields) == {
        YEAR: (2, 1, 1, 1.0),
        "Jumlah Kota Samarinda": (2, 1, 1, 1.0),
    }


def test_program_outcomes_district_run_counts_only_its_participants(program_data):
    sections = _build("program_outcomes", "64.72")

    programs = _pick(sections["Program tahun ini"], "code", *OUTCOME)
    assert programs == {  # BIMTEK-B is Balikpapan's
        "DIKLAT-A": (3, 2, 0.6667, 2),
        "Jumlah Kota Samarinda": (3, 2, 0.6667, 2),
    }


def test_program_outcomes_agree_with_the_dashboard(program_data):
    rows = _build("program_outcomes")["Program tahun ini"][:-1]

    dashboard = program_figures(scope=Scope.province(), years=[YEAR - 1, YEAR])

    assert dashboard == [
        {"year": YEAR - 1, "participants": 1, "completed": 1},
        {
            "year": YEAR,
            "participants": sum(row["participants"] for row in rows),
            "completed": sum(row["completed"] for row in rows),
        },
    ]


PORTFOLIO = (
    "loans",
    "open_loans",
    "disbursed",
    "outstanding",
    "par30",
    "par60",
    "par90",
    "par30_ratio",
    "repayment_rate",
)


def test_financing_portfolio_by_district(financing_data):
    rows = _build("financing_portfolio")["Portofolio per kabupaten/kota"]

    assert _pick(rows, "name", *PORTFOLIO) == {
        "Kota Samarinda": (
            2,
            2,
            30 * M,
            23 * M,
            15 * M,
            0,
            0,
            Decimal("0.6522"),
            Decimal("0.5"),
        ),
        "Kota Balikpapan": (2, 1, 35 * M, 25 * M, 25 * M, 25 * M, 25 * M, 1, None),
        "Jumlah Provinsi Kalimantan Timur": (
            4,
            3,
            65 * M,
            48 * M,
            40 * M,
            25 * M,
            25 * M,
            Decimal("0.8333"),
            None,
        ),
    }


def test_financing_portfolio_by_scheme(financing_data):
    rows = _build("financing_portfolio")["Portofolio per skema"]

    assert _pick(rows, "name", "loans", "disbursed", "outstanding", "par30") == {
        "Skema A": (3, 35 * M, 23 * M, 15 * M),
        "Skema B": (1, 30 * M, 25 * M, 25 * M),
        "Jumlah Provinsi Kalimantan Timur": (4, 65 * M, 48 * M, 40 * M),
    }


def test_financing_portfolio_par_bands(financing_data):
    rows = _build("financing_portfolio")["PAR per kelompok tunggakan"]

    assert _pick(rows, "label", "loans", "outstanding", "par") == {
        "1-30 hari": (1, 8 * M, 48 * M),
        "31-60 hari": (1, 15 * M, 40 * M),
        "61-90 hari": (0, 0, 25 * M),
        "Lebih dari 90 hari": (1, 25 * M, 25 * M),
        "Jumlah Provinsi Kalimantan Timur": (3, 48 * M, 48 * M),
    }


def test_financing_portfolio_applications_by_status(financing_data):
    rows = _build("financing_portfolio")["Permohonan per status"]

    by_status = _pick(rows, "status", "total", "submitted_in_year", "amount")
    assert by_status["Draf"] == (1, 0, 3 * M)
    assert by_status["Diajukan"] == (1, 1, 7 * M)
    assert by_status["Ditolak"] == (1, 0, 4 * M)
    assert by_status["Dicairkan"] == (4, 0, 40 * M)
    assert by_status["Disetujui"] == (0, 0, 0)


def test_financing_portfolio_district_run_shows_only_that_district(financing_data):
    sections = _build("financing_portfolio", "64.71")

    assert [row["name"] for row in sections["Portofolio per kabupaten/kota"]] == [
        "Kota Balikpapan",
        "Jumlah Kota Balikpapan",
    ]
    assert _pick(sections["Portofolio per skema"], "name", "loans") == {
        "Skema A": (1,),
        "Skema B": (1,),
        "Jumlah Kota Balikpapan": (2,),
    }
    statuses = _pick(sections["Permohonan per status"], "status", "total")
    assert (statuses["Draf"], statuses["Ditolak"]) == ((0,), (1,))


@pytest.mark.parametrize("group_by", ["district", "scheme"])
def test_financing_portfolio_agrees_with_the_api_to_the_rupiah(
    financing_data, staff_api, group_by
):
    api = staff_api.get(f"/api/v1/financing/portfolio/?group_by={group_by}").json()
    title = {
        "district": "Portofolio per kabupaten/kota",
        "scheme": "Portofolio per skema",
    }

    rows = _build("financing_portfolio")[title[group_by]]

    total = rows[-1]
    assert total["outstanding"] == Decimal(str(api["outstanding"]))
    assert sorted(
        (
            Decimal(str(r["disbursed"])),
            Decimal(str(r["outstanding"])),
            Decimal(str(r["par"])),
        )
        for r in api["results"]
    ) == sorted((r["disbursed"], r["outstanding"], r["par30"]) for r in rows[:-1])
