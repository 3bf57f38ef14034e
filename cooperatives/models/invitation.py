"""Accounts by invitation, and the requests for access that lead to one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..fields import PhoneNumberField
from ..nik_crypto import decrypt_nik
from ..validators import mask_nik
from .cooperative import Cooperative
from .person import CooperativeRole, Person
from .regions import District
from .scoping import ScopedQuerySet


class InvitationQuerySet(ScopedQuerySet):
    # Officers see no invitations: staff see all, a district its own.
    cooperative_path = None

    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )

    def granting(self, user_id: int):
        """The accepted officer invitations that give this account its
        cooperatives (an invitation without a NIK has no person to hold a role)."""
        return self.filter(
            user_id=user_id,
            kind=Invitation.Kind.OFFICER,
            accepted_at__isnull=False,
            revoked_at__isnull=True,
        )


class Invitation(models.Model):
    """An invitation by email (or by WhatsApp/SMS to a phone) to open a portal account: a cooperative's officer
    (for a cooperative, optionally with a position and the person's NIK) or a
    district office's staff (for a district). The link carries a signed one-time
    token; only its SHA-256 is stored. It works once, until it expires (7 days)
    or is revoked; re-sending makes a new token and a new expiry."""

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Pengurus koperasi")
        DISTRICT = "district", _("Staf dinas kabupaten/kota")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Surel")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")

    class Sending(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal dikirim")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        ACCEPTED = "accepted", _("Diterima")
        EXPIRED = "expired", _("Kedaluwarsa")
        REVOKED = "revoked", _("Dicabut")

    kind = models.CharField(_("jenis akun"), max_length=10, choices=Kind.choices)
    email = models.EmailField(_("surel (email)"), blank=True)
    name = models.CharField(_("nama"), max_length=150, blank=True)
    phone = PhoneNumberField(_("nomor HP (WhatsApp)"), blank=True)
    # Where the link goes: the email address, or the phone by WhatsApp or SMS.
    channel = models.CharField(
        _("dikirim lewat"), max_length=10, choices=Channel.choices, default="email"
    )
    # The last send: queued (bulk invitations, sent by a Celery task), sent, or
    # failed (the provider refused it; staff re-send).
    sending = models.CharField(
        _("pengiriman"), max_length=10, choices=Sending.choices, default="sent"
    )
    sending_error = models.TextField(_("kesalahan pengiriman"), blank=True)
    # The bulk upload the invitation came from (its progress page).
    batch = models.UUIDField(_("kiriman massal"), null=True, blank=True, db_index=True)
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    # The scope: the cooperative's district for an officer.
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    position = models.CharField(
        _("jabatan"),
        max_length=10,
        choices=CooperativeRole.Position.choices,
        blank=True,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("orang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(
        _("sidik token"), max_length=64, unique=True, editable=False
    )
    language = models.CharField(
        _("bahasa"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    expires_at = models.DateTimeField(_("kedaluwarsa"))
    sent_at = models.DateTimeField(_("terakhir dikirim"))
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diundang oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["token_hash"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("undangan akun")
        verbose_name_plural = _("undangan akun")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="officer") | Q(cooperative__isnull=False),
                name="invitation_officer_has_cooperative",
                violation_error_message=_("Undangan pengurus harus untuk koperasi."),
            ),
            models.CheckConstraint(
                condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="invitation_token_hash_is_sha256",
            ),
            models.CheckConstraint(
                condition=(Q(channel="email") & ~Q(email=""))
                | (Q(channel__in=["whatsapp", "sms"]) & ~Q(phone="")),
                name="invitation_has_its_channels_address",
                violation_error_message=_(
                    "Isi surel, atau nomor HP bila undangan dikirim lewat WhatsApp "
                    "atau SMS."
                ),
            ),
        ]
        # `user` is a foreign key: its own index serves the officer scope's
        # `granting(user_id)`; no second one.

    def __str__(self) -> str:
        return f"{self.address} ({self.get_kind_display()})"

    @property
    def address(self) -> str:
        """Where the link went: the email address or the phone number."""
        return self.email if self.channel == self.Channel.EMAIL else self.phone

    @property
    def status(self) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class AccessRequestQuerySet(ScopedQuerySet):
    cooperative_path = None


class AccessRequest(models.Model):
    """Someone asking, from the sign-in page, for an officer's account of a
    cooperative. The cooperative is looked up by the NIK koperasi typed; a
    request naming none reaches agency staff only (district null). The district
    office of the cooperative (or agency staff) approves it, which sends an
    invitation, or refuses it with a reason; either answer goes by email.

        OPEN → APPROVED | REFUSED
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu keputusan")
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")

    cooperative_nik = models.CharField(_("NIK koperasi (diketik)"), max_length=40)
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_requests",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
    )
    # The NIK at rest as a person's (cooperatives.nik_crypto): never in clear.
    nik_encrypted = models.BinaryField(_("NIK (terenkripsi)"), editable=False)
    name = models.CharField(_("nama"), max_length=150)
    email = models.EmailField(_("surel (email)"))
    # Optional: the answer also goes there by WhatsApp or SMS when configured.
    phone = PhoneNumberField(_("nomor HP (WhatsApp)"), blank=True)
    position = models.CharField(
        _("jabatan"),
        max_length=10,
        choices=CooperativeRole.Position.choices,
        blank=True,
    )
    language = models.CharField(
        _("bahasa"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reason = models.TextField(_("alasan penolakan"), blank=True)
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("undangan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_request",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["nik_encrypted"])
    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("permintaan akses")
        verbose_name_plural = _("permintaan akses")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""),
                name="access_request_refusal_has_reason",
                violation_error_message=_("Tuliskan alasan penolakan."),
            ),
        ]
        indexes = [models.Index(fields=["status", "district"], name="access_open")]

    def __str__(self) -> str:
        return str(_("Permintaan akses #%(id)s") % {"id": self.pk})

    @property
    def nik(self) -> str:
        return decrypt_nik(bytes(self.nik_encrypted))

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)
