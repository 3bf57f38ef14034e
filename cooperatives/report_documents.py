"""The PDFs attached to an annual report (minutes of the RAT, financial
statements) as every interface serves them: the caller has found the report
through its scope (the portal, the admin and the API answer 404 otherwise), never
a public MEDIA_URL."""

from django.http import FileResponse, Http404

from .models import AnnualReport


def attachment_response(report: AnnualReport, kind: str) -> FileResponse:
    """The attachment as a PDF download; 404 for an unknown or missing one."""
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
    """Each attachment's kind, label and whether it is there, for the pages."""
    return [
        {
            "kind": kind,
            "label": AnnualReport._meta.get_field(field).verbose_name,
            "attached": bool(getattr(report, field)),
        }
        for kind, field in AnnualReport.ATTACHMENTS.items()
    ]
