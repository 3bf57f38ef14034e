"""Forms of the partner-decided steps on the staff review page (KUR, bank
products): the recommendation, the partner's decision and its disbursement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from financing.forms import LoanAmountField


def _date(label):
    return date_field(label, error_messages={"required": _("Masukkan tanggal.")})


class RecommendForm(forms.Form):
    issued_on = _date(_("Tanggal surat rekomendasi"))
    notes = forms.CharField(
        label=_("Catatan rekomendasi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class PartnerApproveForm(forms.Form):
    decided_on = _date(_("Tanggal keputusan penyalur"))
    amount = LoanAmountField(
        label=_("Nominal disetujui penyalur"),
        error_messages={"required": _("Isi nominal yang disetujui penyalur.")},
    )
    reference = forms.CharField(
        label=_("Nomor referensi penyalur"),
        max_length=100,
        error_messages={"required": _("Isi nomor referensi keputusan dari penyalur.")},
    )
    reason = forms.CharField(
        label=_("Catatan keputusan"), required=False, max_length=2000
    )


class PartnerRejectForm(forms.Form):
    decided_on = _date(_("Tanggal keputusan penyalur"))
    reason = forms.CharField(
        label=_("Alasan penolakan penyalur"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tuliskan alasan penolakan penyalur.")},
    )
    reference = forms.CharField(
        label=_("Referensi penolakan dari penyalur"),
        max_length=100,
        required=False,
    )


class PartnerDisburseForm(forms.Form):
    disbursed_on = _date(_("Tanggal pencairan oleh penyalur"))
    amount = LoanAmountField(
        label=_("Nominal dicairkan"),
        required=False,
        help_text=_("Kosongkan bila sebesar nominal disetujui."),
    )
    reference = forms.CharField(
        label=_("Nomor pemberitahuan pencairan"),
        max_length=100,
        required=False,
        help_text=_("Kosongkan untuk memakai nomor referensi keputusan penyalur."),
    )
