"""The filter of the KDMP coverage page: district (agency staff only),
kecamatan and status. Choices come from the selectors; shape only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import KdmpStatus


class KdmpFilterForm(forms.Form):
    kabupaten = forms.ChoiceField(
        label=_("Kabupaten/kota"),
        required=False,
        error_messages={"invalid_choice": _("Pilih kabupaten/kota dari daftar.")},
    )
    kecamatan = forms.ChoiceField(
        label=_("Kecamatan"),
        required=False,
        error_messages={"invalid_choice": _("Pilih kecamatan dari daftar.")},
    )
    status = forms.ChoiceField(
        label=_("Status KDMP"),
        required=False,
        choices=[("", _("Semua status")), *KdmpStatus.choices],
        error_messages={"invalid_choice": _("Pilih status dari daftar.")},
    )

    def __init__(self, *args, districts=None, sub_districts=(), **kwargs):
        """`districts`: (code, name) pairs, or None when the user sees one
        district (the field is left out); `sub_districts`: (code, name)."""
        super().__init__(*args, **kwargs)
        if districts is None:
            del self.fields["kabupaten"]
        else:
            self.fields["kabupaten"].choices = [
                ("", _("Seluruh provinsi")),
                *districts,
            ]
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan")), *sub_districts]

    def value(self, name: str) -> str:
        """The cleaned filter value, or "" when absent or refused."""
        if not self.is_valid() and name in self.errors:
            return ""
        return self.cleaned_data.get(name) or ""
