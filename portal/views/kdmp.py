"""KDMP coverage for agency staff and district users: the counts the province
reports upward (villages, KDMP formed, running, share) per district and
kecamatan, and every village with its status, filtered and paginated. District
users see their own district; naming another one answers 404. A page is a
fixed number of queries whatever the number of villages."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from cooperatives import selectors

from ..forms.kdmp import KdmpFilterForm
from .base import DistrictView

PAGE_SIZE = 25


class KdmpCoverageView(DistrictView):
    def get(self, request):
        scope = self.scope
        asked = request.GET.get("kabupaten", "")
        if scope.district_code and asked and asked != scope.district_code:
            raise Http404
        districts = None
        if scope.everything:
            districts = [(d.code, d.name) for d in selectors.district_choice_list()]
        form = KdmpFilterForm(
            request.GET,
            districts=districts,
            sub_districts=selectors.kdmp_sub_district_choices(
                scope=scope,
                district_id=asked if asked in dict(districts or ()) else None,
            ),
        )
        district_id = scope.district_code or form.value("kabupaten")
        sub_district_id = form.value("kecamatan")
        status = form.value("status")
        by_district = selectors.kdmp_coverage_by_district(scope=scope)
        by_sub_district = []
        if district_id:
            by_sub_district = selectors.kdmp_coverage_by_subdistrict(
                scope=scope, district_id=district_id
            )
            totals = selectors.kdmp_totals(by_sub_district)
        else:
            totals = selectors.kdmp_totals(by_district)
        villages = selectors.kdmp_village_list(
            scope=scope,
            district_id=district_id,
            sub_district_id=sub_district_id,
            status=status,
        )
        page = Paginator(villages, PAGE_SIZE).get_page(request.GET.get("halaman"))
        filters = {
            key: value
            for key, value in (
                ("kabupaten", "" if scope.district_code else district_id),
                ("kecamatan", sub_district_id),
                ("status", status),
            )
            if value
        }
        return render(
            request,
            "portal/kdmp.html",
            {
                "form": form,
                "totals": totals,
                "by_district": by_district if scope.everything else [],
                "by_sub_district": by_sub_district,
                "district_name": {
                    row["district_id"]: row["district_name"] for row in by_district
                }.get(district_id, ""),
                "page": page,
                "filter_query": urlencode(filters),
            },
        )
