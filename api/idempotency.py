"""`Idempotency-Key` for API POSTs: the same key and body within 24 hours returns the
first response and creates nothing more; the same key with another body is a 422.

The record is inserted (and committed) before the request runs, so a concurrent
retry of a request still in flight gets a 409 instead of running twice.
"""

import datetime
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
LIFETIME = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255


def _fingerprint(request) -> str:
    try:
        body = json.dumps(request.data, sort_keys=True, default=str)
    except Exception:  # an unparsable body still gets a stable fingerprint
        body = request.body.decode("utf-8", "replace")
    return hashlib.sha256(
        f"{request.method} {request.path}\n{body}".encode()
    ).hexdigest()


def _claim(user, key: str, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """Insert the record, or return the live one already there."""
    IdempotencyRecord.objects.filter(
        user=user, key=key, created_at__lt=timezone.now() - LIFETIME
    ).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                user=user, key=key, fingerprint=fingerprint
            ), True
    except IntegrityError:
        return IdempotencyRecord.objects.get(user=user, key=key), False


def run_idempotent(request, handler) -> Response:
    key = request.headers.get(HEADER)
    if key is None:
        return handler()
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        return Response(
            {HEADER: [_("Kunci idempotensi harus 1 sampai 255 karakter.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    record, created = _claim(request.user, key, _fingerprint(request))
    if not created:
        if record.fingerprint != _fingerprint(request):
            return Response(
                {HEADER: [_("Kunci ini sudah dipakai untuk permintaan yang berbeda.")]},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if record.status_code is None:
            return Response(
                {HEADER: [_("Permintaan dengan kunci ini masih diproses.")]},
                status=status.HTTP_409_CONFLICT,
            )
        response = Response(record.body, status=record.status_code)
        response["Idempotent-Replayed"] = "true"
        return response
    try:
        response = handler()
    except Exception:
        record.delete()  # nothing was done: let the client retry with the same key
        raise
    if response.status_code >= 500:
        record.delete()
    else:
        record.status_code = response.status_code
        record.body = response.data
        record.save(update_fields=["status_code", "body"])
    return response


class IdempotentCreateMixin:
    """For viewsets: `create` and every POST action honour `Idempotency-Key`."""

    def create(self, request, *args, **kwargs):
        parent = super()
        return run_idempotent(request, lambda: parent.create(request, *args, **kwargs))
