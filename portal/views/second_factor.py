"""The second-factor pages of staff and district users: enrolment (QR code, first
code, recovery codes shown once) and verification after each password login.
accounts.middleware keeps a user here until the session is verified."""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.second_factor import (
    confirmed_totp_device,
    second_factor_pending,
    second_factor_verify,
    totp_device_confirm,
    totp_device_start,
)

from ..forms.second_factor import SecondFactorCodeForm
from .base import ServiceFormView

RECOVERY_CODES_SESSION_KEY = "otp_recovery_codes_once"


class SecondFactorView(ServiceFormView):
    """A second-factor page: any signed-in user whose session still waits for
    its second factor; the others go on to where they were going."""

    decorators = (never_cache, login_required)
    form_class = SecondFactorCodeForm

    def prepare(self):
        if not second_factor_pending(self.request.user):
            return redirect(_next_url(self.request))
        return None

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "next": _next_url(self.request),
            "second_factor_pending": True,
        }


class SecondFactorVerifyView(SecondFactorView):
    template_name = "portal/second_factor/verify.html"

    def prepare(self):
        response = super().prepare()
        if response is None and confirmed_totp_device(self.request.user) is None:
            return redirect(_with_next(self.request, "portal:otp-enrol"))
        return response

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "help_text": _(
                "Enam angka dari aplikasi autentikator, atau salah satu kode pemulihan."
            ),
        }

    def perform(self, form):
        return second_factor_verify(
            user=self.request.user, code=form.cleaned_data["code"]
        )

    def succeeded(self, device):
        _sign_in(self.request, device)
        return redirect(_next_url(self.request))


class SecondFactorEnrolView(SecondFactorView):
    template_name = "portal/second_factor/enrol.html"

    def prepare(self):
        response = super().prepare()
        if response is None and confirmed_totp_device(self.request.user) is not None:
            return redirect(_with_next(self.request, "portal:otp-verify"))
        if response is None:
            self.device = totp_device_start(user=self.request.user)
        return response

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "numeric": True,
            "help_text": _(
                "Enam angka yang tampil di aplikasi untuk Portal KUKM Kaltim."
            ),
        }

    def perform(self, form):
        return totp_device_confirm(
            user=self.request.user, code=form.cleaned_data["code"]
        )

    def succeeded(self, result):
        device, codes = result
        _sign_in(self.request, device)
        self.request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect(_with_next(self.request, "portal:otp-recovery-codes"))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "qr_svg": _qr_svg(self.device.config_url),
            "secret": _grouped(_base32_secret(self.device)),
        }


@never_cache
@login_required
def otp_recovery_codes(request):
    """The recovery codes, once: they leave the session as they are shown."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_next_url(request))
    return render(
        request,
        "portal/second_factor/recovery_codes.html",
        {"codes": [_grouped(code) for code in codes], "next": _next_url(request)},
    )


def _sign_in(request, device) -> None:
    # A new session key once the second factor is verified (no session fixation).
    request.session.cycle_key()
    django_otp.login(request, device)


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("portal:home")


def _with_next(request, name: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG drawn here (no image fetched, no inline
    style: the page's CSP holds)."""
    image = qrcode.make(
        uri, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4
    )
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 -- our SVG


def _base32_secret(device) -> str:
    return b32encode(device.bin_key).decode()


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
