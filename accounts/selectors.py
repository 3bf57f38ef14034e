"""Reads about accounts."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from core.phone import normalize_phone, validate_phone


def user_for_login(identifier: str):
    """The account a sign-in as `identifier` is for: its username, its email or
    (for an account invited by phone) its phone number,
    case and surrounding spaces ignored (the oldest account when two match); None
    when there is none. The authentication backend signs in this account and the
    login lockout counts failures against it, so no spelling of the same account
    gets a lockout of its own."""
    identifier = identifier.strip()
    if not identifier:
        return None
    match = Q(username__iexact=identifier) | Q(email__iexact=identifier)
    # An account invited by phone signs in with its number, typed as 0812….
    phone = normalize_phone(identifier)
    try:
        validate_phone(phone)
    except ValidationError:
        pass
    else:
        match |= Q(username=phone)
    return get_user_model().objects.filter(match).order_by("pk").first()
