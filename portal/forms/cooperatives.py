"""Forms of the officers' registry pages (profile, people, members import):
shape and format only; the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, CooperativeRole, Person
from cooperatives.selectors import (
    cooperative_is_kdmp,
    sub_district_list,
    village_choice_list,
)
from cooperatives.validators import normalize_phone, validate_person_nik, validate_phone
from core.forms import date_field


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


class CodedAddressForm(forms.ModelForm):
    """A coded address within the instance's district: its kecamatan, then a
    village grouped by kecamatan (the model checks that they nest)."""

    VILLAGE_WIDGET = forms.Select(attrs={"data-villages-of": "id_sub_district"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        district_id = self.instance.district_id
        self.fields["sub_district"].queryset = sub_district_list(
            district_id=district_id
        )
        village = self.fields["village"]
        village.queryset = village_choice_list(district_id=district_id)
        village.help_text = _(
            "Pilih kecamatan dahulu; desa/kelurahan dikelompokkan per kecamatan."
        )
        village.choices = village_choices(village.queryset)


class CooperativeProfileForm(CodedAddressForm):
    """Contact and address: what officers keep up to date themselves."""

    phone = PhoneField(label=_("Nomor telepon"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if cooperative_is_kdmp(cooperative_id=self.instance.pk):
            # A KDMP stands for its village: moving it is a correction staff make
            # with a reason (services.cooperative_update), not a profile edit.
            for name in ("sub_district", "village"):
                self.fields[name].disabled = True
            self.fields["village"].help_text = _(
                "Koperasi ini KDMP desa/kelurahannya: desa/kelurahan dan "
                "kecamatannya diubah oleh Dinas, dengan alasan."
            )

    class Meta:
        model = Cooperative
        fields = ["sub_district", "village", "address", "postal_code", "phone", "email"]
        widgets = {
            # static/js/village-select.js shows the chosen kecamatan's villages only.
            "village": CodedAddressForm.VILLAGE_WIDGET,
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }


def village_choices(villages) -> list:
    """The villages grouped by kecamatan (an `<optgroup>` each): a long list
    that reads without JavaScript."""
    groups: dict[str, list] = {}
    for village in villages:
        groups.setdefault(village.sub_district.name, []).append(
            (village.code, village.name)
        )
    return [("", "---------"), *groups.items()]


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
