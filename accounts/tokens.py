"""API token services: issue, authenticate, revoke. Keys are 40 random URL-safe
characters; only their SHA-256 hash is stored (a fast hash suffices for keys of
this entropy, and lets a key be found by an index lookup). Every token expires:
API_TOKEN_LIFETIME_DAYS after it was issued unless issued for other `days`; an
expired token answers as an unknown one."""

import datetime
import functools
import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import ApiToken, User

LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
REVOKE_PERMISSION = "accounts.revoke_apitoken"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, name: str, district_code: str | None, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token and its service user; returns the token and the key (once).
    It is valid for `days` (default API_TOKEN_LIFETIME_DAYS)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Isi nama token.")})
    days = settings.API_TOKEN_LIFETIME_DAYS if days is None else days
    if days < 1:
        raise ValidationError({"days": _("Masa berlaku token paling sedikit 1 hari.")})
    if ApiToken.objects.filter(name=name).exists():
        raise ValidationError({"name": _("Nama token sudah dipakai.")})
    if district_code is not None:
        district_model = apps.get_model("cooperatives", "District")
        if not district_model.objects.filter(pk=district_code).exists():
            raise ValidationError({"district": _("Kode kabupaten/kota tidak dikenal.")})
    user = User(
        username=f"api.{slugify(name)[:100]}.{secrets.token_hex(3)}",
        first_name=name[:150],
        role=User.Role.DISTRICT if district_code else User.Role.STAFF,
        district_id=district_code,
        is_staff=district_code is None,
    )
    user.set_unusable_password()
    user.save()
    key = secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        name=name,
        key_hash=hash_key(key),
        key_prefix=key[:8],
        user=user,
        district_id=district_code,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, key


def api_token_authenticate(key: str) -> ApiToken | None:
    """The live token for this key, or None (unknown, revoked, or expired)."""
    now = timezone.now()
    token = _live_token(hash_key(key))
    if token is None or token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@functools.cache
def _live_token_query() -> tuple[str, list[str], list[str]]:
    """The lookup of a live token and its user by key hash, as SQL written once
    from the models' columns (it runs on every API request, and building it with
    the ORM each time cost three times the lookup itself), and the attribute
    names of each model's part of a row."""
    token_fields = ApiToken._meta.concrete_fields
    user_fields = User._meta.concrete_fields
    columns = [f't."{f.column}"' for f in token_fields]
    columns += [f'u."{f.column}"' for f in user_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {ApiToken._meta.db_table} t "  # noqa: S608 -- our tables
        f"JOIN {User._meta.db_table} u ON u.id = t.user_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active"
    )
    return sql, [f.attname for f in token_fields], [f.attname for f in user_fields]


def _live_token(key_hash: str) -> ApiToken | None:
    sql, token_names, user_names = _live_token_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [key_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(token_names)
    token = ApiToken.from_db(connection.alias, token_names, row[:split])
    token.user = User.from_db(connection.alias, user_names, row[split:])
    return token


@transaction.atomic
def api_token_revoke(*, name: str, by: User | None) -> ApiToken:
    """Revoke a token and deactivate its service user. `by` holds the revoke
    permission; None is the system (`manage.py revoke_api_token`, run by whoever
    administers the server)."""
    if by is not None and not by.has_perm(REVOKE_PERMISSION):
        raise PermissionDenied(_("Anda tidak berwenang mencabut token API."))
    token = ApiToken.objects.select_for_update().filter(name=name).first()
    if token is None:
        raise ValidationError({"name": _("Token dengan nama ini tidak ada.")})
    now = timezone.now()
    token.revoked_at = token.revoked_at or now
    token.save(update_fields=["revoked_at"])
    User.objects.filter(pk=token.user_id, is_active=True).update(
        # Now, not the token's first revoke: a user switched on again and revoked
        # once more would otherwise start its two years in the past.
        is_active=False,
        deactivated_at=now,
    )
    return token


CHANGE_PERMISSION = "accounts.change_apitoken"


@transaction.atomic
def api_token_expiry_set(
    *, token_id: int, expires_at: datetime.datetime, by: User | None
) -> ApiToken:
    """Move a live token's expiry (to extend a district's access, or to cut it
    short). A date already past is refused (revoking is the way to stop a token
    now), as is a revoked token (it stays revoked). Who changed it is recorded by
    the caller: the admin's change history names `by`."""
    if by is not None and not by.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("Anda tidak berwenang mengubah token API."))
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise ValidationError(_("Token ini tidak ada."))
    if token.revoked_at is not None:
        raise ValidationError(
            {"expires_at": _("Token yang sudah dicabut tidak dapat diperpanjang.")}
        )
    if expires_at is None or expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("Tanggal kedaluwarsa harus di masa depan.")}
        )
    token.expires_at = expires_at
    token.save(update_fields=["expires_at"])
    return token
