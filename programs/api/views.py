from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api.idempotency import run_idempotent
from api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..filtersets import EnrolmentFilterSet, ProgramFilterSet
from .serializers import (
    EnrolmentCancelSerializer,
    EnrolmentSerializer,
    ProgramSerializer,
)


@extend_schema(tags=["programs"])
class ProgramViewSet(ScopedReadOnlyViewSet):
    """Training, technical guidance, mentoring and empowerment programs of the
    caller's district and the province-wide ones, with the seats left."""

    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    search_fields = ["title", "code"]
    ordering_fields = ["id", "code", "starts_on", "year", "registration_closes"]
    ordering = ["-starts_on", "id"]
    list_selector = staticmethod(selectors.program_list)


@extend_schema(tags=["programs"])
class EnrolmentViewSet(ScopedModelViewSet):
    """Participants nominated from the caller's district. A POST nominates a
    person (found by NIK, or registered): confirmed while seats are left, else
    waitlisted; refused with the reason outside the registration window, the
    audience or the district."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilterSet
    ordering_fields = ["id", "created_at"]
    ordering = ["id"]
    list_selector = staticmethod(selectors.enrolment_list)

    def perform_create(self, serializer):
        data = serializer.validated_data
        cooperative = data.get("cooperative")
        enrolment = services.enrolment_nominate_by_nik(
            program_id=data["program"].pk,
            cooperative_id=cooperative.pk if cooperative else None,
            by=self.request.user,
            scope=self.get_scope(),
            **data["person"],
        )
        serializer.instance = self.get_queryset().get(pk=enrolment.pk)

    @extend_schema(request=EnrolmentCancelSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a confirmed or waitlisted participant; the first on the waitlist
        takes the seat and is told."""
        enrolment = self.get_object()
        body = EnrolmentCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def handler():
            services.enrolment_cancel(
                enrolment_id=enrolment.pk,
                by=request.user,
                reason=body.validated_data.get("reason", ""),
            )
            return Response(
                self.get_serializer(self.get_queryset().get(pk=enrolment.pk)).data
            )

        return run_idempotent(request, handler)
