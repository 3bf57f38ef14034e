import pytest


@pytest.fixture
def otp_on(settings):
    """The production setting: staff and district users need their second factor."""
    settings.OTP_REQUIRED = True
    return settings
