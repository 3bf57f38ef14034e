"""Forms of the district workspace: returning a report with a reason,
nominating a participant by NIK, and a session's attendance. Shape and format
only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .programs import NominationForm


class ReportReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan dikembalikan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tuliskan apa yang perlu diperbaiki koperasi."),
        error_messages={"required": _("Tuliskan alasan laporan dikembalikan.")},
    )


class DistrictNominationForm(NominationForm):
    """A participant by NIK, with the cooperative that sends them (optional:
    an SME owner or a citizen may come without one)."""

    cooperative = forms.TypedChoiceField(
        label=_("Koperasi pengusul"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Pilih koperasi dari daftar.")},
    )

    def __init__(self, *args, cooperatives=(), **kwargs):
        """`cooperatives`: (id, name) of the district's cooperatives."""
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].choices = [
            ("", _("— tanpa koperasi —")),
            *cooperatives,
        ]
        del self.fields["person"]
        del self.fields["who"]

    def full_clean(self):
        forms.Form.full_clean(self)

    @property
    def new_fields(self):
        names = ("nik", "name", "sex", "phone", "email", "cooperative")
        return [self[name] for name in names]


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Hadir"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Pilih peserta dari daftar peserta program.")
        },
    )

    def __init__(self, *args, participants=(), **kwargs):
        """`participants`: (enrolment id, name) of the confirmed participants."""
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = list(participants)


class ReportVerifyForm(forms.Form):
    """No fields: the verify button, and where a refusal is told."""
