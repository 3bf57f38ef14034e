from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils import timezone

from cooperatives.models import AnnualReport
from cooperatives.selectors import (
    annual_report_latest_list,
    cooperative_choice_list,
)
from financing.selectors import installment_next_get
from notifications.selectors import notification_unread_summary
from programs.selectors import session_upcoming_list

from ..access import cooperative_in_scope, officer_required, scope_of
from . import owners


class PortalLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


@officer_required
def home(request):
    if request.user.role == "owner":
        return owners.owner_home(request)
    cooperatives = list(cooperative_choice_list(scope=scope_of(request)))
    if len(cooperatives) == 1:
        return redirect("portal:dashboard", cooperative_id=cooperatives[0].pk)
    return render(request, "portal/home.html", {"cooperatives": cooperatives})


@officer_required
def dashboard(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    scope = scope_of(request)
    today = timezone.localdate()
    due_year = today.year - 1
    reports = annual_report_latest_list(
        scope=scope, cooperative_id=cooperative.pk, latest=5
    )
    due_report = next((r for r in reports if r.fiscal_year == due_year), None)
    notifications, unread_count = notification_unread_summary(user=request.user)
    return render(
        request,
        "portal/dashboard.html",
        {
            "cooperative": cooperative,
            "reports": reports,
            "due_year": due_year,
            "due_report": due_report,
            "due_report_filed": due_report is not None
            and due_report.status
            in (AnnualReport.Status.SUBMITTED, AnnualReport.Status.VERIFIED),
            "is_active": cooperative.is_active_in(today.year),
            "notifications": notifications,
            "unread_count": unread_count,
            "upcoming_sessions": session_upcoming_list(
                scope=scope, cooperative_id=cooperative.pk
            ),
            "next_installment": installment_next_get(
                scope=scope, cooperative_id=cooperative.pk, today=today
            ),
        },
    )
