"""Applications written over the API: a draft for a cooperative or an SME in the
caller's scope, and its submission (the scheme's eligibility rules). Shape only
here; the services the portal and the admin call decide. An applicant outside
the caller's scope is refused as if its id did not exist (400 naming the field),
an application outside it is a 404."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.fields import SlugRelatedField
from api.idempotency import run_idempotent
from cooperatives.models import Cooperative, Enterprise

from .. import services
from ..models import Application, Scheme
from ..models.scheme import MAX_TENOR_MONTHS
from .serializers import AMOUNT_INPUT, ApplicationDetailSerializer, _whole_rupiah


def _applicant_field(model, *, not_found, incorrect_type):
    return serializers.PrimaryKeyRelatedField(
        queryset=model.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": not_found, "incorrect_type": incorrect_type},
    )


class ApplicationCreateSerializer(serializers.Serializer):
    scheme = SlugRelatedField(
        slug_field="code",
        queryset=Scheme.objects.all(),
        help_text="Code of an open scheme.",
        error_messages={
            "does_not_exist": _("Skema '{value}' tidak ditemukan."),
            "invalid": _("Kode skema tidak valid."),
        },
    )
    cooperative = _applicant_field(
        Cooperative,
        not_found=_("Koperasi dengan id {pk_value} tidak ditemukan."),
        incorrect_type=_("Isi id koperasi berupa angka."),
    )
    enterprise = _applicant_field(
        Enterprise,
        not_found=_("UMKM dengan id {pk_value} tidak ditemukan."),
        incorrect_type=_("Isi id UMKM berupa angka."),
    )
    amount = serializers.DecimalField(
        **AMOUNT_INPUT, help_text="Requested amount in whole rupiah."
    )
    tenor_months = serializers.IntegerField(min_value=1, max_value=MAX_TENOR_MONTHS)
    purpose = serializers.ChoiceField(choices=Application.Purpose.choices)
    business_description = serializers.CharField(
        required=False, allow_blank=True, max_length=5000
    )
    use_of_funds = serializers.CharField(
        required=False, allow_blank=True, max_length=5000
    )
    repayment_source = serializers.CharField(
        required=False, allow_blank=True, max_length=5000
    )
    monthly_revenue = serializers.DecimalField(
        max_digits=15, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    business_started_on = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = self.context.get("scope")  # none when the schema is generated
        if scope is not None:
            self.fields["cooperative"].queryset = Cooperative.objects.restrict(scope)
            self.fields["enterprise"].queryset = Enterprise.objects.restrict(scope)

    def validate_amount(self, value):
        return _whole_rupiah(value)

    def validate(self, attrs):
        if bool(attrs.get("cooperative")) == bool(attrs.get("enterprise")):
            raise serializers.ValidationError(
                {"cooperative": _("Isi koperasi atau UMKM pemohon, salah satu saja.")}
            )
        return attrs


class EligibilityFailureSerializer(serializers.Serializer):
    eligibility = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The failed rules: {rule: [message]}.",
    )


def _eligibility_response(error: services.EligibilityError) -> Response:
    failed: dict[str, list[str]] = {}
    for fact in error.failed:
        failed.setdefault(fact.rule, []).append(fact.detail)
    return Response({"eligibility": failed}, status=status.HTTP_400_BAD_REQUEST)


class ApplicationWritesMixin:
    """`create` and the `submit` action of the applications viewset."""

    def _detail_data(self, pk):
        fresh = self.get_queryset().prefetch_related("documents").get(pk=pk)
        return ApplicationDetailSerializer(
            fresh, context=self.get_serializer_context()
        ).data

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={201: ApplicationDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        """A draft application for a cooperative or an SME in the caller's scope
        (exactly one of `cooperative`, `enterprise`); honours `Idempotency-Key`."""

        def handler():
            body = ApplicationCreateSerializer(
                data=request.data, context=self.get_serializer_context()
            )
            body.is_valid(raise_exception=True)
            application = services.application_create(
                data=body.validated_data, by=request.user
            )
            return Response(
                self._detail_data(application.pk), status=status.HTTP_201_CREATED
            )

        return run_idempotent(request, handler)

    @extend_schema(
        request=None,
        responses={
            200: ApplicationDetailSerializer,
            400: OpenApiResponse(
                EligibilityFailureSerializer,
                description="The failed eligibility rules, or another refusal "
                "as `{field: [message]}`.",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft: the scheme's eligibility rules are checked; a failure
        is a 400 with each failed rule under `eligibility`. Honours
        `Idempotency-Key`."""
        application = self.get_object()

        def handler():
            try:
                services.application_submit(
                    application_id=application.pk, by=request.user
                )
            except services.EligibilityError as refusal:
                return _eligibility_response(refusal)
            return Response(self._detail_data(application.pk))

        return run_idempotent(request, handler)
