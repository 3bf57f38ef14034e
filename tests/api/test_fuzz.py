"""Schema-based fuzzing of every API operation (schemathesis): whatever a client
sends, the API answers without a 500 and within its documented schema.

The example budget is small in `make test` and larger in `make check`
(FUZZ_EXAMPLES). Awkward characters (NUL, lone surrogates, RTL marks, fullwidth
digits, very long strings) are also sent explicitly to every list and create."""

import json
import os
from urllib.parse import quote

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


# Awkward characters, sent explicitly to every list (in each query parameter, and one
# the schema does not know) and every create (in each field of the body): random
# generation rarely reaches them, and one of them (NUL in `search`) once answered a
# bare list instead of `{"field": [...]}`.
AWKWARD = {
    "nul": "a\x00b",
    "lone-surrogate": "\ud800",
    "rtl-marks": "\u202e\u200fKoperasi\u200e",
    "fullwidth-digits": "\uff11\uff12\uff13",
    "very-long": "9" * 5000,
    "very-long-text": "ẞ" * 20000,
    "emoji": "😀",
    "control": "\r\n\t\x1b",
    "sql": "' OR 1=1 --",
    "huge-number": "1e309",
    "negative": "-1",
    "comma-list": ",,,",
}
if EXAMPLES < 30:  # `make test`: the characters the issue named; `make check`: all
    AWKWARD = {
        name: AWKWARD[name]
        for name in (
            "nul",
            "lone-surrogate",
            "rtl-marks",
            "fullwidth-digits",
            "very-long",
        )
    }
OPENAPI = schema.raw_schema


def _operations(method: str) -> list[str]:
    """Paths without a path parameter that answer `method`: the lists and creates."""
    return sorted(
        path
        for path, operations in OPENAPI["paths"].items()
        if method in operations and "{" not in path
    )


def _schema_of(ref_or_schema: dict) -> dict:
    if "$ref" not in ref_or_schema:
        return ref_or_schema
    node = OPENAPI
    for part in ref_or_schema["$ref"].removeprefix("#/").split("/"):
        node = node[part]
    return _schema_of(node)


def _query_names(path: str) -> list[str]:
    operation = OPENAPI["paths"][path]["get"]
    names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    return [*names, "undocumented"]


def _body_fields(path: str) -> tuple[str, dict]:
    """The create's content type and {field: its schema}."""
    content = OPENAPI["paths"][path]["post"].get("requestBody", {}).get("content", {})
    media = "application/json" if "application/json" in content else next(iter(content))
    return media, _schema_of(content[media]["schema"]).get("properties", {})


def _filled(field_schema: dict, value: str):
    """The awkward value where a string goes; objects get it in each property (or in
    `year` and `district` when they list none, like a report's `params`)."""
    field_schema = _schema_of(field_schema)
    if field_schema.get("type") == "object":
        names = field_schema.get("properties") or {"year": {}, "district": {}}
        return {name: _filled(sub, value) for name, sub in names.items()}
    if field_schema.get("type") == "array":
        return [value]
    return value


def _query(name: str, value: str) -> str:
    # A lone surrogate has no UTF-8 form: its bytes arrive as a client would send them.
    return f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}"


def assert_documented_error(response) -> None:
    """Never a 500; a 400 is `{"field": ["message", …]}` (a nested object's errors
    nest the same way)."""
    assert response.status_code < 500, response.content[:500]
    if response.status_code == 400:
        _assert_field_errors(response.json())


def _assert_field_errors(errors) -> None:
    assert isinstance(errors, dict), errors
    assert errors, errors
    for field, messages in errors.items():
        assert isinstance(field, str), errors
        if isinstance(messages, dict):
            _assert_field_errors(messages)
            continue
        assert isinstance(messages, list), errors
        assert messages, errors
        for message in messages:
            if isinstance(message, dict):
                if message:  # a list's item without errors is an empty object
                    _assert_field_errors(message)
            else:
                assert isinstance(message, str), errors


@pytest.fixture
def awkward_api(make_api_client, settings):
    settings.API_THROTTLE_RATE = "100000/minute"
    AnnualReportFactory()
    EnterpriseFactory()
    return make_api_client(None)


@pytest.mark.django_db
@pytest.mark.parametrize("value", AWKWARD.values(), ids=AWKWARD.keys())
@pytest.mark.parametrize("path", _operations("get"))
def test_lists_answer_awkward_query_parameters_in_the_documented_shape(
    awkward_api, path, value
):
    for name in _query_names(path):
        response = awkward_api.get(f"{path}?{_query(name, value)}")

        assert_documented_error(response)
        if response.status_code == 400:  # a query parameter's error names one
            assert "non_field_errors" not in response.json(), (name, response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("value", AWKWARD.values(), ids=AWKWARD.keys())
@pytest.mark.parametrize("path", _operations("post"))
def test_creates_answer_awkward_bodies_in_the_documented_shape(
    awkward_api, path, value
):
    media, fields = _body_fields(path)
    bodies = [{name: _filled(sub, value)} for name, sub in fields.items()]
    bodies.append({name: _filled(sub, value) for name, sub in fields.items()})

    for body in bodies:
        if media == "application/json":
            raw = json.dumps(body).encode()  # escapes a lone surrogate as \ud800
            response = awkward_api.generic("POST", path, raw, media)
        else:
            form = {k: v for k, v in body.items() if isinstance(v, str)}
            response = awkward_api.post(path, _surrogates_replaced(form))

        assert_documented_error(response)
        if response.status_code == 400 and value in ("a\x00b", "\ud800"):
            # A character no column can hold is refused naming its field.
            assert "non_field_errors" not in response.json(), (body, response.json())


def _surrogates_replaced(form: dict) -> dict:
    """A multipart part is bytes: a lone surrogate arrives as its bytes would."""
    return {
        key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        for key, value in form.items()
    }
