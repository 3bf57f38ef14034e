"""The OpenAPI schema's settings (drf-spectacular): title, the shared error
responses, and one name for each choice set used by several fields."""

SPECTACULAR_SETTINGS = {
    "TITLE": "KUKM Portal API",
    "DESCRIPTION": (
        "REST API v1 of the East Kalimantan cooperative and SME portal, for the ten "
        "district offices. Authenticate with `Authorization: Token <key>`. Every list "
        "and object is limited to the token's district; anything outside it answers 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseScaleEnum": "cooperatives.models.Enterprise.Scale",
        "FinancingApplicationStatusEnum": "financing.models.Application.Status",
        "LoanStatusEnum": "financing.models.Loan.Status",
        "ProgramKindEnum": "programs.models.Program.Kind",
        "ProgramStatusEnum": "programs.models.Program.Status",
        "ProgramAudienceEnum": "programs.models.Program.Audience",
        "ProgramFundingSourceEnum": "programs.models.Program.FundingSource",
        "ProgramTopicEnum": "programs.models.PROGRAM_TOPICS",
        "EnrolmentStatusEnum": "programs.models.Enrolment.Status",
        "ReportKindEnum": "reports.models.ReportRun.Kind",
        "ReportFormatEnum": "reports.models.ReportRun.Format",
        "ReportStatusEnum": "reports.models.ReportRun.Status",
        "ImportKindEnum": "cooperatives.models.ImportJob.Kind",
        "VillageKindEnum": "cooperatives.models.Village.Kind",
        "FinancingDocumentKindEnum": "financing.models.scheme.DocumentKind",
    },
}
