"""Financing reminders, each exactly once through `reminder_send_once` (one record
per kind, object, period and recipient decides):

- installments, to the officers acting for the borrower: due in 7 days (period
  `due-7`) and in 1 day (`due-1`), overdue 1, 30 and 60 days (`overdue-N`,
  FINANCING_OVERDUE_REMINDER_DAYS). Each reminder has a window (2-7 days before
  the due date, 0-1 day before, N to N+6 days after) so a day the scheduler
  missed is caught up the next day, and old arrears are not scanned every day;
- arrears more than FINANCING_ESCALATION_DAYS past due, escalated to the district
  office of the borrower and to its officers, once per loan and delinquency band;
- applications waiting for review longer than FINANCING_REVIEW_SLA_DAYS, to their
  reviewer or, when none is assigned yet, to every agency staff member.

The fan-out reads rows in batches with one query per batch for the recipients.
"""

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import format_rupiah
from notifications.services import Reminder, reminder_send_once, reminders_send_once

from .conf import setting
from .models import Application, DelinquencyBand, Installment, Loan
from .recipients import (
    APPLICANT_LINK,
    agency_staff,
    district_users_by_district,
    officers_by_cooperative,
)

BATCH_SIZE = 1000
CATCH_UP_DAYS = 7
DUE_SOON_DAYS = 7


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def installment_stage(due_date: datetime.date, today: datetime.date) -> str | None:
    """The reminder an unpaid installment is due for today, if any."""
    days_left = (due_date - today).days
    if 1 < days_left <= DUE_SOON_DAYS:
        return "due-7"
    if 0 <= days_left <= 1:
        return "due-1"
    for threshold in sorted(setting("FINANCING_OVERDUE_REMINDER_DAYS"), reverse=True):
        if threshold <= -days_left < threshold + CATCH_UP_DAYS:
            return f"overdue-{threshold}"
    return None


def installment_reminder_batches(*, today: datetime.date) -> Iterator[list[int]]:
    """Ids of the unpaid installments inside some reminder window, in batches."""
    oldest = max(setting("FINANCING_OVERDUE_REMINDER_DAYS")) + CATCH_UP_DAYS - 1
    ids = (
        Installment.objects.unpaid()
        .filter(
            due_date__gte=today - datetime.timedelta(days=oldest),
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return _batches(
        ids.iterator(chunk_size=BATCH_SIZE), size=setting("FINANCING_REMINDER_BATCH")
    )


def _installment_message(row: dict, stage: str) -> tuple[str, str]:
    values = {
        "number": row["application_number"],
        "installment": row["number"],
        "amount": format_rupiah(row["amount_left"]),
        "due": row["due_date"].strftime("%d-%m-%Y"),
    }
    if stage.startswith("due"):
        title = _("Angsuran ke-%(installment)s %(number)s jatuh tempo %(due)s")
        body = _(
            "Angsuran ke-%(installment)s pembiayaan %(number)s sebesar %(amount)s "
            "jatuh tempo pada %(due)s."
        )
    else:
        title = _("Angsuran ke-%(installment)s %(number)s terlambat")
        body = _(
            "Angsuran ke-%(installment)s pembiayaan %(number)s sebesar %(amount)s "
            "sudah lewat jatuh tempo %(due)s. Segera lakukan pembayaran."
        )
    return title % values, body % values


def installment_reminders_send(
    *, installment_ids: list[int], today: datetime.date
) -> int:
    """One batch: the reminders these installments are due for today. The rows
    are read as plain values (a batch is thousands of reminders: no model objects
    on the way) and sent with one `reminders_send_once`."""
    application = "loan__application__"
    installments = list(
        Installment.objects.unpaid()
        .filter(pk__in=installment_ids)
        .order_by("pk")
        .values(
            "pk",
            "number",
            "due_date",
            application_number=F(f"{application}number"),
            # Application.sponsor_cooperative_id, in SQL.
            sponsor_id=Coalesce(
                f"{application}cooperative_id",
                f"{application}enterprise__cooperative_id",
            ),
            amount_left=F("principal")
            + F("interest")
            - F("principal_paid")
            - F("interest_paid"),
        )
    )
    officers = officers_by_cooperative(
        (row["sponsor_id"] for row in installments), today=today
    )
    reminders = []
    for row in installments:
        stage = installment_stage(row["due_date"], today)
        if stage is None:
            continue
        title, body = _installment_message(row, stage)
        kind = "installment_due" if stage.startswith("due") else "installment_overdue"
        reminders += [
            Reminder(
                kind=kind,
                object_ref=f"installment:{row['pk']}",
                period=stage,
                user=user,
                title=title,
                body=body,
                link=APPLICANT_LINK,
            )
            for user in officers.get(row["sponsor_id"], [])
        ]
    # The whole batch at once (exactly once still: the records decide).
    return reminders_send_once(reminders)


def _band_of(days: int, bands: list[DelinquencyBand]) -> str:
    band = next((band for band in bands if band.contains(days)), None)
    return band.code if band else "unbanded"


def loan_arrears_escalate(*, today: datetime.date) -> int:
    threshold = setting("FINANCING_ESCALATION_DAYS")
    bands = list(DelinquencyBand.objects.all())
    loans = (
        Loan.objects.open()
        .filter(oldest_unpaid_due_on__lt=today - datetime.timedelta(days=threshold))
        .select_related(
            "application__cooperative",
            "application__enterprise",
            "application__district",
        )
        .order_by("pk")
    )
    sent = 0
    for batch in _batches(loans.iterator(chunk_size=BATCH_SIZE)):
        applications = [loan.application for loan in batch]
        officers = officers_by_cooperative(
            (a.sponsor_cooperative_id for a in applications), today=today
        )
        district_users = district_users_by_district(a.district_id for a in applications)
        for loan in batch:
            application = loan.application
            days = loan.days_past_due_on(today)
            values = {
                "number": application.number,
                "borrower": application.applicant,
                "district": application.district.name,
                "days": days,
                "outstanding": format_rupiah(loan.outstanding_principal),
            }
            title = _("Tunggakan %(days)s hari: %(number)s") % values
            body = (
                _(
                    "Pembiayaan %(number)s atas nama %(borrower)s (%(district)s) menunggak "
                    "%(days)s hari dengan sisa pokok %(outstanding)s."
                )
                % values
            )
            recipients = district_users.get(application.district_id, []) + [
                user
                for user in officers.get(application.sponsor_cooperative_id, [])
                if user not in district_users.get(application.district_id, [])
            ]
            for user in recipients:
                sent += reminder_send_once(
                    kind="loan_arrears_escalated",
                    object_ref=f"loan:{loan.pk}",
                    period=_band_of(days, bands),
                    user=user,
                    title=title,
                    body=body,
                    link=APPLICANT_LINK if user.role == "officer" else "",
                )
    return sent


def application_review_reminders_send(*, today: datetime.date) -> int:
    days = setting("FINANCING_REVIEW_SLA_DAYS")
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=days), datetime.time()
        )
    )
    applications = (
        Application.objects.awaiting_review()
        .filter(submitted_at__lt=cutoff)
        .select_related("reviewer")
        .order_by("pk")
    )
    staff = agency_staff()
    sent = 0
    for application in applications.iterator(chunk_size=BATCH_SIZE):
        values = {"number": application.number, "days": days}
        for user in [application.reviewer] if application.reviewer else staff:
            sent += reminder_send_once(
                kind="financing_review_overdue",
                object_ref=f"application:{application.pk}",
                period="sla",
                user=user,
                title=_("Permohonan %(number)s belum diputuskan") % values,
                body=_(
                    "Permohonan pembiayaan %(number)s menunggu keputusan lebih dari "
                    "%(days)s hari."
                )
                % values,
                link=f"/admin/financing/application/{application.pk}/change/",
            )
    return sent
