"""A mentor's visit, recorded from the portal: shape and format only; the model's
rules (no date in the future, not before the assignment, follow-up after the
visit) are applied by programs.services.mentoring_visit_log."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field


class MentoringVisitForm(forms.Form):
    visited_on = date_field(
        _("Tanggal kunjungan"),
        error_messages={"required": _("Masukkan tanggal kunjungan.")},
    )
    findings = forms.CharField(
        label=_("Temuan"),
        help_text=_("Apa yang Anda lihat dan dengar saat kunjungan."),
        error_messages={"required": _("Tuliskan temuan kunjungan.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendations = forms.CharField(
        label=_("Rekomendasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    follow_up_on = date_field(
        _("Tanggal tindak lanjut"),
        required=False,
        help_text=_("Kapan Anda akan memeriksa kembali; tidak sebelum kunjungan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's date picker stops at today (WITA); the service checks it.
        self.fields["visited_on"].widget.attrs["max"] = timezone.localdate().isoformat()
