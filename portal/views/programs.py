"""The officers' program pages: open programs, a program with this cooperative's
nominations, nominating and cancelling, and the mentoring history. The programs
services and selectors hold every rule; these views parse and render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cooperatives.models import CooperativeRole
from programs import selectors, services
from programs.models import Enrolment, Program, Session

from ..access import apply_errors, cooperative_in_scope, officer_required, scope_of
from ..forms_programs import NEW, EnrolmentCancelForm, NominationForm

PAGE_SIZE = 20
SHOW_NOMINATED = "diikuti"


def _programs_for(request, cooperative):
    """The programs this officer sees that are open to the cooperative's district."""
    return (
        selectors.program_list(scope=scope_of(request))
        .filter(Q(district__isnull=True) | Q(district=cooperative.district_id))
        .select_related("district")
    )


def _nominated(cooperative):
    return Exists(
        Enrolment.objects.filter(
            program=OuterRef("pk"), cooperative=cooperative
        ).exclude(status=Enrolment.Status.CANCELLED)
    )


def _program_in_scope(request, cooperative, program_id: int) -> Program:
    return get_object_or_404(_programs_for(request, cooperative), pk=program_id)


def _enrolments(request, cooperative, program_id: int):
    return selectors.enrolment_for_program_list(
        scope=scope_of(request), program_id=program_id
    ).filter(cooperative=cooperative)


@officer_required
def program_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    today = timezone.localdate()
    show = request.GET.get("tampil", "")
    programs = _programs_for(request, cooperative)
    if show == SHOW_NOMINATED:
        programs = programs.filter(_nominated(cooperative)).order_by(
            "-starts_on", "code"
        )
    else:
        show = ""
        programs = programs.open_on(today).order_by(
            "registration_closes", "starts_on", "code"
        )
    kind = request.GET.get("jenis", "")
    if kind in Program.Kind.values:
        programs = programs.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "portal/programs/list.html",
        {
            "cooperative": cooperative,
            "page": page,
            "kind": kind,
            "show": show,
            "show_nominated": SHOW_NOMINATED,
            "kind_choices": Program.Kind.choices,
            "query": query.urlencode(),
        },
    )


@officer_required
def program_detail(request, cooperative_id: int, program_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    program = _program_in_scope(request, cooperative, program_id)
    sessions = list(program.sessions.all())
    enrolments = (
        _enrolments(request, cooperative, program.pk)
        .exclude(status=Enrolment.Status.CANCELLED)
        .order_by("participant_name", "pk")
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


def _people_choices(cooperative, today: datetime.date) -> list[tuple[int, str]]:
    """The cooperative's current officers and members, one option per person."""
    roles = (
        CooperativeRole.objects.current(today)
        .filter(cooperative=cooperative)
        .order_by("person_name", "person_id", "role")
    )
    people: dict[int, tuple[str, list[str]]] = {}
    for role in roles:
        label = role.get_role_display()
        if role.position:
            label = f"{label} ({role.get_position_display()})"
        people.setdefault(role.person_id, (role.person_name, []))[1].append(label)
    return [
        (pk, f"{name} — {', '.join(labels)}") for pk, (name, labels) in people.items()
    ]


def _nominate(request, cooperative, program, data) -> Enrolment:
    common = {
        "program_id": program.pk,
        "cooperative_id": cooperative.pk,
        "by": request.user,
        "scope": scope_of(request),
    }
    if data["who"] == NEW:
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
    return services.enrolment_nominate(person_id=data["person"], **common)


@officer_required
def program_nominate(request, cooperative_id: int, program_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    program = _program_in_scope(request, cooperative, program_id)
    today = timezone.localdate()
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        people=_people_choices(cooperative, today),
        initial={"who": "existing"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = _nominate(request, cooperative, program, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _tell_outcome(request, cooperative, enrolment)
            return redirect(
                "portal:program-detail",
                cooperative_id=cooperative.pk,
                program_id=program.pk,
            )
    return render(
        request,
        "portal/programs/nominate.html",
        {
            "cooperative": cooperative,
            "program": program,
            "form": form,
            "is_open": program.is_open_on(today),
            "who_new": form.data.get("who") == NEW,
        },
    )


def _tell_outcome(request, cooperative, enrolment: Enrolment) -> None:
    names = {"name": enrolment.participant_name, "title": enrolment.program.title}
    if enrolment.status == Enrolment.Status.CONFIRMED:
        messages.success(
            request, _("%(name)s terdaftar sebagai peserta %(title)s.") % names
        )
        return
    position = (
        _enrolments(request, cooperative, enrolment.program_id)
        .filter(pk=enrolment.pk)
        .values_list("waitlist_position", flat=True)
        .first()
    )
    messages.info(
        request,
        _(
            "Kuota %(title)s sudah penuh: %(name)s masuk daftar tunggu nomor "
            "%(position)s. Bila ada kursi kosong, ia naik menjadi peserta dan Anda "
            "diberi tahu."
        )
        % {**names, "position": position},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def enrolment_cancel(request, cooperative_id: int, program_id: int, enrolment_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    program = _program_in_scope(request, cooperative, program_id)
    enrolment = get_object_or_404(
        _enrolments(request, cooperative, program.pk), pk=enrolment_id
    )
    form = EnrolmentCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_cancel(
                enrolment_id=enrolment.pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Usulan %(name)s dibatalkan.") % {"name": enrolment.participant_name},
            )
            return redirect(
                "portal:program-detail",
                cooperative_id=cooperative.pk,
                program_id=program.pk,
            )
    return render(
        request,
        "portal/programs/cancel.html",
        {
            "cooperative": cooperative,
            "program": program,
            "enrolment": enrolment,
            "form": form,
        },
    )


@officer_required
def mentoring_history(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    assignments = (
        selectors.mentor_assignment_list(scope=scope_of(request))
        .filter(cooperative=cooperative)
        .order_by("-year", "-starts_on", "pk")
    )
    return render(
        request,
        "portal/programs/mentoring.html",
        {"cooperative": cooperative, "assignments": assignments},
    )


def upcoming_sessions(cooperative, *, days: int = 7) -> list[Session]:
    """Sessions in the coming `days` of programs in which the cooperative has
    confirmed participants, with how many (one query, for the dashboard)."""
    now = timezone.now()
    return list(
        Session.objects.filter(
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=days),
            program__enrolments__cooperative=cooperative,
            program__enrolments__status=Enrolment.Status.CONFIRMED,
        )
        .select_related("program")
        .annotate(participants=Count("program__enrolments"))
        .order_by("starts_at", "pk")[:5]
    )
