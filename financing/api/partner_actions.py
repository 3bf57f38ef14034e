"""The partner steps of a KUR or bank-product application over the API (new
actions only; the services decide, check the duty and the scheme): recommend
(the rekomendasi letter), forward, the partner's decision, the partner's
disbursement. An application outside the caller's scope is 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import Recommendation
from .loan_actions import _run
from .serializers import AMOUNT_INPUT, ApplicationDetailSerializer, _whole_rupiah


class RecommendInputSerializer(serializers.Serializer):
    issued_on = serializers.DateField(required=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "application", "number", "issued_on", "district", "notes"]
        read_only_fields = fields


class PartnerDecisionInputSerializer(serializers.Serializer):
    approved = serializers.BooleanField()
    decided_on = serializers.DateField(required=False)
    amount = serializers.DecimalField(**AMOUNT_INPUT, required=False)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def validate_amount(self, value):
        return _whole_rupiah(value)


class PartnerDisbursementInputSerializer(serializers.Serializer):
    disbursed_on = serializers.DateField()
    amount = serializers.DecimalField(**AMOUNT_INPUT, required=False)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def validate_amount(self, value):
        return _whole_rupiah(value)


class ApplicationPartnerActionsMixin:
    def _detail(self, application_id):
        return Response(
            ApplicationDetailSerializer(self.get_queryset().get(pk=application_id)).data
        )

    @extend_schema(
        request=RecommendInputSerializer, responses={201: RecommendationSerializer}
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None, format=None):
        """Issue the rekomendasi letter of a partner-decided application."""
        application = self.get_object()

        def call(data):
            letter = services.application_recommend(
                application_id=application.pk, by=request.user, **data
            )
            return Response(RecommendationSerializer(letter).data, status=201)

        return _run(request, RecommendInputSerializer, call)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None, format=None):
        """Forward a recommended application to its partner."""
        application = self.get_object()
        services.application_forward(application_id=application.pk, by=request.user)
        return self._detail(application.pk)

    @extend_schema(
        request=PartnerDecisionInputSerializer, responses=ApplicationDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="partner-decision")
    def partner_decision(self, request, pk=None, format=None):
        """Record the partner's decision: `approved` with `amount` and
        `reference`, or refused with `reason`."""
        application = self.get_object()

        def call(data):
            common = {"application_id": application.pk, "by": request.user}
            if data.pop("approved"):
                services.application_partner_approve(
                    **common,
                    amount=data.get("amount"),
                    reference=data.get("reference", ""),
                    decided_on=data.get("decided_on"),
                    reason=data.get("reason", ""),
                )
            else:
                services.application_partner_reject(
                    **common,
                    reason=data.get("reason", ""),
                    decided_on=data.get("decided_on"),
                    reference=data.get("reference", ""),
                )
            return self._detail(application.pk)

        return _run(request, PartnerDecisionInputSerializer, call)

    @extend_schema(
        request=PartnerDisbursementInputSerializer,
        responses=ApplicationDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="partner-disbursement")
    def partner_disbursement(self, request, pk=None, format=None):
        """Record the disbursement from the partner's notice (creates the loan)."""
        application = self.get_object()

        def call(data):
            services.loan_record_partner_disbursement(
                application_id=application.pk, by=request.user, **data
            )
            return self._detail(application.pk)

        return _run(request, PartnerDisbursementInputSerializer, call)
