"""Annual report services and the active-status rule they keep.

Annual report workflow:

    DRAFT ──submit──▶ SUBMITTED ──verify──▶ VERIFIED (frozen snapshot)
      │                   │
      └──────verify───────┤ (staff entering a paper report verify a complete draft)
                          └──return(reason)──▶ RETURNED ──submit──▶ SUBMITTED

Verifying a report refreshes the cooperative's `last_rat_on`, from which *active*
is derived. An officer submits the figures with the minutes of the RAT and the
financial statements attached (PDFs, `report_attachments`). Staff correct the
figures of a submitted or verified report only with a reason, and the figures as
they were are kept (`AnnualReportCorrection`); a verified report stays verified.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.history import acting_user, history_note
from notifications.services import notification_create

from ..models import (
    AnnualReport,
    AnnualReportCorrection,
    Cooperative,
    CooperativeRole,
)
from .report_prefill import annual_report_prefill
from .writes import create_validated, update_validated

REQUIRED_ON_SUBMIT = ("rat_held_on",)
ATTACHMENTS_ON_SUBMIT = ("minutes_file", "financial_statements_file")
# The reason on a cooperative's history when its last RAT date follows its
# verified reports (core.history.reasons).
RAT_REFRESHED = "last RAT from the verified reports"


def _lock_report(report_id: int) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update()
        .select_related("cooperative")
        .get(pk=report_id)
    )


def _require_complete(report: AnnualReport) -> None:
    report.full_clean()
    missing = {
        name: _("Wajib diisi sebelum laporan diajukan.")
        for name in REQUIRED_ON_SUBMIT
        if getattr(report, name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)


def _require_attachments(report: AnnualReport) -> None:
    missing = {
        name: _("Lampirkan %(document)s (PDF) sebelum laporan diajukan.")
        % {"document": AnnualReport._meta.get_field(name).verbose_name}
        for name in ATTACHMENTS_ON_SUBMIT
        if not getattr(report, name)
    }
    if missing:
        raise ValidationError(missing)


def _notify_officers(
    cooperative: Cooperative,
    *,
    kind: str,
    title,
    body,
    link: str = "/portal/",
) -> None:
    """`title` and `body`: texts, or functions called in each officer's language."""
    today = timezone.localdate()
    roles = (
        CooperativeRole.objects.current(today)
        .filter(cooperative=cooperative, role=CooperativeRole.Role.OFFICER)
        .filter(person__user__isnull=False, person__user__is_active=True)
        .select_related("person__user")
    )
    for role in roles:
        notification_create(
            user=role.person.user, kind=kind, title=title, body=body, link=link
        )


@transaction.atomic
def annual_report_submit(*, report_id: int, by) -> AnnualReport:
    report = _lock_report(report_id)
    if not report.is_editable:
        raise ValidationError(
            _("Hanya laporan berstatus draf atau dikembalikan yang dapat diajukan.")
        )
    _require_complete(report)
    _require_attachments(report)
    report.status = AnnualReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    history_note(report, reason="submit", by=by)
    report.save()
    return report


@transaction.atomic
def annual_report_verify(*, report_id: int, by) -> AnnualReport:
    report = _lock_report(report_id)
    if report.status not in (AnnualReport.Status.DRAFT, AnnualReport.Status.SUBMITTED):
        raise ValidationError(_("Hanya laporan yang diajukan yang dapat diverifikasi."))
    _require_complete(report)
    cooperative = report.cooperative
    report.status = AnnualReport.Status.VERIFIED
    report.verified_at = timezone.now()
    report.verified_by = by
    report.return_reason = ""
    report.district_id = cooperative.district_id
    report.cooperative_name = cooperative.name
    report.cooperative_kind = cooperative.kind
    history_note(report, reason="verify", by=by)
    report.save()
    cooperative_refresh_rat_status(cooperative_id=cooperative.pk, by=by)
    _notify_officers(
        cooperative,
        kind="annual_report_verified",
        title=lambda: (
            _("Laporan RAT tahun buku %(year)s diverifikasi")
            % {"year": report.fiscal_year}
        ),
        body=lambda: (
            _(
                "Laporan RAT %(name)s untuk tahun buku %(year)s sudah diverifikasi dinas."
            )
            % {"name": cooperative.name, "year": report.fiscal_year}
        ),
    )
    return report


@transaction.atomic
def annual_report_return(*, report_id: int, by, reason: str) -> AnnualReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan laporan dikembalikan.")})
    report = _lock_report(report_id)
    if report.status != AnnualReport.Status.SUBMITTED:
        raise ValidationError(_("Hanya laporan yang diajukan yang dapat dikembalikan."))
    report.status = AnnualReport.Status.RETURNED
    report.return_reason = reason
    history_note(report, reason="return", by=by)
    report.save()
    _notify_officers(
        report.cooperative,
        kind="annual_report_returned",
        title=lambda: (
            _("Laporan RAT tahun buku %(year)s dikembalikan")
            % {"year": report.fiscal_year}
        ),
        body=lambda: (
            _(
                "Dinas mengembalikan laporan RAT Anda dengan alasan: %(reason)s. "
                "Perbaiki laporan lalu ajukan lagi."
            )
            % {"reason": reason}
        ),
        # "Perbaiki laporan": straight to the check page of the returned report.
        link=f"/portal/koperasi/{report.cooperative_id}/laporan/{report.pk}/periksa/",
    )
    return report


def cooperative_refresh_rat_status(
    *, cooperative_id: int, by=None, reason: str = RAT_REFRESHED
) -> datetime.date | None:
    """Recompute `last_rat_on` from the verified reports (the only source of it);
    a change is written with its history record (`by`, `reason`)."""
    last = AnnualReport.objects.filter(
        cooperative_id=cooperative_id, status=AnnualReport.Status.VERIFIED
    ).aggregate(last=Max("rat_held_on"))["last"]
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative_id)
    if cooperative.last_rat_on != last:
        cooperative.last_rat_on = last
        bulk_update_with_history(
            [cooperative],
            Cooperative,
            ["last_rat_on"],
            default_user=acting_user(by),
            default_change_reason=reason,
        )
    return last


@transaction.atomic
def annual_report_create(*, data: dict, by) -> AnnualReport:
    return create_validated(AnnualReport, data, by=by)


@transaction.atomic
def annual_report_update(*, report_id: int, data: dict, by) -> AnnualReport:
    report = _lock_report(report_id)
    if not report.is_editable:
        raise ValidationError(
            _("Laporan yang sudah diajukan atau diverifikasi tidak dapat diubah.")
        )
    return update_validated(report, data, by=by)


@transaction.atomic
def annual_report_start(
    *, cooperative: Cooperative, fiscal_year: int, by
) -> AnnualReport:
    """A new draft, its figures pre-filled (`report_prefill`). The returned report
    says where they came from in `prefilled_from`: the fiscal year of the verified
    report, "registry" when only the registry gave some, None when nothing did."""
    prefill, source_year = annual_report_prefill(
        cooperative_id=cooperative.pk, fiscal_year=fiscal_year
    )
    report = create_validated(
        AnnualReport,
        {**prefill, "cooperative": cooperative, "fiscal_year": fiscal_year},
        by=by,
    )
    report.prefilled_from = source_year or ("registry" if prefill else None)
    return report


def _as_text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


@transaction.atomic
def annual_report_correct(
    *, report_id: int, data: dict, by, reason: str = ""
) -> AnnualReport:
    """Staff correct a report. The figures of a submitted or verified report
    change only with a reason, and the earlier figures are kept with it; a
    verified report (a snapshot of its year) keeps its status, its cooperative
    and year, and its cooperative's last RAT date follows a corrected RAT date."""
    report = _lock_report(report_id)
    reason = (reason or "").strip()
    changed = [name for name, value in data.items() if getattr(report, name) != value]
    if not changed:
        return report
    status = report.status
    guarded = status in (AnnualReport.Status.SUBMITTED, AnnualReport.Status.VERIFIED)
    if status == AnnualReport.Status.VERIFIED and (
        fixed := [name for name in changed if name not in AnnualReport.FIGURES]
    ):
        raise ValidationError(
            {
                name: _(
                    "Laporan yang sudah diverifikasi hanya dapat dikoreksi angkanya."
                )
                for name in fixed
            }
        )
    if guarded and not reason:
        raise ValidationError(
            {
                "correction_reason": _(
                    "Tuliskan alasan koreksi: laporan ini sudah diajukan atau "
                    "diverifikasi."
                )
            }
        )
    previous = {name: _as_text(getattr(report, name)) for name in AnnualReport.FIGURES}
    before = {name: _as_text(getattr(report, name)) for name in changed}
    history_note(report, reason=reason or "correct", by=by)
    report = update_validated(report, data, by=by)
    if guarded:
        AnnualReportCorrection.objects.create(
            report=report,
            report_status=status,
            reason=reason,
            changes={
                name: [before[name], _as_text(getattr(report, name))]
                for name in changed
            },
            previous=previous,
            corrected_by=by,
        )
    if status == AnnualReport.Status.VERIFIED and "rat_held_on" in changed:
        cooperative_refresh_rat_status(cooperative_id=report.cooperative_id, by=by)
    return report


@transaction.atomic
def annual_report_delete(*, report_id: int, by) -> None:
    report = _lock_report(report_id)
    if report.status == AnnualReport.Status.VERIFIED:
        raise ValidationError(_("Laporan yang sudah diverifikasi tidak dapat dihapus."))
    history_note(report, by=by)
    report.delete()
