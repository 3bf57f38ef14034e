"""Recording access to personal data: one row per whole-NIK view, NIK lookup,
export carrying NIKs and reconciliation, written by the code that shows or
hands out the data, in its own transaction."""

import ipaddress
import re

from django.db import transaction

from core.client_address import client_address

from .models import PersonalDataAccess

USER_AGENT_LENGTH = 200
# Any run of 16 digits (a NIK, or something that looks like one) is masked in the
# free text, so a reason typed with a NIK in it never stores it.
_SIXTEEN_DIGITS = re.compile(r"(?<![0-9])([0-9]{4})[0-9]{8}([0-9]{4})(?![0-9])")


def _without_niks(text: str) -> str:
    return _SIXTEEN_DIGITS.sub(r"\1********\2", text or "")


def _client_address(request) -> str | None:
    # The same address the lockout and the throttle see (the trusted proxies).
    address = client_address(request) if request is not None else None
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:  # a malformed header never stops the page it records
        return None


def actor_name(user) -> str:
    """An API token's name (its service user's username is random), else the
    username."""
    if user is None or not user.is_authenticated:
        return ""
    token = getattr(user, "api_token", None)
    return f"token:{token.name}" if token is not None else user.get_username()


@transaction.atomic
def personal_data_access_record(
    *,
    action: str,
    request=None,
    user=None,
    actor: str = "",
    person_id: int | None = None,
    export_kind: str = "",
    rows: int | None = None,
    file_format: str = "",
    reason: str = "",
) -> PersonalDataAccess:
    """Record one access. `user` defaults to the request's; `actor` to the user's
    name (give it where there is no user, e.g. a command). The client address
    is the one the lockout and the API throttle see (core.client_address)."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    meta = request.META if request is not None else {}
    access = PersonalDataAccess(
        user=user,
        actor=(actor or actor_name(user))[:150],
        action=action,
        person_id=person_id,
        export_kind=export_kind,
        rows=rows,
        file_format=file_format[:20],
        reason=_without_niks(reason),
        ip_address=_client_address(request),
        user_agent=_without_niks(meta.get("HTTP_USER_AGENT", ""))[:USER_AGENT_LENGTH],
    )
    # The check constraints hold in PostgreSQL on insert; validating them here too
    # would cost a query and two savepoints each, on every export and NIK view.
    access.full_clean(validate_constraints=False)
    access.save()
    return access
