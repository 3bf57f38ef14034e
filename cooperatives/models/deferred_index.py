from django.db import models


class DeferredIndex(models.Model):
    """A secondary index a first load dropped and left for after its commit:
    its CREATE INDEX statement (`pg_get_indexdef`, captured at the drop),
    written in the job's transaction so that a lost task or a crashed worker
    cannot lose it. The build after the commit deletes the row once the index
    is valid (services/imports/deferred_indexes.py)."""

    name = models.CharField(max_length=63, unique=True)  # PostgreSQL's limit
    table = models.CharField(max_length=63)
    statement = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created", "name")

    def __str__(self) -> str:
        return self.name
