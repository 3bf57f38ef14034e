"""What every portal page's header needs: the unread notifications' count of a
signed-in person (officers, district users, UMKM owners; staff read theirs in
the admin), and whether they are a mentor. Both come from one query, run only
when a template shows either."""

from functools import cache, partial

from .selectors import portal_header_get


def portal_header(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    # Callables: the template calls them where it shows the header, so a page
    # that does not (an API response, a PDF) runs no query; the first call reads
    # both, the second reuses it.
    header = cache(partial(portal_header_get, user=user))
    return {
        "unread_notifications": lambda: header().unread_notifications,
        # A mentor's way to their assignments (owners have the link anyway).
        "is_mentor": lambda: header().is_mentor,
    }
