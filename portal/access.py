"""Who may use the portal and which cooperative a URL may name: every cooperative
page looks its cooperative up through the officer's scope, so another
cooperative's pages answer 404."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from accounts.scope import Scope
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


def scope_of(request) -> Scope:
    return Scope.for_user(request.user)


def cooperative_in_scope(request, cooperative_id: int) -> Cooperative:
    return get_object_or_404(
        Cooperative.objects.restrict(scope_of(request)).select_related(
            "district", "sub_district"
        ),
        pk=cooperative_id,
    )


def report_in_scope(request, cooperative: Cooperative, report_id: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.restrict(scope_of(request)),
        pk=report_id,
        cooperative=cooperative,
    )


def role_in_scope(request, cooperative: Cooperative, role_id: int) -> CooperativeRole:
    return get_object_or_404(
        CooperativeRole.objects.restrict(scope_of(request)).select_related("person"),
        pk=role_id,
        cooperative=cooperative,
    )


def apply_errors(form, error) -> None:
    """Put a service's ValidationError on the form, next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
