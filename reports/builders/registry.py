"""The registry reports: the provincial cooperative recap and the SME recap.

A report's year is the state at that year's end: the cooperatives founded and the
SMEs entered in the registry by 31 December, and the RAT reports of that fiscal
year. Every recap table ends with the total of the province (or of the district
the report was asked for)."""

import datetime

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import Cooperative, District, Enterprise
from cooperatives.reference_data import KBLI_SECTIONS
from cooperatives.rules import kbli_section
from cooperatives.selectors import cooperative_stats

from .base import Column, Report, Section, total_row
from .kdmp import kdmp_sections

DETAIL_CHUNK = 2000


def _where(district: District | None) -> str:
    return district.name if district else _("Provinsi Kalimantan Timur")


def total_label(district: District | None) -> str:
    return _("Jumlah %(where)s") % {"where": _where(district)}


def after_year(year: int) -> datetime.datetime:
    """The first moment after `year` in local time (WITA): timestamps before it
    belong to the state at the year's end."""
    return datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())


COUNT_COLUMNS = [
    Column("district_name", _("Kabupaten/kota")),
    Column("total", _("Jumlah koperasi"), "int"),
    Column("active", _("Aktif"), "int"),
    Column("inactive", _("Tidak aktif"), "int"),
    Column("rat_reported", _("RAT tahun buku"), "int"),
    Column("members_male", _("Anggota laki-laki"), "int"),
    Column("members_female", _("Anggota perempuan"), "int"),
]
FINANCE_COLUMNS = [
    Column("district_name", _("Kabupaten/kota")),
    Column("own_capital", _("Modal sendiri"), "money"),
    Column("external_capital", _("Modal luar"), "money"),
    Column("assets", _("Aset"), "money"),
    Column("business_volume", _("Volume usaha"), "money"),
    Column("surplus", _("SHU"), "money"),
]


def cooperative_recap(*, scope: Scope, year: int, district: District | None) -> Report:
    rows = cooperative_stats(scope=scope, year=year)
    for row in rows:
        row["inactive"] = row["total"] - row["active"]
    by_kind = (
        Cooperative.objects.restrict(scope)
        .registered_by_end_of(year)
        .values("kind")
        .annotate(total=Count("pk"))
        .order_by("kind")
    )
    kinds = dict(Cooperative.Kind.choices)
    kind_columns = [
        Column("kind", _("Jenis koperasi")),
        Column("total", _("Jumlah"), "int"),
    ]
    kind_rows = [
        {"kind": str(kinds.get(r["kind"], r["kind"])), "total": r["total"]}
        for r in by_kind
    ]
    label = total_label(district)
    return Report(
        title=_("Rekapitulasi koperasi per kabupaten/kota"),
        subtitle=_("Keadaan 31 Desember %(year)s, RAT tahun buku %(year)s — %(where)s")
        % {"year": year, "where": _where(district)},
        sections=[
            Section(
                title=_("Koperasi, keaktifan dan RAT"),
                columns=COUNT_COLUMNS,
                rows=rows,
                chart=("district_name", "active"),
                total=total_row(rows, COUNT_COLUMNS, label),
            ),
            Section(
                title=_("Keuangan dari laporan RAT terverifikasi"),
                columns=FINANCE_COLUMNS,
                rows=rows,
                total=total_row(rows, FINANCE_COLUMNS, label),
            ),
            Section(
                title=_("Koperasi terdaftar per jenis"),
                columns=kind_columns,
                rows=kind_rows,
                total=total_row(kind_rows, kind_columns, label),
            ),
            *kdmp_sections(scope=scope, year=year, label=label),
        ],
    )


def _scale_table(queryset, key: str) -> dict:
    """{key value: {"micro": n, …, "total": n, "employees": n}} from one grouped query."""
    table: dict = {}
    for row in queryset.values(key, "scale").annotate(
        n=Count("pk"), employees=Sum("employees")
    ):
        entry = table.setdefault(
            row[key],
            {
                "micro": 0,
                "small": 0,
                "medium": 0,
                "large": 0,
                "total": 0,
                "employees": 0,
            },
        )
        entry[row["scale"]] = row["n"]
        entry["total"] += row["n"]
        entry["employees"] += row["employees"] or 0
    return table


SCALE_COLUMNS = [
    Column("micro", _("Mikro"), "int"),
    Column("small", _("Kecil"), "int"),
    Column("medium", _("Menengah"), "int"),
    Column("large", _("Besar"), "int"),
    Column("total", _("Jumlah"), "int"),
    Column("employees", _("Tenaga kerja"), "int"),
]


def _enterprise_rows(queryset):
    for enterprise in queryset.iterator(chunk_size=DETAIL_CHUNK):
        yield {
            "nib": enterprise.nib or "",
            "name": enterprise.name,
            "district": enterprise.district_id,
            "kbli": enterprise.kbli,
            "scale": str(enterprise.get_scale_display()),
            "business_capital": enterprise.business_capital,
            "annual_revenue": enterprise.annual_revenue,
            "employees": enterprise.employees,
        }


def enterprise_recap(*, scope: Scope, year: int, district: District | None) -> Report:
    enterprises = (
        Enterprise.objects.restrict(scope)
        .verified()
        .filter(created_at__lt=after_year(year))
    )
    districts = {d.code: d.name for d in District.objects.all()}
    by_district = _scale_table(enterprises, "district")
    by_division = _scale_table(
        enterprises.annotate(division=Substr("kbli", 1, 2)), "division"
    )
    by_section: dict = {}
    for division, entry in by_division.items():
        target = by_section.setdefault(
            kbli_section(division) or "-", dict.fromkeys(entry, 0)
        )
        for name, value in entry.items():
            target[name] += value
    section_names = dict(KBLI_SECTIONS)
    detail = enterprises.only(
        "nib",
        "name",
        "district_id",
        "kbli",
        "scale",
        "business_capital",
        "annual_revenue",
        "employees",
    ).order_by("district_id", "pk")
    district_columns = [Column("district_name", _("Kabupaten/kota")), *SCALE_COLUMNS]
    district_rows = [
        {"district_name": districts[code], **entry}
        for code, entry in sorted(by_district.items())
    ]
    section_columns = [Column("section", _("Kategori KBLI")), *SCALE_COLUMNS]
    section_rows = [
        {"section": f"{letter} {section_names.get(letter, '')}".strip(), **entry}
        for letter, entry in sorted(by_section.items())
    ]
    label = total_label(district)
    return Report(
        title=_("Rekapitulasi UMKM"),
        subtitle=_("Terdaftar sampai 31 Desember %(year)s — %(where)s")
        % {"year": year, "where": _where(district)},
        sections=[
            Section(
                title=_("UMKM per kabupaten/kota dan skala usaha"),
                columns=district_columns,
                rows=district_rows,
                chart=("district_name", "total"),
                total=total_row(district_rows, district_columns, label),
            ),
            Section(
                title=_("UMKM per kategori KBLI dan skala usaha"),
                columns=section_columns,
                rows=section_rows,
                total=total_row(section_rows, section_columns, label),
            ),
            Section(
                title=_("Daftar UMKM"),
                columns=[
                    Column("nib", "NIB"),
                    Column("name", _("Nama usaha")),
                    Column("district", _("Kabupaten/kota")),
                    Column("kbli", "KBLI"),
                    Column("scale", _("Skala")),
                    Column("business_capital", _("Modal usaha"), "money"),
                    Column("annual_revenue", _("Hasil penjualan tahunan"), "money"),
                    Column("employees", _("Tenaga kerja"), "int"),
                ],
                rows=_enterprise_rows(detail),
                detail=True,
                size=detail.count(),
            ),
        ],
    )
