"""The forms of the WhatsApp/SMS page: a number, its code, the opt-out."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PhoneNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor HP (WhatsApp)"),
        max_length=24,
        help_text=_(
            "Misalnya 081234567890. Kami kirim kode untuk memastikan nomor ini milik Anda."
        ),
        error_messages={"required": _("Isi nomor HP.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=12,
        error_messages={"required": _("Isi kode yang kami kirim.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class PhoneMessagesForm(forms.Form):
    receive = forms.BooleanField(
        label=_("Kirim notifikasi ke nomor ini lewat WhatsApp atau SMS"),
        required=False,
    )
