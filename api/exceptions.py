"""API error handler: a Django ValidationError raised by a service becomes a 400 with
the field named, like a serializer's; anything unexpected is never a bare 500 page."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _django_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(_django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError):
        # A value the database cannot hold (e.g. a number too large for its column).
        return Response(
            {"non_field_errors": [_("Nilai di luar batas yang diizinkan.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, RequestDataTooBig):
        # Django's own answer would be an HTML 400 page; the API answers in JSON.
        return Response(
            {"non_field_errors": [_("Isi permintaan terlalu besar.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(
            {"non_field_errors": [_("Isi permintaan bukan JSON yang valid.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        # A bare list names no field; the documented shape is always a dict.
        exc.detail = {"non_field_errors": exc.detail}
    return exception_handler(exc, context)
