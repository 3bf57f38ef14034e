"""The loan's money decisions over the API: the payoff quote (any caller who
sees the loan), early payoff, restructuring and the write-off in two steps, a
request then another person's approval or refusal (province-wide callers
whose user holds the duty; the services check it). Shape only here; the
services decide."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.scope import Scope
from api.idempotency import run_idempotent

from .. import services
from ..models import LoanRestructuring
from ..models.scheme import MAX_GRACE_MONTHS, MAX_TENOR_MONTHS
from .serializers import (
    MONEY,
    LoanDetailSerializer,
    RepaymentInputSerializer,
    RepaymentSerializer,
)
from .write_offs import WriteOffSerializer


class IsProvinceWideStaff(BasePermission):
    message = _("Hanya staf dinas provinsi yang dapat mengambil keputusan pinjaman.")

    def has_permission(self, request, view):
        return Scope.for_user(request.user).everything


class PayoffQuoteSerializer(serializers.Serializer):
    on = serializers.DateField()
    principal = serializers.DecimalField(**MONEY)
    arrears_interest = serializers.DecimalField(**MONEY)
    late_fee = serializers.DecimalField(**MONEY)
    accrued_interest = serializers.DecimalField(
        **MONEY, help_text="Outstanding principal x rate x days / 365."
    )
    accrued_from = serializers.DateField()
    days = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)


# A payoff is paid in like a repayment; its own class keeps its own name in the
# OpenAPI schema (a comment, not a docstring, which the schema would show).
class PayoffInputSerializer(RepaymentInputSerializer):
    pass


class RestructureInputSerializer(serializers.Serializer):
    effective_on = serializers.DateField()
    tenor_months = serializers.IntegerField(min_value=1, max_value=MAX_TENOR_MONTHS)
    grace_months = serializers.IntegerField(
        min_value=0, max_value=MAX_GRACE_MONTHS, required=False
    )
    annual_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    reason = serializers.CharField()


class RestructuringSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanRestructuring
        fields = [
            "id",
            "loan",
            "effective_on",
            "reason",
            "principal",
            "previous_annual_rate",
            "previous_tenor_months",
            "previous_grace_months",
            "annual_rate",
            "tenor_months",
            "grace_months",
            "previous_schedule",
            "created_at",
        ]
        read_only_fields = fields


class WriteOffInputSerializer(serializers.Serializer):
    written_off_on = serializers.DateField(required=False)
    reason = serializers.CharField()


class WriteOffRefuseInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


def _run(request, input_serializer, call):
    def handler():
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        return call(data.validated_data)

    return run_idempotent(request, handler)


class LoanActionsMixin:
    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD; today")],
        responses=PayoffQuoteSerializer,
    )
    @action(detail=True, methods=["get"], url_path="payoff-quote")
    def payoff_quote(self, request, pk=None, format=None):
        """What settles the loan early on `date` (default today)."""
        loan = self.get_object()
        day = serializers.DateField().run_validation(
            request.query_params.get("date") or timezone.localdate().isoformat()
        )
        quote = services.payoff_quote(loan, day)
        data = {**quote.__dict__, "total": quote.total}
        return Response(PayoffQuoteSerializer(data).data)

    @extend_schema(request=PayoffInputSerializer, responses={201: RepaymentSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsProvinceWideStaff])
    def payoff(self, request, pk=None, format=None):
        """Settle the loan early: `amount` must be the quote for `paid_on`."""
        loan = self.get_object()

        def call(data):
            repayment = services.loan_pay_off(loan_id=loan.pk, by=request.user, **data)
            code = 201 if repayment.was_recorded else 200
            return Response(RepaymentSerializer(repayment).data, status=code)

        return _run(request, PayoffInputSerializer, call)

    @extend_schema(
        request=RestructureInputSerializer, responses={201: RestructuringSerializer}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsProvinceWideStaff])
    def restructure(self, request, pk=None, format=None):
        """New tenor, grace or rate from `effective_on`; the old schedule is
        archived on the restructuring record."""
        loan = self.get_object()

        def call(data):
            record = services.loan_restructure(loan_id=loan.pk, by=request.user, **data)
            return Response(RestructuringSerializer(record).data, status=201)

        return _run(request, RestructureInputSerializer, call)

    @extend_schema(request=WriteOffInputSerializer, responses={201: WriteOffSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="write-off",
        permission_classes=[IsProvinceWideStaff],
    )
    def write_off(self, request, pk=None, format=None):
        """Request the write-off (hapus buku) of a Macet loan; another person
        approves or refuses it."""
        loan = self.get_object()

        def call(data):
            record = services.loan_write_off_request(
                loan_id=loan.pk, by=request.user, **data
            )
            return Response(WriteOffSerializer(record).data, status=201)

        return _run(request, WriteOffInputSerializer, call)

    @extend_schema(request=None, responses=LoanDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="write-off/approve",
        permission_classes=[IsProvinceWideStaff],
    )
    def write_off_approve(self, request, pk=None, format=None):
        """Approve the loan's waiting write-off request (not one's own)."""
        loan = self.get_object()

        def call(data):
            services.loan_write_off_approve(loan_id=loan.pk, by=request.user)
            fresh = self.get_queryset().get(pk=loan.pk)
            return Response(LoanDetailSerializer(fresh).data)

        return _run(request, serializers.Serializer, call)

    @extend_schema(request=WriteOffRefuseInputSerializer, responses=WriteOffSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="write-off/refuse",
        permission_classes=[IsProvinceWideStaff],
    )
    def write_off_refuse(self, request, pk=None, format=None):
        """Refuse the loan's waiting write-off request, with the reason."""
        loan = self.get_object()

        def call(data):
            record = services.loan_write_off_refuse(
                loan_id=loan.pk, by=request.user, **data
            )
            return Response(WriteOffSerializer(record).data)

        return _run(request, WriteOffRefuseInputSerializer, call)
