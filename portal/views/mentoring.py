"""Mentoring on the portal: a district's mentoring of its cooperatives and
enterprises (the district workspace), and a person's own — the mentoring of an
owner's enterprise, the assignments of a mentor, who records visits and corrects
or removes the ones they recorded while the assignment runs. Every list and
page comes from a selector through the caller's scope or account, so another
district's, another owner's or another mentor's assignments are never in it."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import date_in_words
from programs import selectors, services

from ..access import found, officer_or_district_required, scope_of
from ..forms.mentoring import MentoringVisitForm
from .base import DistrictView, ServiceFormView

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


class MentoringVisitCreateView(ServiceFormView):
    """A mentor records a visit on one of their own current assignments; anyone
    else (officers, owners, staff, district users), or an ended assignment: 404."""

    decorators = (login_required,)
    form_class = MentoringVisitForm
    template_name = "portal/mentoring/visit_form.html"

    def prepare(self):
        self.assignment = found(
            selectors.mentor_assignment_of_mentor_get,
            user_id=self.request.user.pk,
            assignment_id=self.kwargs["assignment_id"],
        )
        return super().prepare()

    def get_initial(self):
        return {"visited_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return {"assignment": self.assignment, **super().get_context_data(**kwargs)}

    def perform(self, form):
        return services.mentoring_visit_log(
            assignment_id=self.assignment.pk, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result):
        return _("Kunjungan %(date)s dicatat.") % {
            "date": date_in_words(result.visited_on)
        }

    def get_success_url(self, result):
        return _assignment_url(self.assignment)


def _assignment_url(assignment) -> str:
    return f"{reverse('portal:my-mentoring')}#assignment-{assignment.pk}"


class MentoringVisitView(ServiceFormView):
    """A visit the signed-in mentor recorded, on their current assignment; any
    other visit, anyone else, or an ended assignment: 404 (the service holds
    the same rule)."""

    decorators = (login_required,)

    def prepare(self):
        self.visit = found(
            selectors.mentoring_visit_of_mentor_get,
            user_id=self.request.user.pk,
            assignment_id=self.kwargs["assignment_id"],
            visit_id=self.kwargs["visit_id"],
        )
        self.assignment = self.visit.assignment
        return super().prepare()

    def get_context_data(self, **kwargs):
        return {
            "assignment": self.assignment,
            "visit": self.visit,
            **super().get_context_data(**kwargs),
        }

    def get_success_url(self, result):
        return _assignment_url(self.assignment)


class MentoringVisitUpdateView(MentoringVisitView):
    form_class = MentoringVisitForm
    template_name = "portal/mentoring/visit_form.html"

    def get_initial(self):
        return {name: getattr(self.visit, name) for name in self.form_class.base_fields}

    def perform(self, form):
        return services.mentoring_visit_update(
            visit_id=self.visit.pk, data=form.cleaned_data, by=self.request.user
        )

    def get_success_message(self, result):
        return _("Kunjungan %(date)s diperbarui.") % {
            "date": date_in_words(result.visited_on)
        }


class MentoringVisitDeleteView(MentoringVisitView):
    """A confirmation page; its POST removes the visit."""

    form_class = forms.Form
    template_name = "portal/mentoring/visit_delete.html"

    def perform(self, form):
        services.mentoring_visit_delete(visit_id=self.visit.pk, by=self.request.user)

    def get_success_message(self, result):
        return _("Kunjungan %(date)s dihapus.") % {
            "date": date_in_words(self.visit.visited_on)
        }
