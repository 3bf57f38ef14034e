"""An applicant's loans, by either door (doors.py): the schedule with what is
paid, and its PDF."""

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from financing import collectibility, selectors
from financing.models import Loan
from financing.schedule_pdf import schedule_pdf

from ...access import found, officer_required, scope_of
from .doors import Door


def _loan_in_scope(request, door: Door, applicant, loan_id: int) -> Loan:
    return found(
        selectors.loan_get,
        scope=scope_of(request),
        loan_id=loan_id,
        **door.ids(applicant),
    )


def installment_rows(loan: Loan, today: datetime.date) -> list[dict]:
    """The schedule with what is paid and what each installment's state is."""
    rows = []
    for installment in loan.installments.all():
        if installment.paid_on:
            state, label = "paid", _("Lunas")
        elif installment.due_date < today:
            state, label = "overdue", _("Lewat jatuh tempo")
        elif installment.amount_paid:
            state, label = "partial", _("Dibayar sebagian")
        else:
            state, label = "upcoming", _("Belum jatuh tempo")
        rows.append({"row": installment, "state": state, "label": label})
    return rows


@officer_required
def loan_detail(request, loan_id: int, door: Door, **ids):
    applicant = door.find(request, ids)
    loan = _loan_in_scope(request, door, applicant, loan_id)
    today = timezone.localdate()
    rows = installment_rows(loan, today)
    return render(
        request,
        "portal/financing/loan.html",
        {
            **door.context(applicant),
            "loan": loan,
            "application": loan.application,
            "rows": rows,
            "arrears": selectors.loan_arrears(loan, today),
            "late_fee": selectors.loan_late_fee(loan, today),
            "collectibility": loan.collectibility_on(today),
            "collectibility_label": collectibility.label(loan.collectibility_on(today)),
            "next_due": next((r["row"] for r in rows if r["state"] != "paid"), None),
            "paid_total": sum((r["row"].amount_paid for r in rows), 0),
            "payment_total": sum((r["row"].payment for r in rows), 0),
        },
    )


@officer_required
def loan_schedule_pdf(request, loan_id: int, door: Door, **ids):
    applicant = door.find(request, ids)
    loan = _loan_in_scope(request, door, applicant, loan_id)
    today = timezone.localdate()
    content = schedule_pdf(
        loan=loan,
        borrower=applicant,
        rows=installment_rows(loan, today),
        today=today,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"jadwal-angsuran-{loan.application.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
