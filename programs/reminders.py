"""Program reminders, each sent exactly once through the notifications' once-only
record: a session tomorrow (to each confirmed participant with an account, an
SME owner's through their enterprise, and to whoever nominated them), a
mentoring follow-up due tomorrow (to the mentor), and registration closing in
three days (to officers who have nominated no one)."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from cooperatives.models import Cooperative, CooperativeRole, Enterprise
from core.dates import date_in_words
from notifications.services import reminder_send_once

from .models import Enrolment, MentoringVisit, Program, Session
from .services.notices import program_link

RUNNING = (Program.Status.PUBLISHED, Program.Status.ONGOING)


def _local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, ...]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def _session_recipients(session: Session) -> list[User]:
    enrolments = Enrolment.objects.filter(
        program_id=session.program_id, status=Enrolment.Status.CONFIRMED
    )
    # An SME owner's account is linked to their enterprise, not to their person.
    owners = Enterprise.objects.filter(
        owner__in=enrolments.values("person"), owner_user__isnull=False
    ).values_list("owner_user", flat=True)
    ids = (
        set(enrolments.values_list("person__user", flat=True))
        | set(enrolments.values_list("nominated_by", flat=True))
        | set(owners)
    )
    return list(
        User.objects.filter(
            pk__in=ids - {None}, is_active=True, api_token__isnull=True
        ).order_by("pk")
    )


def session_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind of every session that starts tomorrow (local time)."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    start, end = _local_day_bounds(tomorrow)
    sessions = (
        Session.objects.filter(
            starts_at__gte=start, starts_at__lt=end, program__status__in=RUNNING
        )
        .select_related("program")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for session in sessions:
        program = session.program
        for user in _session_recipients(session):
            with translation.override(user.language):  # their language, dates too
                title, body = _session_text(session)
                sent += reminder_send_once(
                    kind="program_session_tomorrow",
                    object_ref=f"session:{session.pk}",
                    period=tomorrow.isoformat(),
                    user=user,
                    title=title,
                    body=body,
                    link=program_link(program),
                )
    return sent


def _session_text(session) -> tuple[str, str]:
    """A session reminder's title and body in the active language."""
    program = session.program
    when = timezone.localtime(session.starts_at)
    title = _("Besok: %(title)s") % {"title": program.title}
    body = _(
        "Sesi %(session)s program %(title)s dimulai besok, %(date)s pukul "
        "%(time)s WITA di %(place)s."
    ) % {
        "session": session.title or "",
        "title": program.title,
        "date": date_format(when.date(), "l, j F Y"),
        "time": when.strftime("%H.%M"),
        "place": session.place or program.venue or "-",
    }
    return title, body


def follow_up_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the mentor (with an account) of a follow-up visit due tomorrow."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    visits = (
        MentoringVisit.objects.filter(follow_up_on=tomorrow)
        .filter(
            Q(assignment__ends_on__isnull=True) | Q(assignment__ends_on__gte=tomorrow),
            assignment__mentor__user__is_active=True,
        )
        .select_related(
            "assignment__cooperative",
            "assignment__enterprise",
            "assignment__mentor__user",
        )
        .order_by("pk")
    )
    sent = 0
    for visit in visits:
        cooperative = visit.assignment.mentee
        sent += reminder_send_once(
            kind="mentoring_follow_up_due",
            object_ref=f"visit:{visit.pk}",
            period=tomorrow.isoformat(),
            user=visit.assignment.mentor.user,
            title=lambda cooperative=cooperative: (
                _("Tindak lanjut pendampingan besok: %(name)s")
                % {"name": cooperative.name}
            ),
            body=lambda visit=visit, cooperative=cooperative: (
                _(
                    "Tindak lanjut kunjungan %(date)s ke %(name)s jatuh tempo besok. "
                    "Rekomendasi: %(recommendations)s"
                )
                % {
                    "date": date_in_words(visit.visited_on),
                    "name": cooperative.name,
                    "recommendations": visit.recommendations or "-",
                }
            ),
        )
    return sent


CLOSING_NOTICE_DAYS = 3


def registration_closing_reminders_send(*, today: datetime.date | None = None) -> int:
    """Three days before a program's registration closes, remind the officers (with
    an account) of the cooperatives in its audience that have nominated no one."""
    today = today or timezone.localdate()
    closes = today + datetime.timedelta(days=CLOSING_NOTICE_DAYS)
    programs = Program.objects.filter(
        status=Program.Status.PUBLISHED,
        registration_closes=closes,
        audience__in=(Program.Audience.OFFICERS, Program.Audience.MEMBERS),
    ).order_by("pk")
    sent = 0
    for program in programs:
        nominated = Enrolment.objects.filter(
            program=program, cooperative=OuterRef("cooperative")
        ).exclude(status=Enrolment.Status.CANCELLED)
        officers = (
            CooperativeRole.objects.current(today)
            .filter(
                role=CooperativeRole.Role.OFFICER,
                cooperative__status=Cooperative.Status.REGISTERED,
                person__user__is_active=True,
            )
            .filter(~Exists(nominated))
            .select_related("person__user")
            .order_by("pk")
        )
        if program.district_id:
            officers = officers.filter(cooperative__district_id=program.district_id)

        def title(program=program):
            return _("Pendaftaran %(title)s ditutup %(date)s") % {
                "title": program.title,
                "date": date_in_words(closes),
            }

        def body(program=program):
            return _(
                "Koperasi Anda belum mengusulkan peserta untuk %(title)s. Pendaftaran "
                "ditutup %(date)s; sisa kursi %(seats)s."
            ) % {
                "title": program.title,
                "date": date_in_words(closes),
                "seats": program.quota,
            }

        for role in officers.iterator(chunk_size=2000):
            sent += reminder_send_once(
                kind="program_registration_closing",
                object_ref=f"program:{program.pk}",
                period=closes.isoformat(),
                user=role.person.user,
                title=title,
                body=body,
                link=program_link(program),
            )
    return sent
