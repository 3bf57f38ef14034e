"""The RAT report's forms: the year to start, then one short step each."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cooperatives.models import AnnualReport
from core.forms import RupiahField, date_field


class ReportStartForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Tahun buku"), min_value=1945, max_value=2100
    )


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


class AttachmentForm(forms.Form):
    """The minutes of the RAT and the financial statements, each a PDF; either
    may be sent alone (the other stays as it is). Field names are the keys of
    `AnnualReport.ATTACHMENTS`, so the service's errors land on them."""

    minutes = forms.FileField(
        label=_("Unggah berita acara RAT (PDF)"),
        help_text=_(
            "Wajib sebelum laporan dikirim: PDF hasil pindaian berita acara yang "
            "ditandatangani, paling besar 10 MB."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    financial_statements = forms.FileField(
        label=_("Unggah laporan keuangan (PDF)"),
        help_text=_(
            "Wajib sebelum laporan dikirim: PDF neraca dan perhitungan hasil usaha, "
            "paling besar 10 MB."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in AnnualReport.ATTACHMENTS):
            raise forms.ValidationError(_("Pilih berkas PDF yang akan diunggah."))
        return cleaned
