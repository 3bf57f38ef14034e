"""Schemes with their yearly budgets and district quotas."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cooperatives.models import Enterprise
from core.admin import FastChangelistMixin

from ..models import Scheme, SchemeBudget, SchemeDistrictQuota


class SchemeForm(forms.ModelForm):
    allowed_scales = forms.TypedMultipleChoiceField(
        label=_("skala UMKM yang boleh"),
        choices=Enterprise.Scale.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kosong: semua skala."),
    )

    class Meta:
        model = Scheme
        fields = [
            "code",
            "name",
            "partner",
            "description",
            "is_open",
            "annual_rate",
            "method",
            "min_amount",
            "max_amount",
            "max_tenor_months",
            "grace_months",
            "grace_kind",
            "for_cooperatives",
            "for_enterprises",
            "requires_active_cooperative",
            "requires_verified_report_last_year",
            "required_training_kind",
            "min_business_age_months",
            "allowed_scales",
        ]


class SchemeBudgetInline(admin.TabularInline):
    model = SchemeBudget
    extra = 0


class SchemeDistrictQuotaInline(admin.TabularInline):
    model = SchemeDistrictQuota
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(FastChangelistMixin, SimpleHistoryAdmin):
    form = SchemeForm
    list_display = (
        "code",
        "name",
        "partner",
        "method",
        "annual_rate",
        "min_amount",
        "max_amount",
        "max_tenor_months",
        "is_open",
    )
    list_filter = ("is_open", "method", "for_cooperatives", "for_enterprises")
    search_fields = ("code", "name", "partner")
    prepopulated_fields = {"code": ("name",)}
    inlines = [SchemeBudgetInline, SchemeDistrictQuotaInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "partner", "description", "is_open")}),
        (
            _("Harga dan batas"),
            {
                "fields": (
                    "annual_rate",
                    "method",
                    "min_amount",
                    "max_amount",
                    "max_tenor_months",
                    "grace_months",
                    "grace_kind",
                )
            },
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
                )
            },
        ),
    )
