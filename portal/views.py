"""Member portal pages for cooperative officers. Every cooperative page looks the
cooperative up through the officer's scope, so another cooperative answers 404."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import AnnualReport, Cooperative
from notifications.models import Notification


class PortalLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    # Staff work in the admin, district offices through the API.
    if request.user.is_staff:
        return redirect("admin:index")
    if request.user.role == "district":
        return render(request, "portal/district.html")
    cooperatives = list(
        Cooperative.objects.restrict(Scope.for_user(request.user)).select_related(
            "district"
        )
    )
    if len(cooperatives) == 1:
        return redirect("portal:dashboard", cooperative_id=cooperatives[0].pk)
    return render(request, "portal/home.html", {"cooperatives": cooperatives})


@login_required
def cooperative_dashboard(request, cooperative_id: int):
    scope = Scope.for_user(request.user)
    cooperative = get_object_or_404(
        Cooperative.objects.restrict(scope).select_related("district"),
        pk=cooperative_id,
    )
    this_year = timezone.localdate().year
    reports = list(cooperative.annual_reports.order_by("-fiscal_year")[:5])
    due_report = next((r for r in reports if r.fiscal_year == this_year - 1), None)
    notifications = list(Notification.objects.filter(user=request.user).unread()[:5])
    return render(
        request,
        "portal/dashboard.html",
        {
            "cooperative": cooperative,
            "reports": reports,
            "due_year": this_year - 1,
            "due_report": due_report,
            "due_report_filed": due_report is not None
            and due_report.status
            in (AnnualReport.Status.SUBMITTED, AnnualReport.Status.VERIFIED),
            "notifications": notifications,
        },
    )
