from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils import timezone

from cooperatives.models import AnnualReport, Cooperative
from notifications.models import Notification

from ..access import cooperative_in_scope, officer_required, scope_of
from .financing import next_installment
from .programs import upcoming_sessions


class PortalLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


@officer_required
def home(request):
    cooperatives = list(
        Cooperative.objects.restrict(scope_of(request)).select_related("district")
    )
    if len(cooperatives) == 1:
        return redirect("portal:dashboard", cooperative_id=cooperatives[0].pk)
    return render(request, "portal/home.html", {"cooperatives": cooperatives})


@officer_required
def dashboard(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    today = timezone.localdate()
    due_year = today.year - 1
    reports = list(cooperative.annual_reports.order_by("-fiscal_year")[:5])
    due_report = next((r for r in reports if r.fiscal_year == due_year), None)
    notifications = Notification.objects.filter(user=request.user).unread()
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
            "notifications": list(notifications[:5]),
            "unread_count": notifications.count(),
            "upcoming_sessions": upcoming_sessions(cooperative),
            "next_installment": next_installment(request, cooperative),
        },
    )
