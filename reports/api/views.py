from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.idempotency import run_idempotent
from api.throttling import ReportRequestThrottle
from api.viewsets import ScopedViewSetMixin
from core.files import stored_file_response

from .. import selectors, services
from ..filtersets import ReportRunFilterSet
from ..models import ReportRun
from .serializers import ReportRequestSerializer, ReportRunSerializer


@extend_schema(tags=["reports"])
class ReportRunViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reports produced in the background: request one, follow its progress, and
    download it when done. District tokens get their own district's figures only."""

    serializer_class = ReportRunSerializer
    list_selector = staticmethod(selectors.report_run_list)
    filterset_class = ReportRunFilterSet
    ordering_fields = ["created_at", "id"]

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "create":
            throttles.append(ReportRequestThrottle())
        return throttles

    @extend_schema(
        request=ReportRequestSerializer,
        responses={
            202: ReportRunSerializer,
            400: OpenApiResponse(description="Invalid kind, format, year or district"),
        },
    )
    def create(self, request, *args, **kwargs):
        def handler():
            query = ReportRequestSerializer(
                data=request.data, context=self.get_serializer_context()
            )
            query.is_valid(raise_exception=True)
            data = query.validated_data
            run = services.report_request(
                kind=data["kind"],
                format=data["format"],
                year=data["params"]["year"],
                district=data["params"].get("district"),
                by=request.user,
            )
            return Response(
                self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED
            )

        return run_idempotent(request, handler)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, format=None):
        run = self.get_object()
        if run.status != ReportRun.Status.DONE or not run.file:
            raise Http404
        return stored_file_response(run.file, filename=run.filename)
