"""What every financing transition checks first: the row locked, the status it
expects, amounts in whole rupiah."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Application
from ..schedule import rupiah

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
