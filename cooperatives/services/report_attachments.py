"""The PDFs attached to an annual report: the minutes of the RAT (berita acara)
and the financial statements. Checked by their content and size, stored under a
random name, the file they replace removed once the transaction commits. An
officer attaches them while the report is a draft or returned; staff may replace
them at any time (a paper report, a corrected statement)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import history_note
from core.uploads import pdf_check, stored_files_delete_after_commit

from ..models import AnnualReport


@transaction.atomic
def annual_report_attach(
    *, report_id: int, files: dict, by, staff: bool = False
) -> AnnualReport:
    """Attach (or replace) PDFs: `files` maps a key of `AnnualReport.ATTACHMENTS`
    (`minutes`, `financial_statements`) to an uploaded file. Errors name the key."""
    if not files:
        raise ValidationError(_("Pilih berkas PDF yang akan diunggah."))
    unknown = [kind for kind in files if kind not in AnnualReport.ATTACHMENTS]
    if unknown:
        raise ValidationError(
            {kind: _("Jenis lampiran tidak dikenal.") for kind in unknown}
        )
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    if not staff and not report.is_editable:
        raise ValidationError(
            _(
                "Lampiran hanya dapat diubah selama laporan berstatus draf atau "
                "dikembalikan."
            )
        )
    errors = {}
    for kind, file in files.items():
        try:
            pdf_check(file)
        except ValidationError as error:
            errors[kind] = error.messages
    if errors:
        raise ValidationError(errors)
    replaced = []
    for kind, file in files.items():
        stored = getattr(report, AnnualReport.ATTACHMENTS[kind])
        if stored:
            replaced.append((stored.storage, stored.name))
        stored.save(f"{kind}.pdf", file, save=False)
    history_note(report, reason="attach", by=by)
    report.save(
        update_fields=[
            *(AnnualReport.ATTACHMENTS[kind] for kind in files),
            "updated_at",
        ]
    )
    for storage, name in replaced:
        stored_files_delete_after_commit(storage, [name])
    return report
