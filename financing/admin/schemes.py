"""Schemes with their yearly budgets and district quotas."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Enterprise
from core.admin import (
    FastChangelistMixin,
    HistoryAdmin,
    NumbersAdminMixin,
    ServiceAdminMixin,
    Writes,
    numbers_displayed,
)

from .. import services
from ..models import DocumentKind, Scheme, SchemeBudget, SchemeDistrictQuota
from ..models.scheme import PRICE_AND_LIMIT_FIELDS


def reference_writes(model) -> Writes:
    return Writes(
        create=lambda **kw: services.reference_create(model=model, **kw),
        update=lambda pk, **kw: services.reference_update(model=model, pk=pk, **kw),
        delete=lambda pk, **kw: services.reference_delete(model=model, pk=pk, **kw),
    )


SCHEME_FIELDSETS = (
    (
        None,
        {
            "fields": (
                "code",
                "name",
                "partner",
                "decided_by",
                "description",
                "is_open",
            )
        },
    ),
    (
        _("Harga dan batas"),
        {"fields": PRICE_AND_LIMIT_FIELDS},
    ),
    (
        _("Syarat pemohon"),
        {
            "fields": (
                "for_cooperatives",
                "for_enterprises",
                "requires_active_cooperative",
                "requires_verified_report_last_year",
                "required_training_kind",
                "min_business_age_months",
                "allowed_scales",
                "districts",
                "required_documents",
            )
        },
    ),
    (
        _("KUR dan tenor per tujuan"),
        {
            "fields": (
                "is_kur",
                "rate_ladder",
                "max_accesses",
                "max_accesses_production",
                "max_tenor_working_capital_months",
                "max_tenor_investment_months",
            )
        },
    ),
)


class SchemeForm(forms.ModelForm):
    allowed_scales = forms.TypedMultipleChoiceField(
        label=_("skala UMKM yang boleh"),
        choices=Enterprise.Scale.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kosong: semua skala."),
    )
    required_documents = forms.TypedMultipleChoiceField(
        label=_("dokumen wajib"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Permohonan tidak dapat diajukan sebelum dokumen ini diunggah."),
    )

    class Meta:
        model = Scheme
        fields = [
            name for _title, options in SCHEME_FIELDSETS for name in options["fields"]
        ]
        widgets = {"districts": forms.CheckboxSelectMultiple}


class SchemeBudgetInline(NumbersAdminMixin, admin.TabularInline):
    model = SchemeBudget
    extra = 0
    writes = reference_writes(SchemeBudget)


class SchemeDistrictQuotaInline(NumbersAdminMixin, admin.TabularInline):
    model = SchemeDistrictQuota
    extra = 0
    writes = reference_writes(SchemeDistrictQuota)


@admin.register(Scheme)
class SchemeAdmin(ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    form = SchemeForm
    writes = reference_writes(Scheme)
    list_display = numbers_displayed(
        Scheme,
        (
            "code",
            "name",
            "partner",
            "method",
            "annual_rate",
            "min_amount",
            "max_amount",
            "max_tenor_months",
            "is_open",
        ),
    )
    list_filter = (
        "is_open",
        "decided_by",
        "method",
        "for_cooperatives",
        "for_enterprises",
    )
    search_fields = ("code", "name", "partner")
    prepopulated_fields = {"code": ("name",)}
    inlines = [SchemeBudgetInline, SchemeDistrictQuotaInline]
    fieldsets = SCHEME_FIELDSETS
