"""Forms of a UMKM owner's sign-up and of their business's address: shape and
format only; cooperatives.services (owner_signup, registry) apply the rules."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Enterprise
from cooperatives.selectors import district_choice_list
from cooperatives.validators import validate_kbli, validate_nib

from .cooperatives import CodedAddressForm
from .invitations import NUMERIC, person_nik_field


class OwnerSignupForm(forms.Form):
    nib = forms.CharField(
        label=_("NIB"),
        max_length=13,
        validators=[validate_nib],
        help_text=_("Nomor Induk Berusaha dari OSS, 13 digit angka."),
        widget=forms.TextInput(attrs=NUMERIC),
    )
    nik = person_nik_field()
    owner_name = forms.CharField(label=_("Nama lengkap pemilik"), max_length=150)
    email = forms.EmailField(
        label=_("Surel (email)"),
        help_text=_(
            "Jika usaha Anda sudah terdaftar, kode dikirim ke surel yang tercatat "
            "di dinas; jika belum, ke surel ini."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    business_name = forms.CharField(label=_("Nama usaha"), max_length=200)
    district = forms.ModelChoiceField(
        label=_("Kabupaten/kota tempat usaha"),
        queryset=district_choice_list(),
        empty_label=_("Pilih kabupaten/kota"),
    )
    kbli = forms.CharField(
        label=_("Kode KBLI"),
        max_length=5,
        validators=[validate_kbli],
        help_text=_("Kode bidang usaha 5 digit, tertera di NIB."),
        widget=forms.TextInput(attrs=NUMERIC),
    )


class OwnerCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode dari surel"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )
    new_password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        help_text=_(
            "Paling sedikit 10 karakter; jangan hanya angka, dan jangan mirip nama "
            "atau surel Anda."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = get_user_model()(username=email, email=email, first_name=name)

    def clean_new_password2(self):
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data.get("new_password2")
        if first and second and first != second:
            raise forms.ValidationError(_("Ketik kata sandi yang sama di kedua kotak."))
        password_validation.validate_password(second, self.user)
        return second


class EnterpriseAddressForm(CodedAddressForm):
    """The business's address, in its district (the district is the dinas's)."""

    class Meta:
        model = Enterprise
        fields = ["sub_district", "village", "address"]
        widgets = {
            "village": CodedAddressForm.VILLAGE_WIDGET,
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }
