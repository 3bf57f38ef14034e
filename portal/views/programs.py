"""The officers' program pages: open programs, a program with this cooperative's
nominations, nominating and cancelling, and the mentoring history. The programs
services and selectors hold every rule; these views parse and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.selectors import cooperative_person_choices
from programs import selectors, services
from programs.filtersets import SHOW_NOMINATED, CooperativeProgramFilterSet
from programs.models import Enrolment, Program

from ..access import cooperative_in_scope, found, officer_required, scope_of
from ..forms.programs import NEW, EnrolmentCancelForm, NominationForm
from .base import CooperativeFormView

PAGE_SIZE = 20


@officer_required
def program_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    programs = selectors.program_for_cooperative_list(
        scope=scope_of(request), district_id=cooperative.district_id
    )
    filters = CooperativeProgramFilterSet(
        request.GET,
        queryset=programs,
        cooperative_id=cooperative.pk,
        today=timezone.localdate(),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    chosen = filters.form.cleaned_data
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "portal/programs/list.html",
        {
            "cooperative": cooperative,
            "page": page,
            "kind": chosen.get("jenis") or "",
            "show": chosen.get("tampil") or "",
            "show_nominated": SHOW_NOMINATED,
            "kind_choices": Program.Kind.choices,
            "query": query.urlencode(),
        },
    )


def _program_in_scope(request, cooperative, program_id: int) -> Program:
    return found(
        selectors.program_for_cooperative_get,
        scope=scope_of(request),
        district_id=cooperative.district_id,
        program_id=program_id,
    )


@officer_required
def program_detail(request, cooperative_id: int, program_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    program = _program_in_scope(request, cooperative, program_id)
    sessions = selectors.session_for_program_list(program=program)
    enrolments = selectors.enrolment_nominated_list(
        scope=scope_of(request), program_id=program.pk, cooperative_id=cooperative.pk
    )
    return render(
        request,
        "portal/programs/detail.html",
        {
            "cooperative": cooperative,
            "program": program,
            "sessions": sessions,
            "enrolments": enrolments,
            "is_open": program.is_open_on(timezone.localdate()),
            "cancellable": (Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED),
        },
    )


class ProgramFormView(CooperativeFormView):
    """A form about one program open to the cooperative (`self.program`); back
    to the program's page after."""

    def prepare(self):
        response = super().prepare()
        self.program = _program_in_scope(
            self.request, self.cooperative, self.kwargs["program_id"]
        )
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "program": self.program}

    def get_success_url(self, result):
        return reverse(
            "portal:program-detail", args=[self.cooperative.pk, self.program.pk]
        )


class ProgramNominateView(ProgramFormView):
    form_class = NominationForm
    template_name = "portal/programs/nominate.html"

    def get_initial(self):
        return {"who": "existing"}

    def get_form_kwargs(self):
        people = cooperative_person_choices(
            scope=self.scope,
            cooperative_id=self.cooperative.pk,
            today=timezone.localdate(),
        )
        return {**super().get_form_kwargs(), "people": people}

    def perform(self, form):
        data = form.cleaned_data
        common = {
            "program_id": self.program.pk,
            "cooperative_id": self.cooperative.pk,
            "by": self.request.user,
            "scope": self.scope,
        }
        if data["who"] != NEW:
            return services.enrolment_nominate(person_id=data["person"], **common)
        try:
            return services.enrolment_nominate_by_nik(
                nik=data["nik"],
                name=data["name"],
                sex=data["sex"] or None,
                phone=data["phone"],
                email=data["email"],
                **common,
            )
        except ValidationError as error:
            # "This person…" refusals belong next to the NIK that named them.
            if hasattr(error, "error_dict") and "person" in error.error_dict:
                errors = error.message_dict
                errors.setdefault("nik", []).extend(errors.pop("person"))
                raise ValidationError(errors) from error
            raise

    def get_success_message(self, enrolment):
        if enrolment.status != Enrolment.Status.CONFIRMED:
            return ""
        return _("%(name)s terdaftar sebagai peserta %(title)s.") % {
            "name": enrolment.participant_name,
            "title": enrolment.program.title,
        }

    def succeeded(self, enrolment):
        if enrolment.status != Enrolment.Status.CONFIRMED:
            position = selectors.enrolment_waitlist_position(
                scope=self.scope,
                program_id=enrolment.program_id,
                cooperative_id=self.cooperative.pk,
                enrolment_id=enrolment.pk,
            )
            messages.info(
                self.request,
                _(
                    "Kuota %(title)s sudah penuh: %(name)s masuk daftar tunggu nomor "
                    "%(position)s. Bila ada kursi kosong, ia naik menjadi peserta "
                    "dan Anda diberi tahu."
                )
                % {
                    "name": enrolment.participant_name,
                    "title": enrolment.program.title,
                    "position": position,
                },
            )
        return super().succeeded(enrolment)

    def get_context_data(self, **kwargs):
        form = kwargs["form"]
        return {
            **super().get_context_data(**kwargs),
            "is_open": self.program.is_open_on(timezone.localdate()),
            "who_new": form.data.get("who") == NEW,
        }


class EnrolmentCancelView(ProgramFormView):
    http_method_names = ["get", "post"]
    form_class = EnrolmentCancelForm
    template_name = "portal/programs/cancel.html"

    def prepare(self):
        response = super().prepare()
        self.enrolment = found(
            selectors.enrolment_for_cooperative_get,
            scope=self.scope,
            program_id=self.program.pk,
            cooperative_id=self.cooperative.pk,
            enrolment_id=self.kwargs["enrolment_id"],
        )
        return response

    def perform(self, form):
        return services.enrolment_cancel(
            enrolment_id=self.enrolment.pk,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self, result):
        return _("Usulan %(name)s dibatalkan.") % {
            "name": self.enrolment.participant_name
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "enrolment": self.enrolment}


@officer_required
def mentoring_history(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    assignments = selectors.mentor_assignment_for_cooperative_list(
        scope=scope_of(request), cooperative_id=cooperative.pk
    )
    return render(
        request,
        "portal/programs/mentoring.html",
        {"cooperative": cooperative, "assignments": assignments},
    )
