"""A RAT report's attachments as the pages show and serve them (the caller has
found the report through its scope: 404 for anyone else)."""

from django.http import FileResponse, Http404

from cooperatives.models import AnnualReport


def serve_attachment(report: AnnualReport, kind: str) -> FileResponse:
    field = AnnualReport.ATTACHMENTS.get(kind)
    stored = getattr(report, field) if field else None
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"RAT-{report.fiscal_year}-{report.cooperative_id}-{kind}.pdf",
    )


def attachments_of(report: AnnualReport) -> list[dict]:
    """Each attachment's label, kind and whether it is there, for the pages."""
    return [
        {
            "kind": kind,
            "label": AnnualReport._meta.get_field(field).verbose_name,
            "attached": bool(getattr(report, field)),
        }
        for kind, field in AnnualReport.ATTACHMENTS.items()
    ]
