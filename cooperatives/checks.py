"""Startup check: the NIK keys are set and well formed (a bad key would otherwise
surface only when the first person is read or saved)."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .nik_crypto import check_keys


@register()
def nik_keys(app_configs, **kwargs):
    try:
        check_keys()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint='Generate one with: python -c "from cooperatives.nik_crypto '
                'import generate_key; print(generate_key())"',
                id="cooperatives.E001",
            )
        ]
    return []
