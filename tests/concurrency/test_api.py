"""API POSTs with the same Idempotency-Key at the same moment create one object."""

import pytest
from rest_framework.test import APIClient

from cooperatives.models import Cooperative

from .helpers import run_together

pytestmark = pytest.mark.django_db(transaction=True)

NEW_COOPERATIVE = {"name": "Koperasi Serentak", "kind": "consumer", "district": "64.72"}


def test_the_same_idempotency_key_posted_at_once_creates_one_object(
    samarinda_api,
):
    def post():
        client = APIClient()  # one per thread, the same token
        client.credentials(HTTP_AUTHORIZATION=f"Token {samarinda_api.key}")
        response = client.post(
            "/api/v1/cooperatives/",
            NEW_COOPERATIVE,
            format="json",
            HTTP_IDEMPOTENCY_KEY="kop-serentak-1",
        )
        return response.status_code, response.json()

    results = run_together([post for _ in range(6)])

    assert not [r for r in results if isinstance(r, Exception)], results
    codes = sorted(code for code, _ in results)
    assert codes.count(201) >= 1
    assert set(codes) <= {201, 409}, results
    created = {body["id"] for code, body in results if code == 201}
    assert len(created) == 1  # a replay returns the first object, never a new one
    assert Cooperative.objects.filter(name="Koperasi Serentak").count() == 1
