"""The API's JSON parser. JSON may escape a lone UTF-16 surrogate (`"\\ud800"`),
which Python decodes into a string that no database, log or response can encode
(echoed in an error message it made a 500), or a NUL character, which no
PostgreSQL text column holds (looked up, it made a DataError naming no field).
Such a body is refused as a 400 naming the field that carries it."""

import re

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ValidationError

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def _has_unstorable(value) -> bool:
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_unstorable(k) or _has_unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_unstorable(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not _has_unstorable(data):
            return data
        message = _("Teks mengandung karakter yang tidak sah.")
        if isinstance(data, dict):
            fields = [
                "non_field_errors" if _has_unstorable(key) else key
                for key, value in data.items()
                if _has_unstorable(key) or _has_unstorable(value)
            ]
            raise ValidationError({field: [message] for field in fields})
        raise ValidationError({"non_field_errors": [message]})
