"""Accounts by invitation and requests for access.

Public: the invitation link (choose a password, signed in, sent home) and the
"Belum punya akun?" request form. Staff and district users: the invitations they
manage and the requests they decide, each looked up through the caller's scope
(another district's answers 404)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cooperatives import selectors, services
from cooperatives.models import AccessRequest, Invitation
from cooperatives.services.invitations import (
    invitation_unusable_message,
    invitation_user,
)
from core.client_address import client_address
from core.ratelimit import limit_hit, limit_message

from ..access import found
from ..forms.invitations import (
    AccessRequestDecideForm,
    AccessRequestForm,
    InvitationAcceptForm,
    InvitationsImportForm,
    OfficerInvitationForm,
)
from .base import DistrictFormView, DistrictView, PublicFormView

PAGE_SIZE = 25
BACKEND = "accounts.backends.UsernameOrEmailBackend"


def home_of(user) -> str:
    """Where a newly signed-in account lands: an officer on their cooperative
    (the portal's home picks it), district users and staff on the dashboard."""
    if user.role == "officer":
        return "portal:home"
    return "reports:dashboard"


class RateLimited:
    """A form whose every POST counts against `limit_scope` for `limit_ident()`;
    over the limit the page is shown again with the wait, as 429 + Retry-After."""

    limit_scope = ""

    def limit_ident(self):
        raise NotImplementedError

    def limited_form(self):
        return self.get_form()

    def post(self, request, *args, **kwargs):
        wait = limit_hit(self.limit_scope, self.limit_ident())
        if wait:
            form = self.limited_form()
            form.add_error(None, limit_message(wait))
            response = self.render_form(form, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


# --- The link in the email ---------------------------------------------------------
class InvitationAcceptView(PublicFormView):
    decorators = (never_cache,)
    form_class = InvitationAcceptForm
    template_name = "portal/invitations/accept.html"

    def prepare(self):
        self.invitation = selectors.invitation_for_token(self.kwargs["token"])
        problem = invitation_unusable_message(self.invitation)
        if problem:
            return render(
                self.request,
                self.template_name,
                {"problem": problem},
                status=404 if self.invitation is None else 410,
            )
        return None

    def get_form(self):
        return self.form_class(
            invitation_user(self.invitation), **self.get_form_kwargs()
        )

    def perform(self, form):
        return services.invitation_accept(
            token=self.kwargs["token"], password=form.cleaned_data["new_password1"]
        )

    def succeeded(self, user):
        login(self.request, user, backend=BACKEND)
        messages.success(self.request, _("Akun Anda sudah aktif. Selamat datang."))
        return redirect(home_of(user))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitation": self.invitation}


# --- Asking for access -------------------------------------------------------------
class AccessRequestView(RateLimited, PublicFormView):
    form_class = AccessRequestForm
    template_name = "portal/invitations/request.html"
    limit_scope = "access_request"

    def limit_ident(self):
        return client_address(self.request)

    def perform(self, form):
        return services.access_request_create(**form.cleaned_data)

    def get_success_url(self, result):
        return "portal:access-request-sent"


def access_request_sent(request):
    return render(request, "portal/invitations/request_sent.html")


# --- Staff and district users ------------------------------------------------------
class InvitationListView(DistrictView):
    def get(self, request):
        status = request.GET.get("status", "")
        if status not in Invitation.Status.values:
            status = ""
        invitations = selectors.invitation_list(scope=self.scope, status=status)
        page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("halaman"))
        return render(
            request,
            "portal/invitations/list.html",
            {
                "page": page,
                "status": status,
                "status_choices": Invitation.Status.choices,
                "open_requests": selectors.access_request_open_count(scope=self.scope),
            },
        )


class InvitationCreateView(DistrictFormView):
    form_class = OfficerInvitationForm
    template_name = "portal/invitations/form.html"

    def perform(self, form):
        data = form.cleaned_data
        cooperative_id = selectors.cooperative_id_by_nik(
            scope=self.scope, nik=data["cooperative_nik"]
        )
        if cooperative_id is None:
            raise ValidationError(
                {
                    "cooperative_nik": _(
                        "Koperasi dengan NIK koperasi ini tidak ada di wilayah Anda."
                    )
                }
            )
        return services.invitation_create(
            kind=Invitation.Kind.OFFICER,
            scope=self.scope,
            by=self.request.user,
            cooperative_id=cooperative_id,
            **{
                k: data[k]
                for k in ("email", "name", "nik", "phone", "position", "channel")
            },
        )

    def get_success_message(self, invitation):
        return _("Undangan dikirim ke %(email)s.") % {"email": invitation.address}

    def get_success_url(self, invitation):
        return "portal:invitations"


class InvitationActionView(DistrictView):
    """A button on the list (POST only): the invitation in scope (404 otherwise),
    one service; its refusal or `done` as a message, back to the list."""

    decorators = (require_POST, *DistrictView.decorators)
    service = None
    done = ""

    def prepare(self):
        response = super().prepare()
        found(
            selectors.invitation_get,
            scope=self.scope,
            invitation_id=self.kwargs["invitation_id"],
        )
        return response

    def post(self, request, invitation_id: int):
        try:
            invitation = self.service(
                invitation_id=invitation_id, scope=self.scope, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.done % {"email": invitation.address})
        return redirect("portal:invitations")


class InvitationResendView(InvitationActionView):
    service = staticmethod(services.invitation_resend)
    done = gettext_lazy(
        "Undangan dikirim ulang ke %(email)s; tautan lama tidak berlaku lagi."
    )


class InvitationRevokeView(InvitationActionView):
    service = staticmethod(services.invitation_revoke)
    done = gettext_lazy("Undangan untuk %(email)s dicabut.")


class InvitationsImportView(RateLimited, DistrictFormView):
    form_class = InvitationsImportForm
    template_name = "portal/invitations/import.html"
    limit_scope = "import"
    result = None

    def limit_ident(self):
        return self.request.user.pk

    def limited_form(self):
        # The file is not kept: an empty form carries the wait.
        form = self.form_class()
        form.cleaned_data = {}
        return form

    def perform(self, form):
        return services.invitations_import_csv(
            file=form.cleaned_data["file"],
            scope=self.scope,
            by=self.request.user,
            dry_run=form.cleaned_data["dry_run"],
            prefer_phone=form.cleaned_data.get("prefer_phone", False),
        )

    def succeeded(self, result):
        if result.errors or result.dry_run:
            self.result = result
            return self.render_form(self.form)
        return super().succeeded(result)

    def get_success_message(self, result):
        return _("%(count)s undangan masuk antrean pengiriman.") % {
            "count": result.invited
        }

    def get_success_url(self, result):
        return reverse("portal:invitations-batch", kwargs={"batch": result.batch})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "result": self.result}


class InvitationBatchView(DistrictView):
    """A bulk upload's sending, "terkirim n dari m"; the page refreshes itself
    while some are still queued. Another district's batch answers 404."""

    def get(self, request, batch):
        progress = found(
            selectors.invitation_batch_progress, scope=self.scope, batch=batch
        )
        return render(request, "portal/invitations/batch.html", {"progress": progress})


class AccessRequestListView(DistrictView):
    def get(self, request):
        requests = selectors.access_request_list(scope=self.scope)
        page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("halaman"))
        return render(request, "portal/invitations/requests.html", {"page": page})


class AccessRequestDecideView(DistrictFormView):
    """Approve (an invitation goes out) or refuse (with a reason) an open request;
    a decided one is shown as it was decided."""

    form_class = AccessRequestDecideForm
    template_name = "portal/invitations/decide.html"

    def prepare(self):
        response = super().prepare()
        self.access = found(
            selectors.access_request_get,
            scope=self.scope,
            request_id=self.kwargs["request_id"],
        )
        return response

    def post(self, request, *args, **kwargs):
        if self.access.status != AccessRequest.Status.OPEN:
            return self.render_form(self.get_form())
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        decision = form.cleaned_data["decision"]
        if decision == "approve":
            services.access_request_approve(
                request_id=self.access.pk, scope=self.scope, by=self.request.user
            )
        else:
            services.access_request_refuse(
                request_id=self.access.pk,
                scope=self.scope,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        return decision

    def get_success_message(self, decision):
        if decision == "approve":
            done = _("Permintaan disetujui; undangan dikirim ke %(email)s.")
        else:
            done = _("Permintaan ditolak; alasannya dikirim ke %(email)s.")
        return done % {"email": self.access.email}

    def get_success_url(self, decision):
        return "portal:access-requests"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "access": self.access}
