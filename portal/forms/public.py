"""Forms of the public pages (no sign-in): the directory's search and the open
data's year. Shape only; a bad value is an Indonesian message naming the field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.selectors import district_choice_list
from reports.open_data import FIRST_YEAR


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nama koperasi atau NIK koperasi"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kabupaten = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=district_choice_list(),
        required=False,
        empty_label=_("Semua"),
        error_messages={"invalid_choice": _("Pilih kabupaten/kota dari daftar.")},
    )


class OpenDataYearForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=FIRST_YEAR,
        error_messages={
            "invalid": _("Tahun harus berupa angka, misalnya 2025."),
            "min_value": _("Tahun paling awal %(limit_value)s."),
        },
    )

    def clean_tahun(self):
        year = self.cleaned_data["tahun"]
        this_year = timezone.localdate().year
        if year is not None and year > this_year:
            raise forms.ValidationError(
                _("Tahun paling akhir %(year)s."), params={"year": this_year}
            )
        return year
