"""User services: create, update, set the password, deactivate. The admin writes users through
them (its forms still validate and hash the password); a user is never deleted,
only deactivated: the row is the actor that the change history and the admin's
log name for everything the user did. When it was deactivated is recorded: two
years later the retention sweep (privacy.services) erases its name, email and
password, and keeps the row."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User

MANY_TO_MANY = ("groups", "user_permissions")


def _allowed(by: User | None, codename: str) -> None:
    # None is the system (a management command run by whoever runs the server).
    if by is not None and not by.has_perm(f"accounts.{codename}"):
        raise PermissionDenied(_("Anda tidak berwenang mengubah pengguna."))


def _split(data: dict) -> tuple[dict, dict]:
    fields = {k: v for k, v in data.items() if k not in MANY_TO_MANY}
    relations = {k: v for k, v in data.items() if k in MANY_TO_MANY}
    return fields, relations


@transaction.atomic
def user_create(*, data: dict, password: str | None, by: User | None) -> User:
    """A new user with `data`'s fields; `password` is set hashed, None leaves the
    account without a usable password (it signs in after a reset, or never: a
    service user). The model's rules (a district staff member has a district,
    an email address belongs to one account) are checked before saving."""
    _allowed(by, "add_user")
    fields, relations = _split(data)
    user = User(**fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    for name, values in relations.items():
        getattr(user, name).set(values)
    return user


@transaction.atomic
def user_update(*, user_id: int, data: dict, by: User | None) -> User:
    """Change the fields in `data` (not the password: `set_password` through the
    password form). Switching `is_active` off is a deactivation (its rule holds)."""
    _allowed(by, "change_user")
    user = User.objects.select_for_update().get(pk=user_id)
    fields, relations = _split(data)
    fields.pop("password", None)
    if "is_active" in fields and fields["is_active"] != user.is_active:
        if not fields["is_active"]:
            _check_deactivation(user, by)
        # The retention period of an account runs from its deactivation.
        fields["deactivated_at"] = None if fields["is_active"] else timezone.now()
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    if fields:
        user.save(update_fields=list(fields))
    for name, values in relations.items():
        getattr(user, name).set(values)
    return user


@transaction.atomic
def user_password_set(*, user_id: int, password: str | None, by: User | None) -> User:
    """Set a user's password (hashed; the caller's form has validated it), or
    make it unusable with None (the user can sign in only after a reset)."""
    _allowed(by, "change_user")
    user = User.objects.select_for_update().get(pk=user_id)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _check_deactivation(user: User, by: User | None) -> None:
    if by is not None and by.pk == user.pk:
        raise ValidationError(
            {"is_active": _("Anda tidak dapat menonaktifkan akun Anda sendiri.")}
        )


@transaction.atomic
def user_deactivate(*, user_id: int, by: User | None) -> User:
    """The user can no longer sign in (nor act through an API token of theirs);
        every record they made keeps naming them; the admin's log records who did
    it. One's own account is refused (an
        administrator would lock themselves out)."""
    _allowed(by, "change_user")
    user = User.objects.select_for_update().get(pk=user_id)
    _check_deactivation(user, by)
    if not user.is_active:
        return user
    user.is_active = False
    user.deactivated_at = timezone.now()  # its retention period runs from here
    user.save(update_fields=["is_active", "deactivated_at"])
    if by is not None:  # the history names who (the system needs no entry)
        LogEntry.objects.create(
            user=by,
            content_type=ContentType.objects.get_for_model(User),
            object_id=str(user.pk),
            object_repr=str(user)[:200],
            action_flag=CHANGE,
            change_message=_("Pengguna dinonaktifkan."),
        )
    return user
