"""Loans with their schedule and repayments, a page to record a repayment through
the service, and the delinquency bands."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import (
    FastChangelistMixin,
    HistoryAdmin,
    NumbersAdminMixin,
    ServiceAdminMixin,
    numbers_displayed,
)
from core.forms import RupiahField

from .. import collectibility, services
from ..models import DelinquencyBand, Installment, Loan, LoanWriteOff, Repayment
from .inlines import ReadOnlyInline
from .loan_actions import LoanActionsMixin
from .schemes import reference_writes


class InstallmentInline(ReadOnlyInline):
    model = Installment
    fields = numbers_displayed(
        Installment,
        (
            "number",
            "due_date",
            "principal",
            "interest",
            "balance",
            "principal_paid",
            "interest_paid",
            "late_fee",
            "late_fee_paid",
            "paid_on",
        ),
    )
    readonly_fields = fields


class RepaymentInline(ReadOnlyInline):
    model = Repayment
    fields = numbers_displayed(
        Repayment,
        (
            "reference",
            "paid_on",
            "amount",
            "late_fee_part",
            "interest_part",
            "principal_part",
            "is_early_payoff",
        ),
    )
    readonly_fields = fields


class WriteOffInline(ReadOnlyInline):
    model = LoanWriteOff
    fields = numbers_displayed(
        LoanWriteOff,
        (
            "status",
            "written_off_on",
            "reason",
            "requested_by",
            "decided_by",
            "refusal_reason",
            "principal",
            "interest",
            "late_fee",
        ),
    )
    readonly_fields = fields


class LoanStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Loan.Status.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == Loan.Status.CLOSED:
            return queryset.closed()
        if self.value() == Loan.Status.IN_ARREARS:
            return queryset.in_arrears(today)
        if self.value() == Loan.Status.CURRENT:
            return queryset.current(today)
        return queryset


class RepaymentForm(forms.Form):
    amount = RupiahField(label=_("jumlah"), max_digits=15, decimal_places=0)
    reference = forms.CharField(label=_("referensi pembayaran"), max_length=100)
    paid_on = forms.DateField(label=_("tanggal bayar"), initial=timezone.localdate)
    note = forms.CharField(label=_("catatan"), max_length=255, required=False)


@admin.register(Loan)
class LoanAdmin(LoanActionsMixin, ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    # Every field is read-only: a loan changes only through its services
    # (disbursement, repayments), so saving its page writes nothing.
    list_display = numbers_displayed(
        Loan,
        (
            "application",
            "borrower",
            "district",
            "principal",
            "outstanding_principal",
            "days_past_due",
            "collectibility",
            "status",
            "disbursed_on",
        ),
    )
    list_filter = (LoanStatusFilter, "application__district", "application__scheme")
    search_fields = ("=application__number", "=disbursement_reference")
    list_select_related = (
        "application__cooperative",
        "application__enterprise",
        "application__district",
    )
    date_hierarchy = "disbursed_on"
    inlines = [InstallmentInline, RepaymentInline, WriteOffInline]
    change_form_template = "admin/financing/loan/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_arrears(timezone.localdate())

    def has_add_permission(self, request):
        return False  # a loan is made by disbursing an application

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return numbers_displayed(Loan, [field.name for field in Loan._meta.fields])

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("peminjam"))
    def borrower(self, loan):
        return loan.application.applicant

    @admin.display(description=_("kabupaten/kota"))
    def district(self, loan):
        return loan.application.district

    @admin.display(description=_("hari tunggakan"), ordering="days_past_due")
    def days_past_due(self, loan):
        return loan.days_past_due

    @admin.display(description=_("kolektibilitas"))
    def collectibility(self, loan):
        grade = (
            collectibility.MACET
            if loan.written_off_on
            else collectibility.grade(loan.days_past_due)
        )
        return f"{grade} {collectibility.label(grade)}"

    @admin.display(description=_("status"))
    def status(self, loan):
        return Loan.Status(loan.status).label

    def get_urls(self):
        return [
            path(
                "<path:object_id>/repayment/",
                self.admin_site.admin_view(self.repayment_view),
                name="financing_loan_repayment",
            ),
            *super().get_urls(),
        ]

    def repayment_view(self, request, object_id):
        """Record a repayment through the service; its refusals show on the form."""
        if not self.has_view_permission(request) or not request.user.is_agency_staff:
            raise PermissionDenied
        loan = get_object_or_404(
            Loan.objects.select_related("application"), pk=object_id
        )
        form = RepaymentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                repayment = services.repayment_record(
                    loan_id=loan.pk, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _("Pembayaran %(reference)s dicatat.")
                    % {"reference": repayment.reference},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:financing_loan_change", args=[loan.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": loan,
            "form": form,
            "title": _("Catat pembayaran %(number)s")
            % {"number": loan.application.number},
        }
        return TemplateResponse(
            request, "admin/financing/loan/repayment_form.html", context
        )


@admin.register(Repayment)
class RepaymentAdmin(NumbersAdminMixin, FastChangelistMixin, HistoryAdmin):
    list_display = numbers_displayed(
        Repayment,
        (
            "reference",
            "loan",
            "amount",
            "paid_on",
            "interest_part",
            "principal_part",
            "recorded_by",
        ),
    )
    search_fields = ("=reference", "=loan__application__number")
    list_select_related = ("loan__application", "recorded_by")
    date_hierarchy = "paid_on"

    def has_add_permission(self, request):
        return False  # recorded from the loan's page, through the service

    def get_fields(self, request, obj=None):
        names = [field.name for field in Repayment._meta.fields if field.name != "id"]
        return numbers_displayed(Repayment, names)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DelinquencyBand)
class DelinquencyBandAdmin(ServiceAdminMixin, HistoryAdmin):
    writes = reference_writes(DelinquencyBand)
    list_display = ("code", "label", "min_days", "max_days")
