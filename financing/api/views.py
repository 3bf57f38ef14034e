from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import Scope
from api.idempotency import run_idempotent
from api.viewsets import ScopedReadOnlyViewSet

from .. import selectors, services, simulator
from ..filtersets import ApplicationFilterSet, LoanFilterSet
from .application_writes import ApplicationWritesMixin
from .loan_actions import LoanActionsMixin
from .partner_actions import ApplicationPartnerActionsMixin
from .serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    LoanDetailSerializer,
    LoanSerializer,
    PortfolioQuerySerializer,
    PortfolioSerializer,
    RepaymentInputSerializer,
    RepaymentSerializer,
    SchemeSerializer,
    SimulationComparisonSerializer,
    SimulationQuerySerializer,
    SimulationSerializer,
)


class IsProvinceWide(BasePermission):
    """Agency staff and province-wide tokens: financing writes are theirs."""

    message = _("Hanya staf dinas provinsi yang dapat mencatat pembayaran.")

    def has_permission(self, request, view):
        return Scope.for_user(request.user).everything


@extend_schema(tags=["financing"])
class SchemeViewSet(ScopedReadOnlyViewSet):
    """The financing schemes of the partner institutions (the public catalogue)."""

    serializer_class = SchemeSerializer
    list_selector = staticmethod(selectors.scheme_list)
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_fields = ["method", "is_open"]
    search_fields = ["name", "partner", "code"]
    ordering_fields = ["name", "annual_rate", "max_amount"]
    ordering = ["name", "pk"]


SIMULATION_RESPONSE = PolymorphicProxySerializer(
    component_name="SimulationResponse",
    serializers=[SimulationSerializer, SimulationComparisonSerializer],
    resource_type_field_name=None,
)


class SimulationView(APIView):
    """The installment simulator, open to anyone. With `scheme`, that scheme's
    schedule (400 naming `amount` or `tenor_months` outside its limits); without,
    every open scheme side by side and the same loan at a commercial rate."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["financing"],
        parameters=[SimulationQuerySerializer],
        responses=SIMULATION_RESPONSE,
        auth=[],
    )
    def get(self, request):
        query = SimulationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scheme = query.validated_data.get("scheme")
        amount = query.validated_data["amount"]
        tenor = query.validated_data["tenor_months"]
        start = timezone.localdate()
        if scheme is not None:
            result = simulator.simulate(
                scheme=scheme, amount=amount, tenor_months=tenor, start=start
            )
            return Response(SimulationSerializer(result).data)
        comparison = {
            "amount": amount,
            "tenor_months": tenor,
            "results": simulator.compare(
                schemes=selectors.scheme_list(open_only=True),
                amount=amount,
                tenor_months=tenor,
                start=start,
            ),
            "commercial": simulator.simulate_commercial(
                amount=amount, tenor_months=tenor, start=start
            ),
        }
        return Response(SimulationComparisonSerializer(comparison).data)


@extend_schema(tags=["financing"])
class ApplicationViewSet(
    ApplicationWritesMixin, ApplicationPartnerActionsMixin, ScopedReadOnlyViewSet
):
    """Financing applications of the applicants in the caller's scope (a district
    sees its district's cooperatives and SMEs); a POST creates a draft for one of
    them, `submit` checks the scheme's rules and submits it."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    search_fields = ["=number", "cooperative__name", "enterprise__name"]
    ordering_fields = ["id", "number", "amount", "submitted_at", "created_at"]
    ordering = ["-created_at", "-id"]
    list_selector = staticmethod(selectors.application_list)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            return queryset.prefetch_related("documents")
        return queryset

    def get_serializer_class(self):
        if self.action in {"retrieve", "create", "submit"}:
            return ApplicationDetailSerializer
        return ApplicationSerializer


@extend_schema(tags=["financing"])
class LoanViewSet(LoanActionsMixin, ScopedReadOnlyViewSet):
    """Loans in scope; `days_past_due` counts from the oldest unpaid installment's
    due date, and `status` is `current`, `in_arrears` or `closed`. The detail
    has the installment schedule with what has been paid."""

    serializer_class = LoanSerializer
    filterset_class = LoanFilterSet
    search_fields = ["=application__number", "=disbursement_reference"]
    ordering_fields = [
        "id",
        "disbursed_on",
        "principal",
        "outstanding_principal",
        "days_past_due",
    ]
    ordering = ["-disbursed_on", "-id"]
    list_selector = staticmethod(selectors.loan_list)

    def get_queryset(self):
        if self.action in {"retrieve", "payoff_quote", "write_off_approve"}:
            return selectors.loan_detail_list(scope=self.get_scope())
        return super().get_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return LoanDetailSerializer
        return LoanSerializer

    @extend_schema(
        request=RepaymentInputSerializer,
        responses={201: RepaymentSerializer, 200: RepaymentSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsProvinceWide])
    def repayments(self, request, pk=None):
        """Record a repayment (province-wide staff): oldest installment first,
        interest before principal. The same `reference` again returns the first
        record (200); honours `Idempotency-Key`."""
        loan = self.get_object()

        def handler():
            data = RepaymentInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            repayment = services.repayment_record(
                loan_id=loan.pk, by=request.user, **data.validated_data
            )
            code = status.HTTP_201_CREATED if repayment.was_recorded else 200
            return Response(RepaymentSerializer(repayment).data, status=code)

        return run_idempotent(request, handler)


class PortfolioView(APIView):
    """Portfolio figures in scope, per district or per scheme: loans, disbursed,
    outstanding, PAR 30 and repayment rate; and PAR per delinquency band."""

    @extend_schema(
        tags=["financing"],
        parameters=[PortfolioQuerySerializer],
        responses=PortfolioSerializer,
    )
    def get(self, request):
        query = PortfolioQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group_by = query.validated_data["group_by"]
        scope = Scope.for_user(request.user)
        par = selectors.par_report(scope=scope)
        data = {
            "group_by": group_by,
            "loans": par["loans"],
            "outstanding": par["outstanding"],
            "results": selectors.portfolio_stats(scope=scope, group_by=group_by),
            "par_bands": par["bands"],
            "collectibility": selectors.collectibility_stats(scope=scope),
        }
        return Response(PortfolioSerializer(data).data)
