"""Forms of the invitations and the requests for access: shape and format only;
cooperatives.services.invitations and .access_requests apply the rules."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from cooperatives.models import CooperativeRole
from cooperatives.validators import validate_cooperative_nik, validate_person_nik
from notifications.channels import phone_channel

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
POSITION_CHOICES = [
    ("", _("Pengurus (tanpa jabatan)")),
    *CooperativeRole.Position.choices,
]


def cooperative_nik_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("NIK koperasi"),
        max_length=16,
        validators=[validate_cooperative_nik],
        help_text=_("Nomor Induk Koperasi, 16 digit angka (lihat sertifikat NIK)."),
        widget=forms.TextInput(attrs=NUMERIC),
        **kwargs,
    )


def person_nik_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("NIK"),
        max_length=16,
        validators=[validate_person_nik],
        help_text=_("Nomor Induk Kependudukan di KTP, 16 digit angka."),
        widget=forms.TextInput(attrs=NUMERIC),
        **kwargs,
    )


class InvitationAcceptForm(SetPasswordForm):
    """Two password fields: the new password, and the same again."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("Ketik kata sandi yang sama di kedua kotak."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password1"].help_text = _(
            "Paling sedikit 10 karakter; jangan hanya angka, dan jangan mirip nama "
            "atau surel Anda."
        )
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = ""


def channel_choices() -> list[tuple[str, str]]:
    """Where an invitation's link may go: email, and the phone channel only when
    one is configured (WhatsApp, else SMS)."""
    offered = phone_channel()
    if offered is None:
        return []
    return [
        ("email", _("Surel (email)")),
        ("phone", _("WhatsApp") if offered == "whatsapp" else _("SMS")),
    ]


class OfficerInvitationForm(forms.Form):
    cooperative_nik = cooperative_nik_field()
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    nik = person_nik_field(required=False)
    email = forms.EmailField(
        label=_("Surel (email)"),
        required=False,
        help_text=_("Boleh kosong bila undangan dikirim ke nomor HP."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Nomor HP (WhatsApp)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    position = forms.ChoiceField(
        label=_("Jabatan"), choices=POSITION_CHOICES, required=False
    )
    channel = forms.ChoiceField(
        label=_("Kirim tautan lewat"), choices=(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = channel_choices()
        if choices:
            self.fields["channel"].choices = choices
            self.fields["channel"].initial = "email"
            self.fields["channel"].widget = forms.RadioSelect(choices=choices)
        else:
            del self.fields["channel"]
            self.fields["email"].required = True
            self.fields["email"].help_text = ""

    def clean(self):
        data = super().clean()
        channel = data.get("channel") or ("email" if data.get("email") else "phone")
        data["channel"] = channel
        if channel == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Isi surel."))
        if channel == "phone" and not (data.get("phone") or "").strip():
            self.add_error(
                "phone", _("Isi nomor HP untuk undangan lewat WhatsApp atau SMS.")
            )
        return data


class InvitationsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV undangan"),
        help_text=_("Kolom: nik_koperasi, nama, nik, surel, no_hp, peran."),
    )
    dry_run = forms.BooleanField(
        label=_("Periksa saja, jangan kirim undangan"), required=False, initial=True
    )
    prefer_phone = forms.BooleanField(
        label=_("Kirim ke nomor HP bila ada (lewat %(channel)s)"),
        help_text=_("Tanpa centang: ke surel, dan ke nomor HP bila surel kosong."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = phone_channel()
        if offered is None:
            del self.fields["prefer_phone"]
        else:
            field = self.fields["prefer_phone"]
            field.label = field.label % {
                "channel": "WhatsApp" if offered == "whatsapp" else "SMS"
            }


class AccessRequestForm(forms.Form):
    cooperative_nik = cooperative_nik_field()
    nik = person_nik_field()
    name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Surel (email)"),
        help_text=_("Jawaban dan tautan untuk membuat kata sandi dikirim ke sini."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Nomor HP (WhatsApp)"),
        max_length=20,
        required=False,
        help_text=_(
            "Tidak wajib; jawaban juga dikirim ke sini lewat WhatsApp atau SMS."
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    position = forms.ChoiceField(
        label=_("Jabatan Anda di koperasi"),
        choices=POSITION_CHOICES,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if phone_channel() is None:
            del self.fields["phone"]


class AccessRequestDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            ("approve", _("Setujui dan kirim undangan")),
            ("refuse", _("Tolak")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        required=False,
        help_text=_("Wajib bila ditolak; dikirim kepada pemohon."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasan penolakan."))
        return data
