from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.phone import validate_phone


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user, shown in the portal and sent by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # `notif_user_read` starts with the user
        # No database constraint: checking it at commit (a locking read of the
        # user) cost a fifth of a reminder batch. Django still deletes a user's
        # notifications with the user, and every insert takes its user from a
        # join with the users table in the same statement.
        db_constraint=False,
    )
    kind = models.CharField(_("jenis"), max_length=40)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    link = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat surel"), null=True, blank=True)
    # A reminder's once-only key is (kind, object_ref, period, user): set for
    # reminders (`reminder_send_once`), empty for other notifications.
    object_ref = models.CharField(_("objek"), max_length=60, blank=True, default="")
    period = models.CharField(_("periode"), max_length=20, blank=True, default="")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_read")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_ref", "period", "user"],
                condition=~models.Q(period=""),
                name="reminder_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period="", object_ref="")
                | (~models.Q(period="") & ~models.Q(object_ref="")),
                name="reminder_key_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SentReminder(models.Model):
    """The once-only records of the reminders, read-only: a view of the
    notifications that carry a reminder key (`Notification.period` set). The
    notification's unique key decides whether a reminder goes out, so a task that
    runs twice, or is redelivered after a worker died, sends nothing twice."""

    kind = models.CharField(_("jenis"), max_length=40)
    object_ref = models.CharField(_("objek"), max_length=60)
    period = models.CharField(_("periode"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    notification = models.OneToOneField(
        Notification,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        managed = False  # the view made by migration 0003
        db_table = "notifications_sentreminder"
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_ref} {self.period}"


class Channel(models.TextChoices):
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class PhoneNumber(models.Model):
    """The number a user's WhatsApp and SMS messages go to. Nothing is sent to it
    until it is verified (`verified_at`): a number typed by someone else must not
    receive another person's loan reminders."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="notification_phone",
    )
    number = models.CharField(_("nomor HP"), max_length=16, validators=[validate_phone])
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    # The user's opt-out of WhatsApp/SMS, honoured from the next message on.
    opted_out_at = models.DateTimeField(
        _("berhenti berlangganan"), null=True, blank=True
    )
    # The one-time code being verified (its HMAC, never the code), when it was
    # sent (one a minute at most) and the wrong tries so far (five at most).
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("nomor HP notifikasi")
        verbose_name_plural = _("nomor HP notifikasi")

    def __str__(self) -> str:
        return self.number


class Delivery(models.Model):
    """One notification sent on one paid channel (WhatsApp, SMS): the once-only
    record of that message. Its key (notification, channel) covers the channel,
    and the notification's own key covers the reminder's kind, object, period and
    recipient. Email keeps its record on the notification (`emailed_at`).

    PENDING → SENDING (claimed by one task run, committed before the provider is
    called) → SENT → DELIVERED / READ (receipts); or → RETRY → SENDING … on a
    transient provider error; FAILED on a permanent one or retries exhausted;
    UNCERTAIN when a run died between its claim and recording the answer: the
    provider may have it, so it is not sent again blindly (a receipt settles it,
    or staff resend it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu")
        SENDING = "sending", _("sedang dikirim")
        RETRY = "retry", _("dicoba lagi")
        SENT = "sent", _("terkirim")
        DELIVERED = "delivered", _("sampai")
        READ = "read", _("dibaca")
        FAILED = "failed", _("gagal")
        UNCERTAIN = "uncertain", _("tidak pasti")
        # Not sent: the user turned this channel off for this kind of message
        # (`preferences`), checked again at send time.
        OPTED_OUT = "opted_out", _("dimatikan penerima")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notifikasi"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("tujuan"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Which task run holds the claim ("<task id>:<retry>"): a redelivery of the
    # same run finds its own claim (it died mid-send), another run leaves it.
    claim = models.CharField(_("klaim"), max_length=80, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    provider_id = models.CharField(_("ID penyedia"), max_length=128, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("sampai"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengiriman pesan")
        verbose_name_plural = _("pengiriman pesan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="delivery_status"),
            models.Index(fields=["channel", "provider_id"], name="delivery_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}"

    @property
    def reference(self) -> str:
        """Our reference for the message at the provider (idempotency key for
        the SMS gateway, `biz_opaque_callback_data` on WhatsApp)."""
        return f"kukm-delivery-{self.pk}"


class ChannelPreference(models.Model):
    """A user's choice of one channel for one kind of message (`preferences.Topic`).
    No row means the default: on (a phone channel only once the number is
    verified)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="channel_preferences",
    )
    topic = models.CharField(_("jenis pesan"), max_length=20)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pilihan saluran")
        verbose_name_plural = _("pilihan saluran")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic", "channel"], name="channel_preference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.channel} {self.enabled}"
