"""The shapes of a validated write that the registry services share."""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.history import history_note


def create_validated(model, data: dict, *, by=None):
    """`by`: who the change history names (a task or a command has no request)."""
    instance = model(**data)
    instance.full_clean()
    history_note(instance, by=by)
    instance.save()
    return instance


def update_validated(instance, data: dict, *, by=None):
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    history_note(instance, by=by)
    instance.save()
    return instance


def delete_checked(instance, *, by=None) -> None:
    """Delete a row; one that other records still refer to is refused, not lost."""
    history_note(instance, by=by)
    try:
        instance.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("%(name)s masih dirujuk oleh data lain dan tidak dapat dihapus.")
            % {"name": instance}
        ) from exc
