"""Reads about accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def user_for_login(identifier: str):
    """The account a sign-in as `identifier` is for: its username or its email,
    case and surrounding spaces ignored (the oldest account when two match); None
    when there is none. The authentication backend signs in this account and the
    login lockout counts failures against it, so no spelling of the same account
    gets a lockout of its own."""
    identifier = identifier.strip()
    if not identifier:
        return None
    return (
        get_user_model()
        .objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("pk")
        .first()
    )
