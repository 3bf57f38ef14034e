from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models.query import FlatValuesListIterable
from rest_framework.pagination import PageNumberPagination

# Beyond this an OFFSET is no page anyone asks for; such numbers take the plain
# path, which checks them against the count before querying.
LARGEST_OFFSET = 2**31


class IdsPaginator(Paginator):
    """For the ids the API lists page first (`values_list("pk", flat=True)`):
    the count and the page's ids in one statement instead of two. Any other
    object list is paged as Django does."""

    def page(self, number):
        if (
            getattr(self.object_list, "_iterable_class", None)
            is not (FlatValuesListIterable)
            or "count" in self.__dict__
        ):
            return super().page(number)
        number = self._as_number(number)
        bottom = (number - 1) * self.per_page
        if bottom > LARGEST_OFFSET:
            return super().page(number)
        count, page_ids = self._count_and_ids(bottom)
        self.__dict__["count"] = count  # the cached_property, filled
        return self._get_page(page_ids, self.validate_number(number), self)

    def _count_and_ids(self, bottom: int) -> tuple[int, list]:
        ids = self.object_list[bottom : bottom + self.per_page]
        try:
            page_sql, page_params = ids.query.sql_with_params()
            all_sql, all_params = self.object_list.order_by().query.sql_with_params()
        except EmptyResultSet:  # `.none()`, or `__in` an empty list: no rows
            return 0, []
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM ({all_sql}) AS counted), "  # noqa: S608 -- compiled by the ORM
                f"ARRAY({page_sql})",
                (*all_params, *page_params),
            )
            return cursor.fetchone()

    def _as_number(self, number) -> int:
        """Django's validation of the number, short of comparing it with the count."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    # The list's exact count when the view knows it without counting (stored
    # figures, core.figures): only the page's ids are queried then.
    known_count: int | None = None

    def django_paginator_class(self, object_list, per_page) -> IdsPaginator:
        paginator = IdsPaginator(object_list, per_page)
        if self.known_count is not None:
            paginator.__dict__["count"] = self.known_count  # the cached_property
        return paginator
