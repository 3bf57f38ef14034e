"""What every channel backend shares: the message, the errors, the HTTP call."""

import email.utils
from dataclasses import dataclass

import requests
from django.utils import timezone

TIMEOUT = (5, 20)  # connect, read (seconds)


@dataclass(frozen=True)
class OutgoingMessage:
    to: str  # an email address or an E.164 number
    reference: str  # ours, unique per delivery
    language: str  # "id" or "en"
    title: str
    body: str
    link: str = ""  # absolute URL, or empty
    code: str = ""  # a one-time code: WhatsApp sends it with its code template

    @property
    def text(self) -> str:
        """Plain text for SMS and the stand-ins."""
        return " ".join(
            part for part in (self.title + ".", self.body, self.link) if part
        )


class ProviderError(Exception):
    pass


class PermanentError(ProviderError):
    """Refused for good (a 4xx: bad number, unknown template, bad token)."""


class TransientError(ProviderError):
    """Worth another try (5xx, 429, the provider unreachable); `retry_after` is
    the provider's Retry-After in seconds when it gave one."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class UncertainError(ProviderError):
    """The request went out but no answer came back: it may have been sent."""


class ChannelBackend:
    channel = ""

    def send(self, message: OutgoingMessage) -> str:
        """Send the message; return the provider's id for it."""
        raise NotImplementedError


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds or as an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - timezone.now()).total_seconds())


def post_json(
    endpoint: str, *, token: str, payload: dict, headers: dict | None = None
) -> tuple[int, dict, requests.Response]:
    """POST JSON with a bearer token; (status, JSON body or {}, response). Errors
    before the request reached the provider are transient, a lost answer is
    uncertain, 5xx and 429 are transient."""
    try:
        response = requests.post(
            endpoint,
            json=payload,
            headers={"Authorization": f"Bearer {token}", **(headers or {})},
            timeout=TIMEOUT,
        )
    except requests.ConnectTimeout as error:
        raise TransientError(f"unreachable: {error}") from error
    except requests.ConnectionError as error:
        # Refused or unresolved: nothing went out. Cut off later: it may have.
        if _never_connected(error):
            raise TransientError(f"unreachable: {error}") from error
        raise UncertainError(f"connection lost: {error}") from error
    except requests.Timeout as error:
        raise UncertainError(f"no answer: {error}") from error
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientError(
            f"HTTP {response.status_code}: {response.text[:300]}",
            retry_after_seconds(response.headers.get("Retry-After")),
        )
    return response.status_code, body, response


def _never_connected(error: requests.ConnectionError) -> bool:
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    reason = error.args[0] if error.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)
