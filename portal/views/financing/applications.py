"""An applicant's applications, by either door (a cooperative's officers, a UMKM
owner: see doors.py): the list with its loans, the draft form, the application's
page, submitting and withdrawing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from financing import selectors, services
from financing.conf import setting
from financing.models import Application
from financing.services.applications import WITHDRAWABLE
from financing.services.eligibility import Applicant
from financing.services.offers import scheme_offers

from ...access import found, officer_required, scope_of
from ...forms.financing import ApplicationForm, DocumentForm, WithdrawForm
from ..base import PortalView, ServiceFormView
from .doors import Door

APPLICATION_FIELDS = list(ApplicationForm.base_fields)
DOCUMENTS_OPEN = (
    Application.Status.DRAFT,
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
)


def application_in_scope(request, door: Door, applicant, application_id: int):
    application = found(
        selectors.application_get,
        scope=scope_of(request),
        application_id=application_id,
    )
    if not door.owns(application, applicant):
        raise Http404
    return application


def detail_url(door: Door, applicant, application: Application) -> str:
    return reverse(door.urls["detail"], args=[applicant.pk, application.pk])


class ApplicantView(PortalView):
    """A financing page of the applicant the URL names through its door
    (`self.door`, `self.applicant`, in scope: 404 otherwise)."""

    def prepare(self):
        self.door = self.kwargs["door"]
        self.applicant = self.door.find(self.request, self.kwargs)
        return super().prepare()

    def get_context_data(self, **kwargs) -> dict:
        return {
            **self.door.context(self.applicant),
            **super().get_context_data(**kwargs),
        }


class ApplicantFormView(ApplicantView, ServiceFormView):
    """A service form on an applicant's financing page."""


@officer_required
def financing_list(request, door: Door, **ids):
    """The applicant's loans and applications; for an owner, first the schemes
    their enterprise may use (eligibility before any form)."""
    applicant = door.find(request, ids)
    scope = scope_of(request)
    offers = (
        scheme_offers(
            door.eligibility_applicant(applicant),
            today=timezone.localdate(),
            scope=scope,
        )
        if door.offers_on_list
        else None
    )
    return render(
        request,
        "portal/financing/list.html",
        {
            **door.context(applicant),
            "offers": offers,
            "unavailable_offers": [o for o in offers or () if not o.eligible],
            "applications": selectors.application_for_applicant_list(
                scope=scope, **door.ids(applicant)
            ),
            "loans": selectors.loan_for_applicant_list(
                scope=scope, **door.ids(applicant)
            ),
        },
    )


class SchemeOffersMixin:
    """The application form offers only the schemes open to the applicant;
    the others are listed greyed with the rules it fails."""

    def offers_applicant(self) -> Applicant:
        return self.door.eligibility_applicant(self.applicant)

    def get_form_kwargs(self) -> dict:
        offers = scheme_offers(
            self.offers_applicant(),
            today=timezone.localdate(),
            scope=scope_of(self.request),
        )
        return {**super().get_form_kwargs(), "offers": offers}


class ApplicationCreateView(SchemeOffersMixin, ApplicantFormView):
    form_class = ApplicationForm
    template_name = "portal/financing/form.html"

    def get_initial(self):
        """Carry the simulator's choice (?skema=…&nominal=…&tenor=…) into the form."""
        query = self.request.GET
        initial = {"purpose": Application.Purpose.WORKING_CAPITAL}
        scheme = query.get("skema") and selectors.scheme_get(
            code=query["skema"], open_only=True
        )
        if scheme:
            initial["scheme"] = scheme
        if query.get("nominal", "").isdigit():
            initial["amount"] = query["nominal"]
        if query.get("tenor", "").isdigit():
            initial["tenor_months"] = query["tenor"]
        return initial

    def perform(self, form):
        return services.application_create(
            data={**form.cleaned_data, self.door.kind: self.applicant},
            by=self.request.user,
        )

    def get_success_message(self, application):
        return _("Draf %(number)s disimpan. Unggah dokumen, lalu ajukan.") % {
            "number": application.number
        }

    def get_success_url(self, application):
        return detail_url(self.door, self.applicant, application)


class ApplicationFormView(ApplicantFormView):
    """A form about one of the applicant's applications (`self.application`,
    in scope); back to the application's page after."""

    def prepare(self):
        response = super().prepare()
        self.application = application_in_scope(
            self.request, self.door, self.applicant, self.kwargs["application_id"]
        )
        return response

    def get_success_url(self, result):
        return detail_url(self.door, self.applicant, self.application)


class ApplicationEditView(SchemeOffersMixin, ApplicationFormView):
    form_class = ApplicationForm
    template_name = "portal/financing/form.html"
    success_message = gettext_lazy("Perubahan permohonan disimpan.")

    def offers_applicant(self) -> Applicant:
        return self.door.eligibility_applicant(
            self.applicant, exclude_application_id=self.application.pk
        )

    def prepare(self):
        response = super().prepare()
        if response is None and not self.application.is_editable:
            return redirect(detail_url(self.door, self.applicant, self.application))
        return response

    def get_initial(self):
        return {name: getattr(self.application, name) for name in APPLICATION_FIELDS}

    def perform(self, form):
        return services.application_update(
            application_id=self.application.pk,
            data=form.cleaned_data,
            by=self.request.user,
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "application": self.application}


def _has_errors(*forms) -> bool:
    return any(form is not None and form.errors for form in forms)


def render_detail(
    request,
    door: Door,
    applicant,
    application,
    *,
    form=None,
    problems=(),
    withdraw_form=None,
):
    """The application's page; with the form that failed, or the service's
    problems, it answers 400."""
    documents_open = application.status in DOCUMENTS_OPEN
    loan = (
        selectors.loan_for_application_get(
            scope=scope_of(request), application_id=application.pk
        )
        if application.status == Application.Status.DISBURSED
        else None
    )
    return render(
        request,
        "portal/financing/detail.html",
        {
            **door.context(applicant),
            "application": application,
            "documents": application.documents.all(),
            "form": form or (DocumentForm() if documents_open else None),
            "problems": list(problems),
            "history": selectors.application_status_history(application=application),
            "loan": loan,
            "review_days": setting("FINANCING_REVIEW_SLA_DAYS"),
            "withdraw_form": withdraw_form
            or (WithdrawForm() if application.status in WITHDRAWABLE else None),
        },
        status=400 if problems or _has_errors(form, withdraw_form) else 200,
    )


@officer_required
def application_detail(request, application_id: int, door: Door, **ids):
    applicant = door.find(request, ids)
    application = application_in_scope(request, door, applicant, application_id)
    return render_detail(request, door, applicant, application)


@officer_required
@require_POST
def application_submit(request, application_id: int, door: Door, **ids):
    applicant = door.find(request, ids)
    application = application_in_scope(request, door, applicant, application_id)
    try:
        services.application_submit(application_id=application.pk, by=request.user)
    except ValidationError as error:
        return render_detail(
            request, door, applicant, application, problems=error.messages
        )
    messages.success(
        request,
        _(
            "Permohonan %(number)s diajukan. Dinas akan meninjaunya dalam "
            "%(days)s hari; Anda mendapat notifikasi atas keputusannya."
        )
        % {"number": application.number, "days": setting("FINANCING_REVIEW_SLA_DAYS")},
    )
    return redirect(detail_url(door, applicant, application))


class ApplicationWithdrawView(ApplicationFormView):
    """The officer takes back a draft or an application not yet decided."""

    http_method_names = ["post"]
    form_class = WithdrawForm

    def perform(self, form):
        return services.application_withdraw(
            application_id=self.application.pk,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def refused(self, form, error):
        # The refusal is about the application's state, not the reason.
        return render_detail(
            self.request,
            self.door,
            self.applicant,
            self.application,
            problems=error.messages,
        )

    def get_success_message(self, result):
        return _("Permohonan %(number)s dibatalkan.") % {
            "number": self.application.number
        }

    def form_invalid(self, form):
        return render_detail(
            self.request,
            self.door,
            self.applicant,
            self.application,
            withdraw_form=form,
        )
