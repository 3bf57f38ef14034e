"""Second-factor devices as enrolment leaves them, and the person's side of it:
signing in with a password, reading the code the app shows."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import recovery_codes_replace

PASSWORD = "rahasia-kuat-2026"  # tests.factories.UserFactory's


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed TOTP device and ten recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="Aplikasi", confirmed=True)
    return device, recovery_codes_replace(user=user)


def current_code(device: TOTPDevice) -> str:
    """The six digits the person's app shows now."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def sign_in(client, user, next_url: str = ""):
    """The password step, through the portal's login form."""
    return client.post(
        "/portal/masuk/",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )
