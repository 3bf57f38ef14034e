"""Mentoring on the portal: a district's mentoring of its cooperatives and
enterprises (the district workspace), and a person's own — the mentoring of an
owner's enterprise, the assignments of a mentor. Every list comes from a
selector through the caller's scope or account, so another district's, another
owner's or another mentor's assignments are never in it."""

from django.core.paginator import Paginator
from django.shortcuts import render

from programs import selectors

from ..access import officer_or_district_required, scope_of
from .base import DistrictView

PAGE_SIZE = 25


class DistrictMentoringListView(DistrictView):
    def get(self, request):
        assignments = selectors.mentor_assignment_district_list(scope=self.scope)
        page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("halaman"))
        return render(request, "portal/district/mentoring.html", {"page": page})


@officer_or_district_required
def my_mentoring(request):
    """The signed-in person's mentoring: of their enterprise (an owner) and as a
    mentor (whoever the registry names as one)."""
    return render(
        request,
        "portal/mentoring/mine.html",
        {
            "owned": selectors.mentor_assignment_for_owner_list(
                scope=scope_of(request)
            ),
            "mentored": selectors.mentor_assignment_of_mentor_list(
                user_id=request.user.pk
            ),
            "is_owner": request.user.role == "owner",
        },
    )
