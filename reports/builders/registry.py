"""The registry reports: the provincial cooperative recap and the SME recap."""

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import Cooperative, District, Enterprise
from cooperatives.reference_data import KBLI_SECTIONS
from cooperatives.rules import kbli_section
from cooperatives.selectors import cooperative_stats

from .base import Column, Report, Section

DETAIL_CHUNK = 2000


def _where(district: District | None) -> str:
    return district.name if district else _("Provinsi Kalimantan Timur")


def cooperative_recap(*, scope: Scope, year: int, district: District | None) -> Report:
    rows = cooperative_stats(scope=scope, year=year)
    for row in rows:
        row["inactive"] = row["total"] - row["active"]
    by_kind = (
        Cooperative.objects.restrict(scope)
        .registered()
        .values("kind")
        .annotate(total=Count("pk"))
        .order_by("kind")
    )
    kinds = dict(Cooperative.Kind.choices)
    return Report(
        title=_("Rekapitulasi koperasi per kabupaten/kota"),
        subtitle=_("Tahun %(year)s — %(where)s")
        % {"year": year, "where": _where(district)},
        sections=[
            Section(
                title=_("Koperasi, keaktifan dan RAT"),
                columns=[
                    Column("district_name", _("Kabupaten/kota")),
                    Column("total", _("Jumlah koperasi"), "int"),
                    Column("active", _("Aktif"), "int"),
                    Column("inactive", _("Tidak aktif"), "int"),
                    Column("rat_reported", _("RAT tahun buku"), "int"),
                    Column("members_male", _("Anggota laki-laki"), "int"),
                    Column("members_female", _("Anggota perempuan"), "int"),
                ],
                rows=rows,
                chart=("district_name", "active"),
            ),
            Section(
                title=_("Keuangan dari laporan RAT terverifikasi"),
                columns=[
                    Column("district_name", _("Kabupaten/kota")),
                    Column("own_capital", _("Modal sendiri"), "money"),
                    Column("external_capital", _("Modal luar"), "money"),
                    Column("assets", _("Aset"), "money"),
                    Column("business_volume", _("Volume usaha"), "money"),
                    Column("surplus", _("SHU"), "money"),
                ],
                rows=rows,
            ),
            Section(
                title=_("Koperasi terdaftar per jenis"),
                columns=[
                    Column("kind", _("Jenis koperasi")),
                    Column("total", _("Jumlah"), "int"),
                ],
                rows=[
                    {"kind": str(kinds.get(r["kind"], r["kind"])), "total": r["total"]}
                    for r in by_kind
                ],
            ),
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
    enterprises = Enterprise.objects.restrict(scope)
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
    return Report(
        title=_("Rekapitulasi UMKM"),
        subtitle=_("Keadaan %(year)s — %(where)s")
        % {"year": year, "where": _where(district)},
        sections=[
            Section(
                title=_("UMKM per kabupaten/kota dan skala usaha"),
                columns=[Column("district_name", _("Kabupaten/kota")), *SCALE_COLUMNS],
                rows=[
                    {"district_name": districts[code], **entry}
                    for code, entry in sorted(by_district.items())
                ],
                chart=("district_name", "total"),
            ),
            Section(
                title=_("UMKM per kategori KBLI dan skala usaha"),
                columns=[Column("section", _("Kategori KBLI")), *SCALE_COLUMNS],
                rows=[
                    {
                        "section": f"{letter} {section_names.get(letter, '')}".strip(),
                        **entry,
                    }
                    for letter, entry in sorted(by_section.items())
                ],
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
