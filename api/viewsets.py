"""The base of every API viewset: the queryset comes from a selector called with the
caller's scope (one mechanism, so a viewset cannot forget it), POSTs honour
`Idempotency-Key`, and only GET, POST and PATCH are offered."""

from rest_framework import mixins, viewsets
from rest_framework.response import Response

from accounts.scope import Scope

from .idempotency import IdempotentCreateMixin
from .renderers import FastJSONRenderer

# Query parameters that leave a list's rows as they are (its count too).
UNFILTERED = frozenset({"page", "page_size", "ordering", "format"})


class ScopedViewSetMixin:
    list_selector = None  # staticmethod(selector) taking scope=…
    # staticmethod(ids) → the JSON rows of those ids in that order; None: serializer.
    list_rows = None
    # staticmethod(scope=…) → the exact count of the whole list in that scope when
    # known without counting, else None: used when the request filters nothing.
    list_count = None

    def get_renderers(self):
        if self.list_rows is not None:
            return [FastJSONRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        if self.list_rows is None:
            return super().list(request, *args, **kwargs)
        # Page the ids first (an index scan in the list's order, whatever the
        # offset), then read and shape the page's rows only.
        ids = self.filter_queryset(self.get_queryset()).values_list("pk", flat=True)
        if self.list_count is not None and self.paginator is not None:
            self.paginator.known_count = self._unfiltered_count(request)
        page = self.paginate_queryset(ids)
        rows = self.list_rows(list(ids if page is None else page))
        if page is None:
            return Response(rows)
        return self.get_paginated_response(rows)

    def _unfiltered_count(self, request) -> int | None:
        if not set(request.query_params) <= UNFILTERED:
            return None
        return self.list_count(scope=self.get_scope())

    def get_scope(self) -> Scope:
        return Scope.for_user(getattr(self.request, "user", None))

    def get_queryset(self):
        return self.list_selector(scope=self.get_scope())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "scope": self.get_scope()}


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = None  # staticmethod(service) taking data=…, by=…
    update_service = None  # staticmethod(service) taking <id>=…, data=…, by=…
    update_id_name = "pk"

    def perform_create(self, serializer):
        instance = self.create_service(
            data=serializer.validated_data, by=self.request.user
        )
        serializer.instance = self.get_fresh(instance.pk)

    def perform_update(self, serializer):
        instance = self.update_service(
            data=serializer.validated_data,
            by=self.request.user,
            **{self.update_id_name: serializer.instance.pk},
        )
        serializer.instance = self.get_fresh(instance.pk)

    def get_fresh(self, pk):
        """The written object as the list shows it (annotations included)."""
        return self.get_queryset().get(pk=pk)
