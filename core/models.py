"""The stored figures (core.figures): a family's state and its figure sets."""

from django.db import models


class FigureFamily(models.Model):
    """A group of figures read from the same tables (e.g. "registry": cooperatives,
    annual reports, districts). `dirty` is set by the tables' triggers on any write
    (figures_touch); a refresh clears it and moves `generation` on. A family
    without a row is dirty."""

    family = models.CharField(max_length=40, primary_key=True)
    dirty = models.BooleanField(default=True)
    generation = models.BigIntegerField(default=0)

    class Meta:
        db_table = "figure_family"

    def __str__(self) -> str:
        return self.family


class FigureSet(models.Model):
    """One figure of a family (`key`, e.g. "stats:2025") as computed live at
    `generation`; current only while the family is clean at that generation (and,
    for a figure of a day, `as_of` is today)."""

    family = models.ForeignKey(
        FigureFamily,
        on_delete=models.CASCADE,
        db_column="family",
        related_name="sets",
    )
    key = models.CharField(max_length=80)
    generation = models.BigIntegerField()
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
