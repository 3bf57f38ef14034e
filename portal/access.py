"""Who may use the portal and which cooperative a URL may name: every cooperative
page looks its cooperative up through the officer's scope, so another
cooperative's pages answer 404."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from accounts.scope import Scope
from cooperatives import selectors
from cooperatives.models import AnnualReport, Cooperative, CooperativeRole


def officer_required(view):
    """Officers only; staff go to the admin, district staff to their dashboard."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_staff:
            return redirect("admin:index")
        if request.user.role == "district":
            return redirect("reports:dashboard")
        return view(request, *args, **kwargs)

    return wrapper


def staff_or_district_required(view):
    """Agency staff and district users (who see their own district's items);
    anyone else goes to the admin's sign-in, as staff_member_required does."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = scope_of(request)
        if not (scope.everything or scope.district_code):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return wrapper


def scope_of(request) -> Scope:
    return Scope.for_user(request.user)


def found(selector, **kwargs):
    """What a `*_get` selector returns; 404 when it finds nothing in scope."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def cooperative_in_scope(request, cooperative_id: int) -> Cooperative:
    return found(
        selectors.cooperative_get,
        scope=scope_of(request),
        cooperative_id=cooperative_id,
    )


def report_in_scope(request, cooperative: Cooperative, report_id: int) -> AnnualReport:
    return found(
        selectors.annual_report_get,
        scope=scope_of(request),
        cooperative_id=cooperative.pk,
        report_id=report_id,
    )


def role_in_scope(request, cooperative: Cooperative, role_id: int) -> CooperativeRole:
    return found(
        selectors.cooperative_role_get,
        scope=scope_of(request),
        cooperative_id=cooperative.pk,
        role_id=role_id,
    )


def officer_or_district_required(view):
    """Officers and district users (their own inbox, say); staff go to the admin."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_staff:
            return redirect("admin:index")
        if request.user.role == "district" and not request.user.district_id:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
