"""The second-factor forms: one code field; accounts.second_factor checks it."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        error_messages={
            "required": _("Masukkan kode dari aplikasi autentikator."),
            "max_length": _("Kode terlalu panjang. Periksa lalu coba lagi."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, numeric: bool = False, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = help_text
        if numeric:
            # Enrolment takes only the app's six digits: the phone shows a keypad
            # (no autofocus: the field is the last step, below the QR code).
            field.widget.attrs.update(inputmode="numeric", pattern="[0-9 ]*")
        else:
            field.widget.attrs["autofocus"] = True
