"""The address a request comes from, for the login lockout (django-axes) and the
API's throttle alike. `X-Forwarded-For` is written by whoever sends the request,
so it counts only as far as our own proxies wrote it: with NUM_PROXIES = 0 (the
default: the app faces its clients) only REMOTE_ADDR; with N trusted proxies in
front, the address the outermost of them received the request from, which is the
N-th entry from the right (each proxy appends the address it was sent from)."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    hops = forwarded.split(",")
    # Fewer hops than proxies: the request entered behind the outermost proxy, and
    # the left-most entry is the first one a proxy of ours wrote.
    candidate = hops[-min(proxies, len(hops))].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address (a proxy misconfigured): never a free key
        return remote
