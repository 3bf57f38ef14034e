"""The portal's financing forms (the officers' application and documents, the
staff review): shape and format only; the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RupiahField, date_field
from financing.forms import LoanAmountField, tenor_field
from financing.models import Application, ApplicationDocument
from financing.selectors import scheme_choice_list


class SchemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, scheme):
        return _("%(name)s — %(partner)s") % {
            "name": scheme.name,
            "partner": scheme.partner,
        }


class ApplicationForm(forms.Form):
    """A draft application: the scheme, the loan and the business plan."""

    scheme = SchemeChoiceField(
        label=_("Skema pembiayaan"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih skema pembiayaan."),
            "invalid_choice": _(
                "Skema ini tidak terbuka untuk pemohon ini; pilih salah satu skema "
                "yang ditawarkan."
            ),
        },
    )
    amount = LoanAmountField(
        label=_("Nominal yang diajukan"),
        error_messages={"required": _("Masukkan nominal yang diajukan.")},
    )
    tenor_months = tenor_field()
    purpose = forms.ChoiceField(
        label=_("Tujuan pembiayaan"),
        choices=Application.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih tujuan pembiayaan.")},
    )
    business_description = forms.CharField(
        label=_("Gambaran usaha"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Usaha apa yang dijalankan, berapa anggota yang terlibat."),
        required=False,
        max_length=5000,
    )
    use_of_funds = forms.CharField(
        label=_("Rencana penggunaan dana"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    repayment_source = forms.CharField(
        label=_("Sumber pengembalian"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    monthly_revenue = RupiahField(label=_("Omzet rata-rata per bulan"), required=False)
    business_started_on = date_field(
        _("Tanggal mulai usaha"),
        required=False,
        help_text=_("Diisi bila tanggal berdiri koperasi belum tercatat."),
    )

    def __init__(self, *args, offers: list, **kwargs):
        """`offers`: the applicant's (`financing.services.offers`); only the
        schemes it may use are choices, so any other is refused under `scheme`."""
        super().__init__(*args, **kwargs)
        self.offers = offers
        self.unavailable_offers = [offer for offer in offers if not offer.eligible]
        eligible = [offer.scheme.pk for offer in offers if offer.eligible]
        self.fields["scheme"].queryset = scheme_choice_list(ids=eligible)
        if offers and offers[0].applicant.cooperative is None:
            # An SME: the registry keeps no founding date, and it has no members.
            self.fields["business_description"].help_text = _(
                "Usaha apa yang dijalankan, berapa orang yang bekerja."
            )
            self.fields["business_started_on"].help_text = _(
                "Sejak kapan usaha berjalan; dipakai untuk syarat lama usaha."
            )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis dokumen"),
        choices=[("", _("— pilih jenis —")), *ApplicationDocument.Kind.choices],
        error_messages={"required": _("Pilih jenis dokumen.")},
    )
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG atau PNG, paling besar 5 MB."),
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}
        ),
    )


# --- Staff review ---------------------------------------------------------------

CHECKLIST_ITEMS = (
    _("KTP pengurus"),
    _("Akta dan SK badan hukum"),
    _("NIB / Surat Keterangan Usaha"),
    _("Proposal dan RAB"),
    _("Laporan keuangan / RAT"),
    _("Kunjungan lapangan"),
)


class ReviewForm(forms.Form):
    checked = forms.MultipleChoiceField(
        label=_("Daftar periksa"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Catatan peninjau"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, checklist: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        items = [str(item) for item in CHECKLIST_ITEMS]
        items += [key for key in (checklist or {}) if key not in items]
        self.fields["checked"].choices = [(item, item) for item in items]

    def checklist(self) -> dict:
        checked = set(self.cleaned_data["checked"])
        return {
            item: item in checked for item, _label in self.fields["checked"].choices
        }


class ApproveForm(forms.Form):
    amount = LoanAmountField(
        label=_("Nominal disetujui"),
        required=False,
        help_text=_("Kosongkan untuk menyetujui sebesar permohonan."),
    )
    reason = forms.CharField(
        label=_("Catatan keputusan"), required=False, max_length=2000
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tuliskan alasan penolakan.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan (tidak wajib)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class DisburseForm(forms.Form):
    disbursed_on = date_field(
        _("Tanggal pencairan"),
        error_messages={"required": _("Masukkan tanggal pencairan.")},
    )
    amount = LoanAmountField(
        label=_("Nominal dicairkan"),
        required=False,
        help_text=_("Kosongkan untuk mencairkan sebesar nominal disetujui."),
    )
    reference = forms.CharField(
        label=_("Referensi pencairan"),
        max_length=100,
        required=False,
        help_text=_("Nomor bukti transfer bank."),
    )
