"""Open data, in the spirit of Satu Data Indonesia: the province's cooperative
statistics per year and district, as CSV and JSON, with a description of every
column and a licence.

The figures are the dashboard's and the API's (`cooperatives.selectors.
cooperative_stats`, SPEC section 6): `total` registered, `active` in the year, and
the sums of the verified RAT reports of that fiscal year. Rows are cached per year
for an hour; a year's figures change only as reports are verified."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from accounts.scope import Scope
from cooperatives.selectors import cooperative_stats

from .selectors import YEARS_SHOWN

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000
CACHE_SECONDS = 60 * 60
CACHE_KEY = "open-data:statistik:v1:{year}"
PROVINCE_CODE = "64"
PROVINCE_NAME = "Kalimantan Timur"
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    name: str
    description: Promise
    unit: Promise | str = ""
    source: str = ""  # the key of a cooperative_stats row


COLUMNS = (
    Column("tahun", _("Tahun data: tahun kalender, dan tahun buku untuk angka RAT.")),
    Column("kode_provinsi", _("Kode wilayah Kemendagri provinsi.")),
    Column("nama_provinsi", _("Nama provinsi.")),
    Column(
        "kode_kabupaten_kota",
        _("Kode wilayah Kemendagri kabupaten/kota, misalnya 64.72."),
        source="district",
    ),
    Column("nama_kabupaten_kota", _("Nama kabupaten/kota."), source="district_name"),
    Column(
        "jumlah_koperasi_terdaftar",
        _(
            "Koperasi terdaftar (tidak dibubarkan) yang berdiri paling lambat "
            "31 Desember tahun itu."
        ),
        _("unit"),
        "total",
    ),
    Column(
        "jumlah_koperasi_aktif",
        _(
            "Koperasi aktif: menyelenggarakan RAT pada tahun itu atau dua tahun "
            "sebelumnya, menurut laporan yang diverifikasi Dinas."
        ),
        _("unit"),
        "active",
    ),
    Column(
        "jumlah_koperasi_lapor_rat",
        _("Koperasi yang laporan RAT tahun buku itu sudah diverifikasi Dinas."),
        _("unit"),
        "rat_reported",
    ),
    Column(
        "jumlah_anggota",
        _("Anggota koperasi menurut laporan RAT tahun buku itu yang diverifikasi."),
        _("orang"),
        "members",
    ),
    Column(
        "jumlah_anggota_laki_laki",
        _("Anggota laki-laki (laporan RAT terverifikasi)."),
        _("orang"),
        "members_male",
    ),
    Column(
        "jumlah_anggota_perempuan",
        _("Anggota perempuan (laporan RAT terverifikasi)."),
        _("orang"),
        "members_female",
    ),
    Column(
        "modal_sendiri",
        _("Jumlah modal sendiri (laporan RAT terverifikasi)."),
        _("rupiah"),
        "own_capital",
    ),
    Column(
        "modal_luar",
        _("Jumlah modal luar (laporan RAT terverifikasi)."),
        _("rupiah"),
        "external_capital",
    ),
    Column(
        "aset", _("Jumlah aset (laporan RAT terverifikasi)."), _("rupiah"), "assets"
    ),
    Column(
        "volume_usaha",
        _("Jumlah volume usaha (laporan RAT terverifikasi)."),
        _("rupiah"),
        "business_volume",
    ),
    Column(
        "sisa_hasil_usaha",
        _("Jumlah sisa hasil usaha, SHU (laporan RAT terverifikasi)."),
        _("rupiah"),
        "surplus",
    ),
)
COLUMN_NAMES = [column.name for column in COLUMNS]


def published_years(today: datetime.date) -> list[int]:
    """The years a download without `?tahun=` holds: the dashboard's five."""
    return list(range(today.year - YEARS_SHOWN + 1, today.year + 1))


def _value(value):
    if isinstance(value, Decimal):
        return f"{value.quantize(CENT):f}"
    return value


def _rows_of(year: int) -> list[dict]:
    rows = []
    for stats in cooperative_stats(scope=Scope.province(), year=year):
        row = {"tahun": year, "kode_provinsi": PROVINCE_CODE}
        row["nama_provinsi"] = PROVINCE_NAME
        for column in COLUMNS:
            if column.source:
                row[column.name] = _value(stats[column.source])
        rows.append({name: row[name] for name in COLUMN_NAMES})
    return rows


def statistics_rows(*, years: list[int]) -> list[dict]:
    """One row per year and district, in COLUMNS' order; money as decimal
    strings, counts as integers. Served from the cache when it answers."""
    rows = []
    for year in years:
        key = CACHE_KEY.format(year=year)
        try:
            cached = cache.get(key)
        except (RedisError, OSError) as exc:
            logger.warning("open data cache unavailable: %r", exc)
            rows += _rows_of(year)
            continue
        if cached is None:
            cached = _rows_of(year)
            try:
                cache.set(key, cached, CACHE_SECONDS)
            except (RedisError, OSError) as exc:
                logger.warning("open data cache unavailable: %r", exc)
        rows += cached
    return rows
