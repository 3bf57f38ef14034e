"""The kinds of message a user chooses channels for: a notification's `kind`
belongs to one topic by its prefix (`topic_of`, the same rule in SQL,
`topic_sql`)."""

from django.db import models
from django.utils.translation import gettext_lazy


class Topic(models.TextChoices):
    INSTALLMENTS = "installments", gettext_lazy("Pengingat angsuran dan tunggakan")
    FINANCING = "financing", gettext_lazy("Keputusan pembiayaan")
    REPORTS = "reports", gettext_lazy("Laporan RAT")
    PROGRAMS = "programs", gettext_lazy("Program, sesi dan pendampingan")
    ACCESS = "access", gettext_lazy("Akses dan undangan")
    OTHER = "other", gettext_lazy("Pemberitahuan lain")


# (prefix of the kind, topic), the first match wins; anything else is OTHER.
KIND_PREFIXES = (
    ("installment_", Topic.INSTALLMENTS),
    ("loan_", Topic.INSTALLMENTS),
    ("financing_", Topic.FINANCING),
    ("rat_", Topic.REPORTS),
    ("annual_report_", Topic.REPORTS),
    ("program_", Topic.PROGRAMS),
    ("enrolment_", Topic.PROGRAMS),
    ("certificate_", Topic.PROGRAMS),
    ("mentoring_", Topic.PROGRAMS),
    ("access_", Topic.ACCESS),
    ("invitation", Topic.ACCESS),
)


def topic_of(kind: str) -> str:
    for prefix, topic in KIND_PREFIXES:
        if kind.startswith(prefix):
            return topic.value
    return Topic.OTHER.value


def topic_sql(column: str) -> str:
    """`topic_of` in SQL, of a kind column (the prefixes are ours: no quotes)."""
    cases = " ".join(
        f"WHEN starts_with({column}, '{prefix}') THEN '{topic.value}'"
        for prefix, topic in KIND_PREFIXES
    )
    return f"(CASE {cases} ELSE '{Topic.OTHER.value}' END)"
