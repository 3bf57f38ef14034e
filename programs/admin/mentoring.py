"""Mentor assignments with their visits, the candidates for mentoring (registered
cooperatives without a verified RAT report for last year, inactive ones first) and,
per program year, how many mentored cooperatives became active again."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from cooperatives.models import District
from core.admin import FastChangelistMixin, HistoryAdmin, ServiceAdminMixin, Writes

from .. import selectors, services
from ..models import MentorAssignment, MentoringVisit

CANDIDATES_PER_PAGE = 50


def _assign(*, data: dict, by) -> MentorAssignment:
    return services.mentor_assign(
        mentor_id=data["mentor"].pk,
        cooperative_id=data["cooperative"].pk if data.get("cooperative") else None,
        enterprise_id=data["enterprise"].pk if data.get("enterprise") else None,
        field=data["field"],
        year=data["year"],
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
        program_id=data["program"].pk if data.get("program") else None,
        by=by,
    )


def _visit_log(*, data: dict, by) -> MentoringVisit:
    return services.mentoring_visit_log(
        assignment_id=data["assignment"].pk,
        visited_on=data["visited_on"],
        findings=data["findings"],
        recommendations=data.get("recommendations", ""),
        follow_up_on=data.get("follow_up_on"),
        by=by,
    )


class MenteeDistrictFilter(admin.SimpleListFilter):
    """The district of the cooperative or the enterprise mentored."""

    title = _("kabupaten/kota")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(d.pk, d.name) for d in District.objects.order_by("code")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.restrict(Scope.district(self.value()))
        return queryset


class MentoringVisitInline(admin.StackedInline):
    model = MentoringVisit
    extra = 0
    fields = ("visited_on", "findings", "recommendations", "follow_up_on")
    writes = Writes(
        create=_visit_log,
        update=lambda pk, **kw: services.mentoring_visit_update(visit_id=pk, **kw),
        delete=lambda pk, **kw: services.mentoring_visit_delete(visit_id=pk, **kw),
    )


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    list_display = (
        "mentee",
        "mentor",
        "field",
        "year",
        "starts_on",
        "ends_on",
        "visit_count",
    )
    list_filter = ("year", "field", MenteeDistrictFilter)
    search_fields = ("cooperative__name", "enterprise__name", "mentor__name")
    list_select_related = ("cooperative", "enterprise", "mentor")
    raw_id_fields = ("mentor", "cooperative", "enterprise", "program")
    readonly_fields = ("assigned_by", "created_at")
    inlines = [MentoringVisitInline]
    writes = Writes(
        create=_assign,
        update=lambda pk, **kw: services.mentor_assignment_update(
            assignment_id=pk, **kw
        ),
        delete=lambda pk, **kw: services.mentor_assignment_delete(
            assignment_id=pk, **kw
        ),
    )
    change_list_template = "admin/programs/mentorassignment/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(visit_total=Count("visits"))

    @admin.display(description=_("didampingi"))
    def mentee(self, assignment):
        return assignment.mentee.name

    @admin.display(description=_("kunjungan"), ordering="visit_total")
    def visit_count(self, assignment):
        return assignment.visit_total

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        today = timezone.localdate()
        initial.setdefault("year", today.year)
        initial.setdefault("starts_on", today)
        return initial

    def changelist_view(self, request, extra_context=None):
        stats = selectors.mentoring_reactivation_stats(
            scope=Scope.for_user(request.user)
        )
        return super().changelist_view(
            request, {**(extra_context or {}), "reactivation": stats}
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.candidates_view)
        return [
            path("candidates/", view, name="programs_mentoring_candidates"),
            *super().get_urls(),
        ]

    def candidates_view(self, request):
        """Kandidat pendampingan: cooperatives without a verified RAT report for
        last fiscal year, inactive first, filterable by district."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        candidates = selectors.mentoring_candidate_list(
            scope=Scope.for_user(request.user)
        )
        district = request.GET.get("district", "")
        if district:
            candidates = candidates.filter(district_id=district)
        page = Paginator(candidates, CANDIDATES_PER_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Kandidat pendampingan"),
            "page": page,
            "districts": District.objects.order_by("code"),
            "district": district,
            "last_year": timezone.localdate().year - 1,
            "this_year": timezone.localdate().year,
        }
        return TemplateResponse(
            request, "admin/programs/mentorassignment/candidates.html", context
        )
