"""JSON for the hot list endpoints, rendered by orjson (SPEC 4 notes: about 5% of
a list request). The bytes are JSONRenderer's: compact, UTF-8, U+2028 and U+2029
escaped; anything orjson does not know (Decimal, lazy translations, …) goes
through DRF's encoder, and an indented response (Accept: …; indent=N) through
JSONRenderer itself."""

import orjson
from rest_framework.renderers import JSONRenderer


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        content = orjson.dumps(
            data,
            default=self.encoder_class().default,
            # Dates and times as DRF writes them (`Z` for UTC, …), not orjson.
            option=orjson.OPT_PASSTHROUGH_DATETIME,
        )
        # As JSONRenderer: these two are valid JSON but not valid JavaScript.
        return content.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
            b"\xe2\x80\xa9", b"\\u2029"
        )
