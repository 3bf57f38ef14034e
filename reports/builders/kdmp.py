"""The KDMP sheets of the cooperative recap: per district and per kecamatan, the
villages, the Koperasi Desa/Kelurahan Merah Putih formed (running ones
included) and running, and the share of villages with one formed — the counts
the province reports upward (Inpres 9/2025), as at 31 December of the report's
year (cooperatives.selectors.kdmp defines each status)."""

import datetime

from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.selectors import (
    kdmp_coverage_by_district,
    kdmp_coverage_by_subdistrict,
    kdmp_totals,
)

from .base import Column, Section, total_row

COUNTS = [
    Column("villages", _("Desa/kelurahan"), "int"),
    Column("formed", _("KDMP terbentuk"), "int"),
    Column("running", _("KDMP beroperasi"), "int"),
    Column("share", _("Desa/kelurahan dengan KDMP"), "percent"),
]


def kdmp_sections(*, scope: Scope, year: int, label: str) -> list[Section]:
    as_of = datetime.date(year, 12, 31)
    districts = kdmp_coverage_by_district(scope=scope, as_of=as_of)
    sub_districts = kdmp_coverage_by_subdistrict(scope=scope, as_of=as_of)
    share = kdmp_totals(districts)["share"]
    district_columns = [Column("district_name", _("Kabupaten/kota")), *COUNTS]
    sub_district_columns = [
        Column("district_name", _("Kabupaten/kota")),
        Column("sub_district_name", _("Kecamatan")),
        *COUNTS,
    ]
    return [
        Section(
            title=_("KDMP per kabupaten/kota"),
            columns=district_columns,
            rows=districts,
            chart=("district_name", "formed"),
            total=total_row(districts, district_columns, label, share=share),
        ),
        Section(
            title=_("KDMP per kecamatan"),
            columns=sub_district_columns,
            rows=sub_districts,
            total=total_row(sub_districts, sub_district_columns, label, share=share),
        ),
    ]
