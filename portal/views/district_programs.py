"""The district workspace's programs: its district's and the province-wide
programs (the scope decides), the district's participants in each, nominating
someone by NIK and recording a session's attendance. The programs services hold
every rule; attendance is recorded only for the district's own programs (a
province-wide program's sessions are the agency's to record)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cooperatives.selectors import cooperative_choice_list
from programs import selectors, services
from programs.filtersets import ProgramFilterSet
from programs.models import Enrolment

from ..access import found
from ..forms.district import AttendanceForm, DistrictNominationForm
from .base import DistrictFormView, DistrictView

PAGE_SIZE = 20


class ProgramListView(DistrictView):
    def get(self, request):
        filters = ProgramFilterSet(
            request.GET,
            queryset=selectors.program_office_list(scope=self.scope),
        )
        page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
        return render(request, "portal/district/programs.html", {"page": page})


class ProgramView(DistrictView):
    """A page about one program in scope (`self.program`, 404 otherwise)."""

    def prepare(self):
        response = super().prepare()
        self.program = found(
            selectors.program_get,
            scope=self.scope,
            program_id=self.kwargs["program_id"],
        )
        self.recordable = self.scope.everything or (
            self.program.district_id == self.scope.district_code
        )
        return response

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "program": self.program,
            "recordable": self.recordable,
        }

    def get_success_url(self, result):
        return reverse("portal:district-program", args=[self.program.pk])


class ProgramDetailView(ProgramView):
    def get(self, request, program_id):
        enrolments = selectors.enrolment_standing_list(
            scope=self.scope, program_id=program_id
        )
        return render(
            request,
            "portal/district/program.html",
            self.get_context_data(
                sessions=selectors.session_for_program_list(program=self.program),
                enrolments=enrolments,
                is_open=self.program.is_open_on(timezone.localdate()),
                today=timezone.localdate(),
            ),
        )


class ProgramNominateView(ProgramView, DistrictFormView):
    form_class = DistrictNominationForm
    template_name = "portal/district/nominate.html"

    def get_form_kwargs(self):
        cooperatives = [
            (c.pk, c.name) for c in cooperative_choice_list(scope=self.scope)
        ]
        return {**super().get_form_kwargs(), "cooperatives": cooperatives}

    def perform(self, form):
        data = form.cleaned_data
        return services.enrolment_nominate_by_nik(
            program_id=self.program.pk,
            nik=data["nik"],
            name=data["name"],
            sex=data["sex"] or None,
            phone=data["phone"],
            email=data["email"],
            cooperative_id=data["cooperative"],
            by=self.request.user,
            scope=self.scope,
        )

    def succeeded(self, enrolment):
        if enrolment.status == Enrolment.Status.CONFIRMED:
            text = _("%(name)s terdaftar sebagai peserta %(title)s.")
        else:
            text = _("Kuota %(title)s sudah penuh: %(name)s masuk daftar tunggu.")
        messages.success(
            self.request,
            text % {"name": enrolment.participant_name, "title": self.program.title},
        )
        return super().succeeded(enrolment)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "is_open": self.program.is_open_on(timezone.localdate()),
        }


class AttendanceView(ProgramView, DistrictFormView):
    form_class = AttendanceForm
    template_name = "portal/district/attendance.html"

    def prepare(self):
        response = super().prepare()
        if not self.recordable:
            raise Http404
        self.session = found(
            selectors.session_get,
            program=self.program,
            session_id=self.kwargs["session_id"],
        )
        self.sheet = selectors.session_attendance_sheet(session=self.session)
        return response

    def get_initial(self):
        return {"present": [row.pk for row, present in self.sheet if present]}

    def get_form_kwargs(self):
        participants = [(row.pk, row.participant_name) for row, _p in self.sheet]
        return {**super().get_form_kwargs(), "participants": participants}

    def perform(self, form):
        return services.attendance_record(
            session_id=self.session.pk,
            present_ids=form.cleaned_data["present"],
            by=self.request.user,
        )

    def get_success_message(self, count):
        return _("Kehadiran sesi %(date)s tersimpan: %(n)s peserta hadir.") % {
            "date": date_format(timezone.localtime(self.session.starts_at), "j F Y"),
            "n": count,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "session": self.session}
