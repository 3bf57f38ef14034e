from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications.selectors import notification_list as user_notifications
from notifications.services import notification_mark_read

from ..access import officer_or_district_required


@officer_or_district_required
def notification_list(request):
    notifications = user_notifications(user=request.user)
    page = Paginator(notifications, 20).get_page(request.GET.get("halaman"))
    return render(request, "portal/notifications.html", {"page": page})


@officer_or_district_required
@require_POST
def notifications_mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    notification_mark_read(user=request.user, notification_ids=ids)
    return redirect("portal:notifications")
