"""Holds a staff or district user at the second-factor pages until the session has
verified a TOTP or recovery code (accounts.second_factor), when OTP_REQUIRED is on.

One gate for every surface a session reaches: the admin, the dashboard, the staff
review pages and the API used from a browser. API token requests carry no session,
so they pass untouched.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .second_factor import second_factor_pending

# What a held user may still open: the second-factor pages, logging out, and the
# language switch those pages carry.
OPEN_WHILE_PENDING = frozenset(
    {
        "portal:otp-verify",
        "portal:otp-enrol",
        "portal:otp-recovery-codes",
        "portal:logout",
        "admin:logout",
        "set_language",
    }
)


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.OTP_REQUIRED or not second_factor_pending(request.user):
            return None
        if request.resolver_match.view_name in OPEN_WHILE_PENDING:
            return None
        if request.path_info.startswith("/api/"):
            message = _(
                "Sesi ini belum diverifikasi dengan kode dari aplikasi autentikator. "
                "Masuk lewat portal terlebih dahulu."
            )
            return JsonResponse({"detail": message}, status=403)
        return redirect_to_login(
            request.get_full_path(), reverse("portal:otp-verify"), "next"
        )
