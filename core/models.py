"""The stored figures (core.figures): a family's state and its figure sets."""

from django.db import models


class FigureFamily(models.Model):
    """A group of figures read from the same tables (e.g. "registry": cooperatives,
    annual reports, districts). The tables' triggers advance the family's touch
    sequence (`figures_touch_<family>`) on any write; `clean_at` is the value it
    read at the refresh whose sets are stored (current while the sequence still
    reads it). A family without a row was never computed."""

    family = models.CharField(max_length=40, primary_key=True)
    clean_at = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "figure_family"

    def __str__(self) -> str:
        return self.family


class FigureSet(models.Model):
    """One figure of a family (`key`, e.g. "stats:2025") as computed live by the
    refresh that read `clean_at` from the family's touch sequence; current only
    while the sequence still reads it (and, for a figure of a day, `as_of` is
    today)."""

    family = models.ForeignKey(
        FigureFamily,
        on_delete=models.CASCADE,
        db_column="family",
        related_name="sets",
    )
    key = models.CharField(max_length=80)
    clean_at = models.BigIntegerField()
    data = models.JSONField()
    as_of = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        db_table = "figure_set"
        constraints = [
            models.UniqueConstraint(
                fields=["family", "key"], name="figure_set_family_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_id}:{self.key}"
