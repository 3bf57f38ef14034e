""" "Tugas saya": what waits for agency staff (or, scoped, a district user), one
section per queue, oldest first, each item with its age against its service
level and a link to where it is handled. One selector per queue, each read once
(at most QUEUE_LIMIT + 1 rows), so the page costs the same few queries however
long the queues are."""

import datetime
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives import selectors as cooperative_selectors
from core.working_days import working_days_between
from financing import selectors as financing_selectors
from financing.conf import setting

from .base import DistrictView

QUEUE_LIMIT = 50


@dataclass(frozen=True)
class Task:
    title: str
    subject: str
    since: datetime.datetime | None
    age: int
    overdue: bool
    url: str


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    sla: str
    working_days: bool
    tasks: list
    more_url: str
    has_more: bool


def _day_of(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _age(moment, today: datetime.date, *, working: bool) -> int:
    day = _day_of(moment)
    if day is None:
        return 0
    return working_days_between(day, today) if working else max((today - day).days, 0)


def _queue(key, title, sla, working_days, rows, make_task, more_url) -> Queue:
    rows = list(rows[: QUEUE_LIMIT + 1])
    tasks = [make_task(row) for row in rows[:QUEUE_LIMIT]]
    return Queue(
        key, title, sla, working_days, tasks, more_url, len(rows) > QUEUE_LIMIT
    )


def _report_task(report, *, today, sla, staff) -> Task:
    age = _age(report.submitted_at, today, working=True)
    cooperative = report.cooperative
    return Task(
        title=_("Laporan RAT tahun buku %(year)s") % {"year": report.fiscal_year},
        subject=f"{cooperative.name} · {cooperative.district.name}",
        since=report.submitted_at,
        age=age,
        overdue=age > sla,
        url=reverse("admin:cooperatives_annualreport_change", args=[report.pk])
        if staff
        else "",
    )


def _application_task(application, *, today, sla, staff) -> Task:
    age = _age(application.submitted_at, today, working=False)
    applicant = application.applicant
    where = application.district.name if application.district else "—"
    return Task(
        title=f"{application.number} · {application.scheme.name}",
        subject=f"{applicant.name if applicant else '—'} · {where}",
        since=application.submitted_at,
        age=age,
        overdue=age > sla,
        url=reverse("portal:financing-review", args=[application.pk]) if staff else "",
    )


def _reconciliation_task(item, *, today) -> Task:
    return Task(
        title=_("Nama berbeda untuk NIK %(nik)s") % {"nik": item.person.masked_nik},
        subject=f"{item.supplied_name} ≠ {item.person.name}",
        since=item.created_at,
        age=_age(item.created_at, today, working=False),
        overdue=False,
        # Decided with the changelist's actions only (its change page is read-only).
        url=reverse("admin:cooperatives_personreconciliation_changelist")
        + "?"
        + urlencode({"status__exact": "open", "q": item.supplied_name}),
    )


def _access_task(access, *, today) -> Task:
    position = access.get_position_display()
    cooperative = access.cooperative
    return Task(
        title=f"{access.name} · {position}" if position else access.name,
        subject=cooperative.name if cooperative else access.cooperative_nik,
        since=access.created_at,
        age=_age(access.created_at, today, working=False),
        overdue=False,
        url=reverse("portal:access-request-decide", args=[access.pk]),
    )


NO_SLA = _("Belum ada batas waktu; yang paling lama menunggu di atas.")


class TaskListView(DistrictView):
    def get(self, request):
        scope, staff = self.scope, request.user.is_staff
        today = timezone.localdate()
        rat_sla = settings.RAT_VERIFICATION_SLA_WORKING_DAYS
        review_sla = setting("FINANCING_REVIEW_SLA_DAYS")
        queues = [
            _queue(
                "rat",
                _("Laporan RAT menunggu verifikasi"),
                _("Batas waktu verifikasi %(days)s hari kerja sejak dikirim.")
                % {"days": rat_sla},
                True,
                cooperative_selectors.annual_report_verification_queue(scope=scope),
                partial(_report_task, today=today, sla=rat_sla, staff=staff),
                reverse("admin:cooperatives_annualreport_changelist")
                + "?status__exact=submitted"
                if staff
                else "",
            ),
            _queue(
                "financing",
                _("Permohonan pembiayaan menunggu tinjauan atau keputusan"),
                _("Batas waktu peninjauan %(days)s hari sejak diajukan.")
                % {"days": review_sla},
                False,
                financing_selectors.review_queue(scope=scope),
                partial(_application_task, today=today, sla=review_sla, staff=staff),
                reverse("portal:financing-queue") if staff else "",
            ),
        ]
        if scope.everything:  # reconciliations are agency staff's only
            queues.append(
                _queue(
                    "reconciliation",
                    _("Rekonsiliasi identitas"),
                    NO_SLA,
                    False,
                    cooperative_selectors.reconciliation_queue(scope=scope),
                    partial(_reconciliation_task, today=today),
                    reverse("admin:cooperatives_personreconciliation_changelist")
                    + "?status__exact=open",
                )
            )
        queues.append(
            _queue(
                "access",
                _("Permintaan akses"),
                NO_SLA,
                False,
                cooperative_selectors.access_request_list(scope=scope),
                partial(_access_task, today=today),
                reverse("portal:access-requests"),
            )
        )
        overdue = sum(task.overdue for queue in queues for task in queue.tasks)
        return render(
            request, "portal/tasks.html", {"queues": queues, "overdue": overdue}
        )
