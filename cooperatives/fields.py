"""Model fields that normalise what people type before it is validated and stored."""

from django.db import models

from .validators import normalize_npwp, normalize_phone, validate_npwp, validate_phone


class PhoneNumberField(models.CharField):
    """Indonesian phone number stored in E.164 (`+6281234567890`)."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else value


class NpwpField(models.CharField):
    """Tax number stored as 16 digits; the old 15-digit form gets a leading zero."""

    default_validators = [validate_npwp]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_npwp(value) if value else value
