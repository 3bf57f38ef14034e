from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
