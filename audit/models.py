"""Who looked at or took out personal data, and what the retention sweep erased
(UU 27/2022: processing of personal data is accountable). Nothing here holds a NIK: the person is named by id, an
export by its kind, size and format."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    """One access to a person's whole NIK or one export carrying NIKs: who, when,
    which person or export, what and why, from where. Written once, never
    changed (the admin only lists it)."""

    class Action(models.TextChoices):
        VIEW_NIK = "view_nik", _("Melihat NIK utuh")
        FIND_BY_NIK = "find_by_nik", _("Mencari dengan NIK utuh")
        EXPORT = "export", _("Ekspor dengan NIK")
        RECONCILE = "reconcile", _("Rekonsiliasi data orang")
        # One row per kind of record the retention sweep acted on: the kind in
        # export_kind, how many in rows.
        RETENTION = "retention", _("Penghapusan karena masa simpan habis")

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        # The row outlives the account; `actor` keeps who it was.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.CharField(
        _("pelaku"),
        max_length=150,
        help_text=_("Nama pengguna atau nama token API saat akses."),
    )
    action = models.CharField(_("tindakan"), max_length=16, choices=Action.choices)
    # A plain id, not a foreign key: the record stays when the person is deleted
    # and never joins to the table that holds the NIK.
    person_id = models.PositiveBigIntegerField(_("id orang"), null=True, blank=True)
    export_kind = models.CharField(_("jenis ekspor"), max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)
    file_format = models.CharField(_("format berkas"), max_length=20, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="view_nik") | Q(person_id__isnull=False),
                name="personal_data_access_view_names_person",
            ),
            models.CheckConstraint(
                condition=~Q(action="export")
                | (~Q(export_kind="") & Q(rows__isnull=False)),
                name="personal_data_access_export_names_kind_and_rows",
            ),
            models.CheckConstraint(
                condition=~Q(action="retention")
                | (~Q(export_kind="") & Q(rows__isnull=False)),
                name="personal_data_access_retention_names_kind_and_rows",
            ),
        ]
        indexes = [
            models.Index(fields=["action", "at"], name="pda_action_at"),
            models.Index(fields=["user", "at"], name="pda_user_at"),
            models.Index(
                fields=["person_id", "at"],
                condition=Q(person_id__isnull=False),
                name="pda_person_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor}"
