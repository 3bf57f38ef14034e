"""Who django-axes counts failed logins against (AXES_USERNAME_CALLABLE): the
account the backend would sign in, not the spelling typed. `Staf.Demo`,
` staf.demo ` and the account's email all count as `staf.demo`, so retyping the
name differently does not start a fresh count. A name with no account counts as
itself, lower-cased and trimmed."""

from django.conf import settings

from .selectors import user_for_login


def lockout_username(request, credentials: dict | None) -> str | None:
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    if not isinstance(typed, str):
        return typed
    user = user_for_login(typed)
    return user.get_username() if user else typed.strip().casefold()
