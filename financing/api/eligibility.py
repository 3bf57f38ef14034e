"""GET /api/v1/financing/eligibility/?cooperative=<id> (or ?enterprise=<id>):
every open scheme for that applicant, the same answer as the portal's scheme
choice (`financing.services.offers`). An applicant outside the caller's scope
answers 404."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import Scope
from cooperatives import selectors as registry

from ..services.eligibility import Applicant
from ..services.offers import scheme_offers


class EligibilityQuerySerializer(serializers.Serializer):
    cooperative = serializers.IntegerField(required=False, min_value=1)
    enterprise = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if ("cooperative" in attrs) == ("enterprise" in attrs):
            raise serializers.ValidationError(
                {"cooperative": _("Isi salah satu: cooperative atau enterprise.")}
            )
        return attrs


class SchemeEligibilitySerializer(serializers.Serializer):
    scheme = serializers.CharField(source="scheme.code")
    name = serializers.CharField(source="scheme.name")
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text="The rate this applicant would get (a KUR's access ladder step).",
    )


class EligibilitySerializer(serializers.Serializer):
    cooperative = serializers.IntegerField(allow_null=True)
    enterprise = serializers.IntegerField(allow_null=True)
    results = SchemeEligibilitySerializer(many=True)


def _applicant(scope: Scope, query: dict) -> Applicant:
    if "cooperative" in query:
        cooperatives = registry.cooperative_list(scope=scope)
        cooperative = cooperatives.filter(pk=query["cooperative"]).first()
        if cooperative is None:
            raise Http404
        return Applicant(cooperative=cooperative)
    enterprises = registry.enterprise_list(scope=scope).select_related("cooperative")
    enterprise = enterprises.filter(pk=query["enterprise"]).first()
    if enterprise is None:
        raise Http404
    return Applicant(enterprise=enterprise)


class EligibilityView(APIView):
    """For every open scheme: `scheme` (code), `eligible`, and `reasons` (each
    failed rule's message, empty when eligible)."""

    @extend_schema(
        tags=["financing"],
        parameters=[EligibilityQuerySerializer],
        responses=EligibilitySerializer,
    )
    def get(self, request):
        query = EligibilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = Scope.for_user(request.user)
        applicant = _applicant(scope, query.validated_data)
        offers = scheme_offers(applicant, today=timezone.localdate(), scope=scope)
        data = {
            "cooperative": applicant.cooperative.pk if applicant.cooperative else None,
            "enterprise": applicant.enterprise.pk if applicant.enterprise else None,
            "results": sorted(offers, key=lambda offer: offer.scheme.name),
        }
        return Response(EligibilitySerializer(data).data)
