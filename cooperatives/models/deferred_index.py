from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeferredWork(models.Model):
    """Work a first load records in its transaction and leaves for a task
    after its commit: when recorded, and the task's last failure (every sweep
    tries again)."""

    created = models.DateTimeField(_("dicatat"), auto_now_add=True)
    # Database defaults: a first load records its rows with a plain INSERT.
    error = models.TextField(_("galat terakhir"), blank=True, db_default="")
    attempts = models.PositiveIntegerField(_("percobaan gagal"), db_default=0)
    last_attempt = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)

    class Meta:
        abstract = True


class DeferredIndex(DeferredWork):
    """A secondary index a first load dropped and left for after its commit:
    its CREATE INDEX statement (`pg_get_indexdef`, captured at the drop),
    written in the job's transaction so that a lost task or a crashed worker
    cannot lose it. The build after the commit deletes the row once the index
    is valid; a statement that fails (a column a later migration dropped) keeps
    its row with the error, tried again by every sweep
    (services/imports/deferred_indexes.py)."""

    name = models.CharField(_("nama indeks"), max_length=63, unique=True)
    table = models.CharField(_("tabel"), max_length=63)
    statement = models.TextField(_("perintah"))

    class Meta(DeferredWork.Meta):
        verbose_name = _("indeks tertunda")
        verbose_name_plural = pgettext_lazy("plural", "indeks tertunda")
        ordering = ("created", "name")

    def __str__(self) -> str:
        return self.name
