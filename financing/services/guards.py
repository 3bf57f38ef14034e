"""What every financing transition checks first: the row locked, the status it
expects, amounts in whole rupiah."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, Installment, Loan
from ..schedule import rupiah

ZERO = Decimal(0)

MAX_AMOUNT = Decimal(10) ** 16  # what a DecimalField(18, 2) can hold


def application_lock(application_id: int) -> Application:
    """The application, locked (only its own row: the applicant's may be joined
    through a nullable relation), with what the rules read."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme", "cooperative", "enterprise__cooperative")
        .get(pk=application_id)
    )


def expect_status(application: Application, allowed, message) -> None:
    if application.status not in allowed:
        raise ValidationError(message, code="status")


def refuse_partner_scheme(application: Application, step: str) -> None:
    """The agency's own approval and disbursement are for agency schemes only: a
    KUR or bank product is recommended to its partner, which decides."""
    if application.scheme.is_partner_decided:
        raise ValidationError(
            _(
                "Skema %(scheme)s diputuskan oleh penyalur (%(partner)s): dinas tidak "
                "dapat %(step)s. Rekomendasikan dan teruskan permohonan ke penyalur, "
                "lalu catat keputusan dan pencairan dari penyalur."
            )
            % {
                "scheme": application.scheme.name,
                "partner": application.scheme.partner,
                "step": step,
            },
            code="partner_scheme",
        )


def whole_rupiah(field: str, value) -> Decimal:
    """A positive whole-rupiah amount, or a ValidationError on `field`."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Isi jumlah dalam rupiah.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("Jumlah harus lebih dari nol.")})
    if amount >= MAX_AMOUNT:
        raise ValidationError({field: _("Jumlah terlalu besar.")})
    if amount != rupiah(amount):
        raise ValidationError({field: _("Jumlah harus dalam rupiah utuh.")})
    return amount


def check_date(field: str, day: datetime.date, *, not_before=None, label="") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh di masa depan.")})
    if not_before and day < not_before:
        raise ValidationError(
            {
                field: _("Tanggal tidak boleh sebelum %(label)s (%(date)s).")
                % {"label": label, "date": not_before.strftime("%d-%m-%Y")}
            }
        )


def keep_balance(loan: Loan, installments: list[Installment], paid_on) -> None:
    """Refresh the loan's kept columns from its installments."""
    unpaid = [row for row in installments if row.paid_on is None]
    loan.outstanding_principal = sum(
        (row.principal - row.principal_paid for row in installments), ZERO
    )
    loan.oldest_unpaid_due_on = min((row.due_date for row in unpaid), default=None)
    loan.closed_on = None if unpaid else paid_on
