"""`POST /api/v1/imports/` and `GET /api/v1/imports/{id}/` (SPEC 6.6): a registry
file loaded in the background; a district token imports its own district's rows."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api.idempotency import run_idempotent
from api.viewsets import ScopedViewSetMixin
from core.files import stored_file_response

from .. import selectors
from ..models import District, ImportJob
from ..services.imports import import_request


class ImportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportJob.Kind.choices)
    file = serializers.FileField(help_text="CSV or XLSX in the export's columns.")
    dry_run = serializers.BooleanField(default=False)
    skip_invalid = serializers.BooleanField(default=False)


class ImportJobSerializer(serializers.ModelSerializer):
    district = serializers.CharField(
        source="district_id", allow_null=True, read_only=True
    )
    error = serializers.CharField(source="failure", read_only=True)
    errors_url = serializers.SerializerMethodField(
        help_text=_(
            "Baris yang ditolak (CSV dengan kolom reason); null bila tidak ada."
        )
    )

    class Meta:
        model = ImportJob
        fields = [
            "id", "kind", "dry_run", "skip_invalid", "district", "status",
            "progress", "rows", "created", "updated", "skipped", "errors_url",
            "error", "created_at", "started_at", "finished_at",
        ]  # fmt: skip

    def get_errors_url(self, job) -> str | None:
        if not job.errors_file:
            return None
        return reverse(
            "api:import-errors", args=[job.pk], request=self.context.get("request")
        )


@extend_schema(tags=["registry"])
class ImportJobViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Imports of cooperatives or enterprises, run in the background."""

    serializer_class = ImportJobSerializer
    list_selector = staticmethod(selectors.import_job_list)
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["kind", "status"]
    ordering_fields = ["created_at", "id"]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            202: ImportJobSerializer,
            400: OpenApiResponse(description="Bad kind or file (format, header)"),
        },
    )
    def create(self, request, *args, **kwargs):
        scope = self.get_scope()
        if not (scope.everything or scope.district_code):
            raise PermissionDenied

        def handler():
            query = ImportRequestSerializer(data=request.data)
            query.is_valid(raise_exception=True)
            data = query.validated_data
            job = import_request(
                **data,
                district=None
                if scope.everything
                else District.objects.get(pk=scope.district_code),
                by=request.user,
            )
            return Response(
                self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED
            )

        return run_idempotent(request, handler)

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None, format=None):
        return rejected_rows_response(self.get_object())


def rejected_rows_response(job):
    """The job's rejected rows as a CSV download (404 when it has none): for the
    API and the admin alike."""
    return stored_file_response(
        job.errors_file,
        filename=f"impor-{job.pk}-ditolak.csv",
        content_type="text/csv; charset=utf-8",
    )
