"""The API lists' filter backends.

django-filter for the API lists, skipped when a request names none of the
filterset's parameters (a plain page, the most common request): building a
FilterSet and validating its form costs more than reading the page's ids, and
with no parameter of its own it leaves the queryset as it is."""

import functools

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            _may_filter(filterset_class, key) for key in request.query_params
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _may_filter(filterset_class, key: str) -> bool:
    """Whether `key` may be read by one of the filters (range and lookup-choice
    widgets read `<name>_<suffix>`, so a prefix counts)."""
    return any(
        key == name or key.startswith(f"{name}_")
        for name in _filter_names(filterset_class)
    )


@functools.cache
def _filter_names(filterset_class) -> tuple[str, ...]:
    return tuple(filterset_class.base_filters)


class SearchFilter(filters.SearchFilter):
    """DRF's search, its refusals under the parameter's name (`{"search": [...]}`)
    like every other 400 of the API, instead of a bare list."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except ValidationError as exc:
            raise ValidationError({self.search_param: exc.detail}) from exc
