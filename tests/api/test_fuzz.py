"""Schema-based fuzzing of every API operation (schemathesis): whatever a client
sends, the API answers without a 500 and within its documented schema.

The example budget is small in `make test` and larger in `make check`
(FUZZ_EXAMPLES)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from kukm_portal.wsgi import application
from tests.factories import AnnualReportFactory, EnterpriseFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def keep_test_connection():
    """The WSGI app would close the test's database connection after each request
    (Django's test client suspends that the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(make_api_client, request, keep_test_connection):
    AnnualReportFactory()
    EnterpriseFactory()
    return make_api_client(request.param).key


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fuzz_token", ["64.72", None], indirect=True, ids=["district", "staff"]
)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_errors_and_keeps_its_schema(case, fuzz_token, settings):
    settings.API_THROTTLE_RATE = "100000/minute"

    case.call_and_validate(
        headers={"Authorization": f"Token {fuzz_token}"}, checks=CHECKS
    )
