"""The loan page's money decisions, each a small form that calls its service
(refusals show on the form): early payoff, restructuring, and the write-off in
two steps (a request, then another person's approval or refusal). Each link
shows only to those holding its duty; the services check it again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.numbers import format_rupiah

from .. import duties, services
from ..models import Loan, LoanWriteOff
from ..models.scheme import MAX_GRACE_MONTHS, MAX_TENOR_MONTHS


class PayoffForm(forms.Form):
    paid_on = forms.DateField(label=_("tanggal pelunasan"), initial=timezone.localdate)
    amount = forms.DecimalField(label=_("jumlah"), max_digits=15, decimal_places=0)
    reference = forms.CharField(label=_("referensi pembayaran"), max_length=100)


class RestructureForm(forms.Form):
    effective_on = forms.DateField(label=_("berlaku mulai"))
    tenor_months = forms.IntegerField(
        label=_("tenor baru (bulan)"), min_value=1, max_value=MAX_TENOR_MONTHS
    )
    grace_months = forms.IntegerField(
        label=_("masa tenggang baru (bulan)"),
        min_value=0,
        max_value=MAX_GRACE_MONTHS,
        required=False,
    )
    annual_rate = forms.DecimalField(
        label=_("suku bunga baru per tahun (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    reason = forms.CharField(label=_("alasan"), widget=forms.Textarea)


class WriteOffRequestForm(forms.Form):
    written_off_on = forms.DateField(
        label=_("tanggal hapus buku"), initial=timezone.localdate
    )
    reason = forms.CharField(label=_("alasan usulan"), widget=forms.Textarea)


class WriteOffDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("keputusan"),
        choices=[("approve", _("Setujui hapus buku")), ("refuse", _("Tolak usulan"))],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.CharField(
        label=_("alasan penolakan"), widget=forms.Textarea, required=False
    )


def _payoff(loan, by, data):
    services.loan_pay_off(loan_id=loan.pk, by=by, **data)
    return _("Pinjaman dilunasi dipercepat.")


def _restructure(loan, by, data):
    services.loan_restructure(loan_id=loan.pk, by=by, **data)
    return _("Pinjaman direstrukturisasi; jadwal lama disimpan.")


def _write_off_request(loan, by, data):
    services.loan_write_off_request(loan_id=loan.pk, by=by, **data)
    return _("Usulan hapus buku dicatat; menunggu keputusan pemutus hapus buku.")


def _write_off_decide(loan, by, data):
    if data["decision"] == "approve":
        services.loan_write_off_approve(loan_id=loan.pk, by=by)
        return _("Pinjaman dihapusbukukan.")
    services.loan_write_off_refuse(
        loan_id=loan.pk, by=by, reason=data.get("refusal_reason", "")
    )
    return _("Usulan hapus buku ditolak.")


# slug → (form, duty, service call, title)
ACTIONS = {
    "payoff": (PayoffForm, duties.PAY_OFF, _payoff, _("Pelunasan dipercepat")),
    "restructure": (
        RestructureForm,
        duties.RESTRUCTURE,
        _restructure,
        _("Restrukturisasi"),
    ),
    "write-off": (
        WriteOffRequestForm,
        duties.REQUEST_WRITE_OFF,
        _write_off_request,
        _("Usulan hapus buku"),
    ),
    "write-off-decision": (
        WriteOffDecisionForm,
        duties.WRITE_OFF,
        _write_off_decide,
        _("Keputusan hapus buku"),
    ),
}


class LoanActionsMixin:
    def get_urls(self):
        return [
            path(
                f"<path:object_id>/{slug}/",
                self.admin_site.admin_view(self._action_view(slug)),
                name=f"financing_loan_{slug.replace('-', '_')}",
            )
            for slug in ACTIONS
        ] + super().get_urls()

    def _action_view(self, slug):
        def view(request, object_id):
            return self.loan_action_view(request, object_id, slug)

        return view

    def loan_action_view(self, request, object_id, slug):
        form_class, duty, call, title = ACTIONS[slug]
        if not request.user.is_agency_staff or not duties.may(request.user, duty):
            raise PermissionDenied
        loan = get_object_or_404(
            Loan.objects.select_related("application"), pk=object_id
        )
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v is not None}
            try:
                message = call(loan, request.user, data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:financing_loan_change", args=[loan.pk])
                )
        quote = services.payoff_quote(loan) if slug == "payoff" else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": loan,
            "form": form,
            "slug": slug,
            "quote": quote,
            "quote_total": format_rupiah(quote.total) if quote else "",
            "write_off_request": loan.write_offs.filter(
                status=LoanWriteOff.Status.REQUESTED
            ).first(),
            "today_collectibility": loan.collectibility_on(timezone.localdate()),
            "title": f"{title} {loan.application.number}",
        }
        return TemplateResponse(
            request, "admin/financing/loan/action_form.html", context
        )
