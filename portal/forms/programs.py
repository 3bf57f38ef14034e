"""Forms of the officers' program pages: shape and format only; the programs
services decide who may be nominated."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Person
from cooperatives.validators import validate_person_nik

from .cooperatives import PhoneField

EXISTING, NEW = "existing", "new"
REQUIRED = {EXISTING: ("person",), NEW: ("nik", "name")}


class NominationForm(forms.Form):
    """Nominate someone already recorded in the cooperative, or a new person by
    NIK. The page shows the two as separate forms; `who` says which was sent."""

    who = forms.ChoiceField(
        choices=[(EXISTING, EXISTING), (NEW, NEW)], widget=forms.HiddenInput
    )
    person = forms.TypedChoiceField(
        label=_("Pengurus atau anggota"),
        coerce=int,
        error_messages={
            "required": _("Pilih orang yang diusulkan."),
            "invalid_choice": _("Pilih orang dari daftar pengurus dan anggota."),
        },
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        validators=[validate_person_nik],
        error_messages={"required": _("Masukkan NIK 16 digit angka.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 digit angka, sesuai KTP."),
    )
    name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Masukkan nama lengkap.")},
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=Person.Sex.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    phone = PhoneField(label=_("Nomor HP (WhatsApp)"))
    email = forms.EmailField(
        label=_("Surel (email)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, people=(), **kwargs):
        """`people`: (person id, label) of the cooperative's current officers and
        members."""
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("— pilih —")), *people]

    def full_clean(self):
        # Each of the two forms on the page requires its own fields; all of them
        # are marked required again afterwards, so no label says "tidak wajib".
        sent = self.data.get("who") if self.is_bound else None
        for name in REQUIRED[EXISTING]:
            self.fields[name].required = sent == EXISTING
        for name in REQUIRED[NEW]:
            self.fields[name].required = sent == NEW
        super().full_clean()
        for names in REQUIRED.values():
            for name in names:
                self.fields[name].required = True

    @property
    def existing_fields(self):
        return [self["person"]]

    @property
    def new_fields(self):
        return [self[name] for name in ("nik", "name", "sex", "phone", "email")]


class EnrolmentCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
