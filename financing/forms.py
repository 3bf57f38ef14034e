"""Financing's own form fields and the public simulator's form: shape and format
only; the services apply the rules. The portal's financing forms build on these
(portal/forms/financing.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RupiahField

from .models.scheme import MAX_TENOR_MONTHS
from .schedule import rupiah


class LoanAmountField(RupiahField):
    """A loan amount: more than zero, in whole rupiah."""

    def clean(self, value):
        amount = super().clean(value)
        if amount is None:
            return amount
        if amount <= 0:
            raise forms.ValidationError(_("Jumlah harus lebih dari nol."))
        if amount != rupiah(amount):
            raise forms.ValidationError(_("Jumlah harus dalam rupiah utuh."))
        return amount


def tenor_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Tenor (bulan)"),
        min_value=1,
        max_value=MAX_TENOR_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Masukkan tenor dalam bulan, misalnya 12."),
            "invalid": _("Masukkan tenor dalam bulan, misalnya 12."),
            "min_value": _("Tenor paling sedikit 1 bulan."),
            "max_value": _("Tenor paling lama %(limit_value)s bulan."),
        },
        **kwargs,
    )


class SimulationForm(forms.Form):
    """The public simulator (GET): amount, tenor and optionally one scheme."""

    nominal = LoanAmountField(
        label=_("Nominal pinjaman"),
        help_text=_("Dalam rupiah, misalnya 25.000.000."),
        error_messages={"required": _("Masukkan nominal pinjaman.")},
    )
    tenor = tenor_field(help_text=_("Lama pinjaman dalam bulan."))
    skema = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skema"].choices = [("", "")] + [(s.code, s.name) for s in schemes]
        self.fields["skema"].error_messages["invalid_choice"] = _(
            "Skema ini tidak ada atau sedang tidak dibuka."
        )
