from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enterprise import Enterprise


class OwnerSignup(models.Model):
    """One sign-up of a UMKM owner at /portal/daftar/: what was typed (the NIK
    only as ciphertext and keyed hash) and the one-time code that proves it,
    stored as a salted hash. Every sign-up gets a row and a code, whether its NIB
    and NIK matched or not, so the answer is the same either way; only a matching
    (or a new) business is ever sent its code."""

    class Kind(models.TextChoices):
        MATCHED = "matched", _("Cocok dengan UMKM terdaftar")
        NEW = "new", _("UMKM baru (menunggu verifikasi)")
        UNMATCHED = "unmatched", _("Tidak cocok (kode tidak dikirim)")

    kind = models.CharField(_("jenis"), max_length=9, choices=Kind.choices)
    nib = models.CharField(_("NIB"), max_length=13)
    nik_encrypted = models.BinaryField(_("NIK (terenkripsi)"), editable=False)
    nik_hash = models.CharField(_("sidik NIK"), max_length=64, editable=False)
    # Where the code went: the enterprise's registered address, or the one typed
    # for a new business; empty when nothing was sent.
    email = models.EmailField(_("surel tujuan kode"), blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("UMKM"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # What a new business is registered with once the code is proven.
    details = models.JSONField(_("data usaha"), default=dict, blank=True)
    code_hash = models.CharField(_("sidik kode"), max_length=97, editable=False)
    attempts = models.PositiveSmallIntegerField(_("percobaan kode"), default=0)
    expires_at = models.DateTimeField(_("kode berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pendaftaran pemilik UMKM")
        verbose_name_plural = _("pendaftaran pemilik UMKM")
        indexes = [models.Index(fields=["created_at"], name="owner_signup_created")]

    def __str__(self) -> str:
        return f"{self.nib} ({self.get_kind_display()})"
