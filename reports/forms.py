"""The report request form of the dashboard: which report, in which format, for
which year and district. Shape only; `reports.services.report_request` checks
the rest, and a district user's district is theirs, never chosen."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from cooperatives.selectors import district_list

from .models import ReportRun
from .services import report_default_year

YEARS_OFFERED = 10


class ReportRunRequestForm(forms.Form):
    year_hint = _(
        "Tahun: keadaan pada 31 Desember tahun itu; rekap koperasi memakai laporan "
        "RAT tahun buku yang sama. Bawaannya tahun buku terakhir yang laporan "
        "RAT-nya sudah wajib masuk (paling lambat 30 Juni tahun berikutnya)."
    )

    kind = forms.ChoiceField(label=_("Laporan"), choices=ReportRun.Kind.choices)
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)
    district = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=None,  # the districts in scope (__init__)
        required=False,
        empty_label=_("Seluruh provinsi"),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=ReportRun.Format.choices, initial="pdf"
    )

    def __init__(self, *args, scope: Scope, today: datetime.date, **kwargs):
        kind = ReportRun.Kind.COOPERATIVE_RECAP
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("kind", kind)
        kwargs["initial"].setdefault(
            "year", report_default_year(kind=kind, today=today)
        )
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (year, year) for year in range(today.year, today.year - YEARS_OFFERED, -1)
        ]
        if scope.everything:
            self.fields["district"].queryset = district_list(scope=scope)
        else:
            # A district user's reports are of their district: nothing to choose.
            del self.fields["district"]
