"""The shapes of a validated write that the registry services share."""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _


def create_validated(model, data: dict):
    instance = model(**data)
    instance.full_clean()
    instance.save()
    return instance


def update_validated(instance, data: dict):
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def delete_checked(instance) -> None:
    """Delete a row; one that other records still refer to is refused, not lost."""
    try:
        instance.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("%(name)s masih dirujuk oleh data lain dan tidak dapat dihapus.")
            % {"name": instance}
        ) from exc
