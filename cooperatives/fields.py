"""Model fields that normalise what people type before it is validated and stored."""

from django.db import models

from .validators import normalize_npwp, normalize_phone, validate_npwp, validate_phone

# What a person may type before normalisation: `01.234.567.8-901.234` (20
# characters) is stored as 16 digits, `+62 812-3456-7890` as `+6281234567890`.
TYPED_MAX_LENGTH = 32


class _NormalizedCharField(models.CharField):
    normalize = staticmethod(lambda value: value)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value

    def pre_save(self, model_instance, add):
        # Rows saved without full_clean() (services, scripts) are stored normalised too.
        value = getattr(model_instance, self.attname)
        if value:
            value = self.normalize(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The form takes the typed form; the model field checks the normalised one.
        return super().formfield(**{"max_length": TYPED_MAX_LENGTH, **kwargs})


class PhoneNumberField(_NormalizedCharField):
    """Indonesian phone number stored in E.164 (`+6281234567890`)."""

    default_validators = [validate_phone]
    normalize = staticmethod(normalize_phone)


class NpwpField(_NormalizedCharField):
    """Tax number stored as 16 digits; the old 15-digit form gets a leading zero."""

    default_validators = [validate_npwp]
    normalize = staticmethod(normalize_npwp)
