"""The application changelist's actions: each runs a service per selected row
(review, the agency's decision and disbursement, the partner's steps), with the
values typed in the action form."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import RupiahField

from .. import services


class ApplicationActionForm(ActionForm):
    # Whole rupiah are checked by the services; parse_rupiah reads "1.250.000"
    # as 1250000.00, which a field of 0 decimal places would refuse.
    amount = RupiahField(label=_("nominal"), required=False)
    reason = forms.CharField(label=_("alasan"), required=False, max_length=2000)
    disbursed_on = forms.DateField(label=_("tanggal cair"), required=False)
    reference = forms.CharField(label=_("referensi"), required=False, max_length=100)


def _run(modeladmin, request, queryset, done_message, call):
    """Call a service for each selected application; report each refusal (a
    broken rule, or a duty the user does not hold)."""
    done = 0
    for application_id, number in queryset.values_list("pk", "number"):
        try:
            call(application_id)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"{number}: {' '.join(exc.messages)}", messages.ERROR
            )
        except PermissionDenied as exc:
            modeladmin.message_user(request, f"{number}: {exc}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request, done_message % {"count": done}, messages.SUCCESS
        )


def _action_value(request, name):
    form = ApplicationActionForm(request.POST)
    form.is_valid()
    return form.cleaned_data.get(name) or None


@admin.action(description=_("Ajukan draf (periksa syarat skema)"))
def submit(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s permohonan diajukan."),
        lambda pk: services.application_submit(application_id=pk, by=request.user),
    )


@admin.action(description=_("Tinjau: tetapkan saya sebagai peninjau"))
def assign_to_me(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s permohonan mulai ditinjau."),
        lambda pk: services.application_assign_reviewer(
            application_id=pk, reviewer=request.user, by=request.user
        ),
    )


@admin.action(description=_("Setujui (nominal kosong: sebesar permohonan)"))
def approve(modeladmin, request, queryset):
    amount = _action_value(request, "amount")
    reason = _action_value(request, "reason") or ""
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s permohonan disetujui."),
        lambda pk: services.application_approve(
            application_id=pk, by=request.user, amount=amount, reason=reason
        ),
    )


@admin.action(description=_("Tolak (isi alasan)"))
def reject(modeladmin, request, queryset):
    reason = _action_value(request, "reason") or ""
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s permohonan ditolak."),
        lambda pk: services.application_reject(
            application_id=pk, by=request.user, reason=reason
        ),
    )


@admin.action(description=_("Cairkan (tanggal, nominal, referensi)"))
def disburse(modeladmin, request, queryset):
    reference = _action_value(request, "reference") or ""
    if reference and queryset.count() > 1:
        modeladmin.message_user(
            request,
            _("Referensi pencairan hanya untuk satu permohonan sekaligus."),
            messages.ERROR,
        )
        return
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s permohonan dicairkan."),
        lambda pk: services.loan_disburse(
            application_id=pk,
            by=request.user,
            disbursed_on=_action_value(request, "disbursed_on"),
            amount=_action_value(request, "amount"),
            reference=reference,
        ),
    )


@admin.action(description=_("Penyalur: terbitkan rekomendasi dan teruskan"))
def recommend_and_forward(modeladmin, request, queryset):
    def call(pk):
        services.application_recommend(application_id=pk, by=request.user)
        services.application_forward(application_id=pk, by=request.user)

    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s permohonan direkomendasikan dan diteruskan ke penyalur."),
        call,
    )


@admin.action(description=_("Penyalur: catat persetujuan (nominal, referensi)"))
def partner_approve(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s persetujuan penyalur dicatat."),
        lambda pk: services.application_partner_approve(
            application_id=pk,
            by=request.user,
            amount=_action_value(request, "amount"),
            reference=_action_value(request, "reference") or "",
            reason=_action_value(request, "reason") or "",
        ),
    )


@admin.action(description=_("Penyalur: catat penolakan (isi alasan)"))
def partner_reject(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s penolakan penyalur dicatat."),
        lambda pk: services.application_partner_reject(
            application_id=pk,
            by=request.user,
            reason=_action_value(request, "reason") or "",
            reference=_action_value(request, "reference") or "",
        ),
    )


@admin.action(description=_("Penyalur: catat pencairan (tanggal, nominal)"))
def partner_disburse(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        _("%(count)s pencairan penyalur dicatat."),
        lambda pk: services.loan_record_partner_disbursement(
            application_id=pk,
            by=request.user,
            disbursed_on=_action_value(request, "disbursed_on") or timezone.localdate(),
            amount=_action_value(request, "amount"),
            reference=_action_value(request, "reference") or "",
        ),
    )
