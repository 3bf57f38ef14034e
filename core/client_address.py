"""The address a request comes from, for the login lockout (django-axes), the API's
anonymous throttle and the personal-data access trail alike: the one place that
reads `X-Forwarded-For`.

The header is written by whoever sends the request, so it counts only as far as
our own proxies wrote it (each proxy appends the address it was sent from):

- TRUSTED_PROXIES (addresses and networks of our proxies) set: the header is read
  only when the direct peer (REMOTE_ADDR) is one of them, otherwise it is ignored
  and the peer is the client. From a trusted peer, the entries are walked from the
  right past our own proxies: the first address that is not one of them is the
  client. NUM_PROXIES, when also set, caps the walk at that many proxies.
- TRUSTED_PROXIES empty: NUM_PROXIES = 0 (the default: the app faces its clients)
  uses only REMOTE_ADDR; with N proxies in front, the client is the N-th entry from
  the right, whoever the peer is (set TRUSTED_PROXIES too, so a client that reaches
  the app around the proxy cannot choose its address).

An entry that is not an address (a proxy misconfigured, or a forged header) never
becomes a key: the peer's address is used instead."""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks (a bare address is a network of one)."""
    networks = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an address or a network."
            ) from exc
    return tuple(networks)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    proxies = settings.NUM_PROXIES
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not forwarded:
        return remote
    hops = forwarded.split(",")
    if networks:
        if not _trusted(_address(remote), networks):
            return remote  # a header from a peer that is not our proxy: its own
        limit = proxies or len(hops)
        client = None
        for walked, hop in enumerate(reversed(hops), start=1):
            client = _address(hop)
            if client is None:
                return remote
            if walked >= limit or not _trusted(client, networks):
                break
        return str(client)
    if not proxies:
        return remote
    # Fewer hops than proxies: the request entered behind the outermost proxy, and
    # the left-most entry is the first one a proxy of ours wrote.
    candidate = _address(hops[-min(proxies, len(hops))])
    return str(candidate) if candidate is not None else remote
