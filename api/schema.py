from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API token issued by the agency: `Authorization: Token <key>`.",
        }


VALIDATION_ERROR = {
    "type": "object",
    "description": 'Per-field messages: `{"field": ["message", …]}`; errors that '
    "belong to no field are under `non_field_errors`.",
    "additionalProperties": {},
    "example": {"nik": ["Masukkan Nomor Induk Koperasi 16 digit angka."]},
}
DETAIL_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "example": {"detail": "Tidak ditemukan."},
}
ERRORS = {
    "400": ("Invalid input: the fields named in the body.", "ValidationError"),
    "401": ("No valid token: missing, wrong, revoked or expired.", "DetailError"),
    "404": ("Not found, or outside the token's district.", "DetailError"),
    "409": (
        "A request with this Idempotency-Key is still being processed.",
        "ValidationError",
    ),
    "422": (
        "This Idempotency-Key was used with a different request body.",
        "ValidationError",
    ),
    "429": (
        "Too many requests for this token; retry after `Retry-After` seconds.",
        "DetailError",
    ),
}


def _error(code: str) -> dict:
    description, schema = ERRORS[code]
    response = {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
        },
    }
    if code == "429":
        response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return response


def add_error_responses(result, generator, request, public):
    """Document the API's error answers on every operation (drf-spectacular hook)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    schemas.setdefault("DetailError", DETAIL_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = ["400"]
            if {"tokenAuth": []} in operation.get("security", []):
                codes += ["401", "429"]
            if "{" in path:
                codes.append("404")
            if method == "post":
                codes += ["409", "422"]
            for code in codes:
                responses.setdefault(code, _error(code))
    return result
