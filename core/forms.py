"""Form fields and widgets shared by the portal's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .numbers import parse_rupiah, rupiah_input


class RupiahInput(forms.TextInput):
    """A text box with the numeric keyboard on phones, showing `1.250.000`."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "money",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, str) and parse_rupiah(value) is None:
            return value  # keep what the user typed when it was refused
        return rupiah_input(parse_rupiah(value) if isinstance(value, str) else value)


class RupiahField(forms.DecimalField):
    """Every portal money input: reads rupiah as people type it (core.numbers'
    parse_rupiah) and refuses what could be read two ways."""

    widget = RupiahInput
    default_error_messages = {
        # The accepted forms (core.numbers.ACCEPTED_FORMS), so an ambiguous input
        # such as `1250000.00` is refused with what to type instead.
        "invalid": _(
            "Masukkan jumlah dalam rupiah, misalnya 1.250.000, 1250000, "
            "Rp 1.250.000 atau 1.250.000,00: titik memisahkan ribuan, koma hanya "
            "sebelum dua angka sen."
        ),
        "min_value": _("Jumlah tidak boleh negatif."),
        "max_digits": _("Jumlah terlalu besar."),
        "max_whole_digits": _("Jumlah terlalu besar."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        if not allow_negative:
            kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            parsed = parse_rupiah(value)
            if parsed is None:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                )
            # Whole rupiah without sen (`1.250.000,00` too), so that a field of
            # decimal_places=0 takes it.
            if parsed == parsed.to_integral_value():
                parsed = parsed.quantize(1)
            value = str(parsed)
        return super().to_python(value)


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    """The browser's date picker; typed dates are read in the formats above."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, error_messages=None, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "invalid": _("Masukkan tanggal, misalnya 14-03-2026."),
            **(error_messages or {}),
        },
        **kwargs,
    )
