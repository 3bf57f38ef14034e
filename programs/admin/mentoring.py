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
from simple_history.admin import SimpleHistoryAdmin

from accounts.scope import Scope
from cooperatives.models import District
from core.admin import FastChangelistMixin, ServiceAdminMixin, form_data, saved_as

from .. import selectors, services
from ..models import MentorAssignment, MentoringVisit

CANDIDATES_PER_PAGE = 50


class MentoringVisitInline(admin.StackedInline):
    model = MentoringVisit
    extra = 0
    fields = ("visited_on", "findings", "recommendations", "follow_up_on")


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(ServiceAdminMixin, FastChangelistMixin, SimpleHistoryAdmin):
    list_display = (
        "cooperative",
        "mentor",
        "field",
        "year",
        "starts_on",
        "ends_on",
        "visit_count",
    )
    list_filter = ("year", "field", "cooperative__district")
    search_fields = ("cooperative__name", "mentor__name")
    list_select_related = ("cooperative", "mentor")
    raw_id_fields = ("mentor", "cooperative", "program")
    readonly_fields = ("assigned_by", "created_at")
    inlines = [MentoringVisitInline]
    change_list_template = "admin/programs/mentorassignment/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(visit_total=Count("visits"))

    @admin.display(description=_("kunjungan"), ordering="visit_total")
    def visit_count(self, assignment):
        return assignment.visit_total

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        today = timezone.localdate()
        initial.setdefault("year", today.year)
        initial.setdefault("starts_on", today)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            services.mentor_assignment_update(
                assignment_id=obj.pk, data=form_data(form), by=request.user
            )
            return
        data = form.cleaned_data
        assignment = services.mentor_assign(
            mentor_id=data["mentor"].pk,
            cooperative_id=data["cooperative"].pk,
            field=data["field"],
            year=data["year"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            program_id=data["program"].pk if data.get("program") else None,
            by=request.user,
        )
        saved_as(obj, assignment)

    def delete_model(self, request, obj):
        services.mentor_assignment_delete(assignment_id=obj.pk, by=request.user)

    def save_formset(self, request, form, formset, change):
        # Visits are logged, corrected and removed through the services.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for visit_form in formset.initial_forms:
            if visit_form in formset.deleted_forms:
                services.mentoring_visit_delete(
                    visit_id=visit_form.instance.pk, by=request.user
                )
                formset.deleted_objects.append(visit_form.instance)
            elif visit_form.has_changed():
                visit = services.mentoring_visit_update(
                    visit_id=visit_form.instance.pk,
                    data=form_data(visit_form),
                    by=request.user,
                )
                formset.changed_objects.append((visit, visit_form.changed_data))
        for visit_form in formset.extra_forms:
            if not visit_form.has_changed() or visit_form in formset.deleted_forms:
                continue
            data = visit_form.cleaned_data
            visit = services.mentoring_visit_log(
                assignment_id=form.instance.pk,
                visited_on=data["visited_on"],
                findings=data["findings"],
                recommendations=data.get("recommendations", ""),
                follow_up_on=data.get("follow_up_on"),
                by=request.user,
            )
            formset.new_objects.append(visit)

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
