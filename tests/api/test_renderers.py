"""The orjson renderer of the hot lists writes JSONRenderer's bytes."""

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from api.renderers import FastJSONRenderer

DATA = {
    "count": 2,
    "next": "http://testserver/api/v1/cooperatives/?page=2",
    "previous": None,
    "results": [
        {
            "name": "Koperasi Sumber Rejeki \u2028 Samarinda\u2029 — ñ 😀",
            "is_active": True,
            "member_count": 27,
            "own_capital": Decimal("1250000.50"),
            "created_at": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
            "error": gettext_lazy("Kabupaten/kota ini di luar wilayah Anda."),
            "nested": [1, [2, {"a": None}]],
        }
    ],
}


def test_same_bytes_as_the_json_renderer():
    assert FastJSONRenderer().render(DATA) == JSONRenderer().render(DATA)
    assert b"\\u2028" in FastJSONRenderer().render(DATA)


@pytest.mark.parametrize("data", [None, {}, [], {"a": ""}])
def test_same_bytes_for_empty_values(data):
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_indent_requested_is_honoured():
    rendered = FastJSONRenderer().render(DATA, "application/json; indent=2")

    assert rendered == JSONRenderer().render(DATA, "application/json; indent=2")
    assert b"\n  " in rendered
