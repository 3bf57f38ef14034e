"""Accounts by invitation and requests for access.

Public: the invitation link (choose a password, signed in, sent home) and the
"Belum punya akun?" request form. Staff and district users: the invitations they
manage and the requests they decide, each looked up through the caller's scope
(another district's answers 404)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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

from ..access import scope_of
from ..forms.invitations import (
    AccessRequestDecideForm,
    AccessRequestForm,
    InvitationAcceptForm,
    InvitationsImportForm,
    OfficerInvitationForm,
)
from .base import apply_errors

PAGE_SIZE = 25
BACKEND = "accounts.backends.UsernameOrEmailBackend"


def inviters_only(view):
    """Agency staff and district users; anyone else is answered 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = scope_of(request)
        if not (scope.everything or scope.district_code):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def home_of(user) -> str:
    """Where a newly signed-in account lands: an officer on their cooperative
    (the portal's home picks it), district users and staff on the dashboard."""
    if user.role == "officer":
        return "portal:home"
    return "reports:dashboard"


# --- The link in the email ---------------------------------------------------------
@never_cache
def invitation_accept(request, token: str):
    invitation = selectors.invitation_for_token(token)
    problem = invitation_unusable_message(invitation)
    if problem:
        status = 404 if invitation is None else 410
        return render(
            request,
            "portal/invitations/accept.html",
            {"problem": problem},
            status=status,
        )
    form = InvitationAcceptForm(invitation_user(invitation), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Akun Anda sudah aktif. Selamat datang."))
            return redirect(home_of(user))
    return render(
        request,
        "portal/invitations/accept.html",
        {"form": form, "invitation": invitation},
    )


# --- Asking for access -------------------------------------------------------------
def access_request(request):
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        wait = limit_hit("access_request", client_address(request))
        if wait:
            form.add_error(None, limit_message(wait))
            response = render(
                request, "portal/invitations/request.html", {"form": form}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
    if request.method == "POST" and form.is_valid():
        try:
            services.access_request_create(**form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("portal:access-request-sent")
    return render(request, "portal/invitations/request.html", {"form": form})


def access_request_sent(request):
    return render(request, "portal/invitations/request_sent.html")


# --- Staff and district users ------------------------------------------------------
@inviters_only
def invitation_list(request):
    status = request.GET.get("status", "")
    if status not in Invitation.Status.values:
        status = ""
    invitations = selectors.invitation_list(scope=scope_of(request), status=status)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "portal/invitations/list.html",
        {
            "page": page,
            "status": status,
            "status_choices": Invitation.Status.choices,
            "open_requests": selectors.access_request_list(
                scope=scope_of(request)
            ).count(),
        },
    )


@inviters_only
def invitation_create(request):
    scope = scope_of(request)
    form = OfficerInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cooperative_id = selectors.cooperative_id_by_nik(
            scope=scope, nik=data["cooperative_nik"]
        )
        if cooperative_id is None:
            form.add_error(
                "cooperative_nik",
                _("Koperasi dengan NIK koperasi ini tidak ada di wilayah Anda."),
            )
        else:
            try:
                invitation = services.invitation_create(
                    kind=Invitation.Kind.OFFICER,
                    scope=scope,
                    by=request.user,
                    cooperative_id=cooperative_id,
                    **{k: data[k] for k in ("email", "name", "nik", "phone")},
                    position=data["position"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Undangan dikirim ke %(email)s.") % {"email": invitation.email},
                )
                return redirect("portal:invitations")
    return render(request, "portal/invitations/form.html", {"form": form})


def _invitation_action(request, invitation_id: int, service, done: str):
    scope = scope_of(request)
    get_object_or_404(Invitation.objects.restrict(scope), pk=invitation_id)
    try:
        invitation = service(invitation_id=invitation_id, scope=scope, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect("portal:invitations")


@require_POST
@inviters_only
def invitation_resend(request, invitation_id: int):
    return _invitation_action(
        request,
        invitation_id,
        services.invitation_resend,
        _("Undangan dikirim ulang ke %(email)s; tautan lama tidak berlaku lagi."),
    )


@require_POST
@inviters_only
def invitation_revoke(request, invitation_id: int):
    return _invitation_action(
        request,
        invitation_id,
        services.invitation_revoke,
        _("Undangan untuk %(email)s dicabut."),
    )


@inviters_only
def invitations_import(request):
    form = InvitationsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        wait = limit_hit("import", request.user.pk)
        if wait:
            form = InvitationsImportForm()
            form.cleaned_data = {}
            form.add_error(None, limit_message(wait))
            response = render(
                request,
                "portal/invitations/import.html",
                {"form": form, "result": None},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invitations_import_csv(
                file=form.cleaned_data["file"],
                scope=scope_of(request),
                by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if not result.errors and not result.dry_run:
                messages.success(
                    request,
                    _("%(count)s undangan dikirim.") % {"count": result.invited},
                )
                return redirect("portal:invitations")
    return render(
        request, "portal/invitations/import.html", {"form": form, "result": result}
    )


@inviters_only
def access_request_list(request):
    requests = selectors.access_request_list(scope=scope_of(request))
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "portal/invitations/requests.html", {"page": page})


@inviters_only
def access_request_decide(request, request_id: int):
    scope = scope_of(request)
    access = get_object_or_404(
        selectors.access_request_list(scope=scope, status=""), pk=request_id
    )
    form = AccessRequestDecideForm(request.POST or None)
    if (
        request.method == "POST"
        and access.status == AccessRequest.Status.OPEN
        and form.is_valid()
    ):
        try:
            if form.cleaned_data["decision"] == "approve":
                services.access_request_approve(
                    request_id=access.pk, scope=scope, by=request.user
                )
                done = _("Permintaan disetujui; undangan dikirim ke %(email)s.")
            else:
                services.access_request_refuse(
                    request_id=access.pk,
                    scope=scope,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                done = _("Permintaan ditolak; alasannya dikirim ke %(email)s.")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done % {"email": access.email})
            return redirect("portal:access-requests")
    return render(
        request,
        "portal/invitations/decide.html",
        {"access": access, "form": form},
    )
