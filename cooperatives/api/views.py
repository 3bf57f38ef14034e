from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import Scope
from api.idempotency import run_idempotent
from api.throttling import ApiClientThrottle, ApiExportThrottle
from api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, ScopedViewSetMixin

from .. import exports, selectors, services
from ..filtersets import (
    AnnualReportFilterSet,
    CooperativeFilterSet,
    EnterpriseFilterSet,
)
from ..report_documents import attachment_response
from . import rows
from .serializers import (
    AnnualReportAttachSerializer,
    AnnualReportSerializer,
    CooperativeSerializer,
    CooperativeStatisticsSerializer,
    DistrictSerializer,
    EnterpriseSerializer,
    ReturnReasonSerializer,
    StatisticsQuerySerializer,
)


@extend_schema(tags=["registry"])
class DistrictViewSet(ScopedReadOnlyViewSet):
    """The ten kabupaten/kota of Kalimantan Timur, keyed by Kemendagri code."""

    serializer_class = DistrictSerializer
    list_selector = staticmethod(selectors.district_list)
    lookup_value_regex = r"\d{2}\.\d{2}"
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema(tags=["registry"])
class CooperativeViewSet(ScopedModelViewSet):
    """Cooperatives in the caller's scope; `is_active`, `last_rat_year` and
    `member_count` are derived from verified annual reports."""

    serializer_class = CooperativeSerializer
    filterset_class = CooperativeFilterSet
    search_fields = ["name", "=nik", "legal_entity_number"]
    ordering_fields = [
        "id",
        "name",
        "nik",
        "established_on",
        "last_rat_on",
        "created_at",
    ]
    ordering = ["name", "id"]
    list_selector = staticmethod(selectors.cooperative_list)
    create_service = staticmethod(services.cooperative_create)
    update_service = staticmethod(services.cooperative_update)
    update_id_name = "cooperative_id"

    list_rows = staticmethod(rows.cooperative_rows)

    # `member_count` is read for the page's (or the object's) rows only.
    def get_object(self):
        return selectors.with_member_counts([super().get_object()])[0]

    def get_fresh(self, pk):
        return selectors.with_member_counts([super().get_fresh(pk)])[0]


class _AnyAccept(BaseContentNegotiation):
    """A PDF download answers whatever `Accept` says; its errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(tags=["registry"])
class AnnualReportViewSet(ScopedModelViewSet):
    """Annual member meeting (RAT) reports: draft → submitted → verified, or
    returned with a reason. Only drafts and returned reports can be changed."""

    serializer_class = AnnualReportSerializer
    filterset_class = AnnualReportFilterSet
    ordering_fields = ["id", "fiscal_year", "rat_held_on", "submitted_at"]
    ordering = ["-fiscal_year", "id"]
    list_selector = staticmethod(selectors.annual_report_list)
    list_rows = staticmethod(rows.annual_report_rows)
    create_service = staticmethod(services.annual_report_create)
    update_service = staticmethod(services.annual_report_update)
    update_id_name = "report_id"

    def _transition(self, request, service, **kwargs):
        report = self.get_object()

        def handler():
            service(report_id=report.pk, by=request.user, **kwargs)
            return Response(
                self.get_serializer(self.get_queryset().get(pk=report.pk)).data
            )

        return run_idempotent(request, handler)

    @extend_schema(request=None, responses=AnnualReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a complete draft or returned report for verification."""
        return self._transition(request, services.annual_report_submit)

    @extend_schema(request=None, responses=AnnualReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify the report (district office of the cooperative, or staff). The
        report becomes a frozen snapshot and the cooperative's activity is updated."""
        return self._transition(request, services.annual_report_verify)

    @extend_schema(
        request={"multipart/form-data": AnnualReportAttachSerializer},
        responses=AnnualReportSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None, format=None):
        """Attach the minutes of the RAT (`minutes`) and/or the financial
        statements (`financial_statements`), each a PDF of at most 10 MB."""
        files = AnnualReportAttachSerializer(data=request.data)
        files.is_valid(raise_exception=True)
        return self._transition(
            request,
            services.annual_report_attach,
            files=dict(files.validated_data),
            staff=self.get_scope().everything,
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<kind>[a-z_]+)",
        url_name="attachment",
        content_negotiation_class=_AnyAccept,
    )
    def attachment(self, request, pk=None, kind=None, format=None):
        """One attached PDF (`minutes` or `financial_statements`); 404 when missing."""
        return attachment_response(self.get_object(), kind)

    @extend_schema(request=ReturnReasonSerializer, responses=AnnualReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        """Return a submitted report to the cooperative with a reason."""
        reason = ReturnReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._transition(
            request,
            services.annual_report_return,
            reason=reason.validated_data["reason"],
        )


@extend_schema(tags=["registry"])
class EnterpriseViewSet(ScopedModelViewSet):
    """Micro, small and medium enterprises (UMKM); `scale` follows PP 7/2021."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    search_fields = ["name", "=nib"]
    ordering_fields = ["id", "name", "nib", "annual_revenue", "created_at"]
    ordering = ["name", "id"]
    list_selector = staticmethod(selectors.enterprise_list)
    list_rows = staticmethod(rows.enterprise_rows)
    list_count = staticmethod(selectors.enterprise_count)
    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(services.enterprise_update)
    update_id_name = "enterprise_id"


class _CsvOrJsonErrors(BaseContentNegotiation):
    """The file is CSV whatever `Accept` says (`text/csv` is not refused with 406);
    the errors (400, 401, 429) are JSON like everywhere else in the API."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class EnterpriseExportView(ScopedViewSetMixin, GenericAPIView):
    """The enterprises of the list (same scope, filters, search and ordering) as one
    CSV file, UTF-8 with BOM, streamed; the owner's NIK is not in it. Throttled per
    client (scope `api_export`, ABUSE_LIMITS["export"])."""

    filterset_class = EnterpriseFilterSet
    search_fields = EnterpriseViewSet.search_fields
    ordering_fields = EnterpriseViewSet.ordering_fields
    ordering = EnterpriseViewSet.ordering
    list_selector = staticmethod(selectors.enterprise_list)
    pagination_class = None
    throttle_classes = [ApiClientThrottle, ApiExportThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _CsvOrJsonErrors

    @extend_schema(
        tags=["registry"],
        operation_id="v1_enterprises_export_csv",
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        return exports.enterprise_csv_response(queryset)


class CooperativeStatisticsView(APIView):
    """Per district in scope for `year`: registered cooperatives (`total`), those
    active in that year (a RAT held in it or the two years before), and the sums of
    the verified reports of fiscal year `year`."""

    @extend_schema(
        tags=["statistics"],
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, required=True)],
        responses=CooperativeStatisticsSerializer,
    )
    def get(self, request):
        query = StatisticsQuerySerializer(
            data={"year": request.query_params.get("year", timezone.localdate().year)}
        )
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        results = rows.statistics_rows(
            selectors.cooperative_stats_by_year(
                scope=Scope.for_user(request.user), years=[year]
            )[year]
        )
        return Response(
            {
                "count": len(results),
                "next": None,
                "previous": None,
                "year": year,
                "results": results,
            }
        )
