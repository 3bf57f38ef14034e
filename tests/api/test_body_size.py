"""A body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE is bad input like any other:
a JSON 400 in the documented shape, not Django's HTML page."""

import json

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_answers_a_json_400(staff_api):
    body = json.dumps({"name": "x" * 2000, "district": "64.72"})

    response = staff_api.generic(
        "POST", "/api/v1/cooperatives/", body, "application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Isi permintaan terlalu besar."]}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_the_message_follows_the_chosen_language(staff_api):
    body = json.dumps({"name": "x" * 2000})

    response = staff_api.generic(
        "POST",
        "/api/v1/cooperatives/",
        body,
        "application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json() == {"non_field_errors": ["The request body is too large."]}
