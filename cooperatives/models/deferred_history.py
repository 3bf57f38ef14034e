from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .deferred_index import DeferredWork


class DeferredHistory(DeferredWork):
    """The creation records ('+', django-simple-history's) of one table's rows
    a first load wrote and left for after its commit: the job's ids of that
    table (one contiguous range, drawn while it held the table), when, by whom
    and why they were created. Written in the job's transaction, so a lost task
    or a crashed worker cannot lose them; a task writes the records a chunk of
    ids at a time, `next_id` the first id not yet done, and deletes the row
    once the range is done. Until then a trigger on the table writes the
    record of a row about to be changed or deleted from its values as imported
    (services/imports/deferred_history.py)."""

    table = models.CharField(_("tabel"), max_length=63)
    first_id = models.BigIntegerField(_("id pertama"))
    last_id = models.BigIntegerField(_("id terakhir"))
    next_id = models.BigIntegerField(_("id berikutnya"))
    history_date = models.DateTimeField(_("waktu riwayat"))
    history_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("alasan"), max_length=100)

    class Meta(DeferredWork.Meta):
        verbose_name = _("riwayat tertunda")
        verbose_name_plural = pgettext_lazy("plural", "riwayat tertunda")
        ordering = ("created", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_id__lte=models.F("next_id"))
                & models.Q(first_id__lte=models.F("last_id")),
                name="deferred_history_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.first_id}..{self.last_id}"
