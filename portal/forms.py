"""Portal forms: shape and format only; the services apply the rules."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    Person,
    SubDistrict,
)
from cooperatives.validators import normalize_phone, validate_person_nik, validate_phone
from core.forms import RupiahField

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Masukkan tanggal, misalnya 14-03-2026.")},
        **kwargs,
    )


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = normalize_phone(super().clean(value))
        if value:
            validate_phone(value)
        return value


class CooperativeProfileForm(forms.ModelForm):
    """Contact and address: what officers keep up to date themselves."""

    phone = PhoneField(label=_("Nomor telepon"))

    class Meta:
        model = Cooperative
        fields = ["address", "village", "sub_district", "postal_code", "phone", "email"]
        widgets = {
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_district"].queryset = SubDistrict.objects.filter(
            district_id=self.instance.district_id
        )


class PersonRoleForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        validators=[validate_person_nik],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 digit angka, sesuai KTP."),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=Person.Sex.choices, widget=forms.RadioSelect
    )
    phone = PhoneField(label=_("Nomor HP (WhatsApp)"))
    email = forms.EmailField(label=_("Surel (email)"), required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=CooperativeRole.Role.choices)
    position = forms.ChoiceField(
        label=_("Jabatan"),
        choices=[("", _("— tidak ada —")), *CooperativeRole.Position.choices],
        required=False,
    )
    starts_on = date_field(_("Mulai"))


class PersonRoleEditForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = PhoneField(label=_("Nomor HP (WhatsApp)"))
    email = forms.EmailField(label=_("Surel (email)"), required=False)
    position = forms.ChoiceField(
        label=_("Jabatan"),
        choices=[("", _("— tidak ada —")), *CooperativeRole.Position.choices],
        required=False,
    )
    starts_on = date_field(_("Mulai"))


class RoleEndForm(forms.Form):
    ends_on = date_field(_("Berakhir pada"))


class MembersImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV anggota"),
        help_text=_(
            "Kolom: nik, nama, jenis_kelamin (L/P), no_hp, surel, mulai (31-12-2025)."
        ),
    )


class ReportStartForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Tahun buku"), min_value=1945, max_value=2100
    )


# --- The RAT report, in short steps ------------------------------------------------

MONEY_FIELDS = {
    "own_capital",
    "external_capital",
    "assets",
    "business_volume",
    "surplus",
}


class ReportStepForm(forms.ModelForm):
    """One step of the report; `fields` of the subclass say which."""

    class Meta:
        model = AnnualReport
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            if name in MONEY_FIELDS:
                self.fields[name] = RupiahField(
                    label=capfirst(AnnualReport._meta.get_field(name).verbose_name),
                    allow_negative=name == "surplus",
                    required=True,
                    initial=getattr(self.instance, name),
                )
            elif isinstance(self.fields[name], forms.IntegerField):
                self.fields[name].widget.attrs.update({"inputmode": "numeric"})
                self.fields[name].min_value = 0
                self.fields[name].error_messages["min_value"] = _(
                    "Jumlah tidak boleh negatif."
                )
                self.fields[name].error_messages["invalid"] = _(
                    "Masukkan bilangan bulat, misalnya 120."
                )


class RatDateStep(ReportStepForm):
    rat_held_on = date_field(_("Tanggal RAT"))

    class Meta(ReportStepForm.Meta):
        fields = ["rat_held_on"]


class PeopleStep(ReportStepForm):
    class Meta(ReportStepForm.Meta):
        fields = [
            "members_male",
            "members_female",
            "officers",
            "supervisors",
            "employees",
        ]


class CapitalStep(ReportStepForm):
    class Meta(ReportStepForm.Meta):
        fields = ["own_capital", "external_capital", "assets"]


class BusinessStep(ReportStepForm):
    class Meta(ReportStepForm.Meta):
        fields = ["business_volume", "surplus"]


REPORT_STEPS = [
    ("rat", _("Tanggal RAT"), RatDateStep),
    ("anggota", _("Anggota dan pengurus"), PeopleStep),
    ("modal", _("Modal dan aset"), CapitalStep),
    ("usaha", _("Usaha dan SHU"), BusinessStep),
]
