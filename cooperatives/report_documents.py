"""What an annual report carries beside its figures, as every interface shows
it: the PDFs attached to it (minutes of the RAT, financial statements), served
once the caller has found the report through its scope (the portal, the admin
and the API answer 404 otherwise), never from a public MEDIA_URL; and staff's
corrections, each with its figures before and after."""

import datetime

from django.http import Http404
from django.utils.text import capfirst

from core.files import stored_file_response
from core.numbers import format_rupiah

from .models import AnnualReport


def attachment_response(report: AnnualReport, kind: str):
    """The attachment as a PDF download; 404 for an unknown or missing one."""
    field = AnnualReport.ATTACHMENTS.get(kind)
    stored = getattr(report, field) if field else None
    if not stored:
        raise Http404
    return stored_file_response(
        stored,
        content_type="application/pdf",
        filename=f"RAT-{report.fiscal_year}-{report.cooperative_id}-{kind}.pdf",
    )


def attachments_of(report: AnnualReport) -> list[dict]:
    """Each attachment's kind, label and whether it is there, for the pages."""
    return [
        {
            "kind": kind,
            "label": AnnualReport._meta.get_field(field).verbose_name,
            "attached": bool(getattr(report, field)),
        }
        for kind, field in AnnualReport.ATTACHMENTS.items()
    ]


MONEY_FIGURES = {
    "own_capital",
    "external_capital",
    "assets",
    "business_volume",
    "surplus",
}


def _figure_text(name: str, value: str) -> str:
    """A stored figure (text) as staff read it: Rp1.250.000, 14-03-2025."""
    if not value:
        return "—"
    if name in MONEY_FIGURES:
        return format_rupiah(value)
    if name == "rat_held_on":
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    return value


def correction_rows(corrections) -> list[dict]:
    """Each correction with its changes as label, before and after."""
    meta = AnnualReport._meta
    return [
        {
            "correction": correction,
            "changes": [
                {
                    "label": capfirst(meta.get_field(name).verbose_name),
                    "before": _figure_text(name, before),
                    "after": _figure_text(name, after),
                }
                for name, (before, after) in correction.changes.items()
            ],
        }
        for correction in corrections
    ]
