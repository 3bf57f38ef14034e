"""Choice lists of the programs domain (domain.md 5.1 and 5.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PROGRAM_TOPICS = [
    ("diklat_perkoperasian", _("Diklat perkoperasian")),
    ("bimtek_pembukuan_akuntansi", _("Bimtek pembukuan dan akuntansi (SAK EP)")),
    ("bimtek_penyusunan_rat", _("Bimtek penyusunan RAT")),
    ("manajemen_usaha", _("Manajemen usaha")),
    ("kewirausahaan", _("Kewirausahaan")),
    ("digital_marketing", _("Pemasaran digital")),
    ("digitalisasi_koperasi", _("Digitalisasi koperasi")),
    ("perpajakan", _("Perpajakan")),
    ("sertifikasi_halal_pirt", _("Sertifikasi halal dan PIRT")),
    ("legalitas_nib", _("Legalitas usaha dan NIB")),
    ("pengemasan_produk", _("Pengemasan produk")),
    ("pelatihan_keterampilan", _("Pelatihan keterampilan")),
    ("pendampingan_plut", _("Pendampingan PLUT-KUMKM")),
    ("pendampingan_kdmp", _("Pendampingan Koperasi Desa/Kelurahan Merah Putih")),
    ("uji_kompetensi", _("Uji kompetensi")),
]


class MentoringField(models.TextChoices):
    """The seven consultant fields of PLUT-KUMKM (domain.md 5.1)."""

    INSTITUTIONAL = "institutional", _("Kelembagaan")
    HUMAN_RESOURCES = "human_resources", _("Sumber daya manusia")
    PRODUCTION = "production", _("Produksi")
    FINANCING = "financing", _("Pembiayaan")
    MARKETING = "marketing", _("Pemasaran")
    INFORMATION_TECHNOLOGY = "information_technology", _("Teknologi informasi")
    PARTNERSHIP = "partnership", _("Jaringan kerja sama")
