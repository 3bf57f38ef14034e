"""Program reminders, each sent exactly once through the notifications' once-only
record: a session tomorrow (to each confirmed participant with an account and to
whoever nominated them), and a mentoring follow-up due tomorrow (to the mentor)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
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
    ids = set(enrolments.values_list("person__user", flat=True)) | set(
        enrolments.values_list("nominated_by", flat=True)
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
        for user in _session_recipients(session):
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
        .select_related("assignment__cooperative", "assignment__mentor__user")
        .order_by("pk")
    )
    sent = 0
    for visit in visits:
        cooperative = visit.assignment.cooperative
        sent += reminder_send_once(
            kind="mentoring_follow_up_due",
            object_ref=f"visit:{visit.pk}",
            period=tomorrow.isoformat(),
            user=visit.assignment.mentor.user,
            title=_("Tindak lanjut pendampingan besok: %(name)s")
            % {"name": cooperative.name},
            body=_(
                "Tindak lanjut kunjungan %(date)s ke %(name)s jatuh tempo besok. "
                "Rekomendasi: %(recommendations)s"
            )
            % {
                "date": date_format(visit.visited_on, "j F Y"),
                "name": cooperative.name,
                "recommendations": visit.recommendations or "-",
            },
        )
    return sent
