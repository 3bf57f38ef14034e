"""The RAT report reminder: each current officer (with an account) of a registered
cooperative whose report for last year is not yet submitted or verified gets one
reminder per fiscal year while it is due, and one more once it is overdue."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import date_in_words
from notifications.services import reminder_send_once

from .models import AnnualReport, Cooperative, CooperativeRole

FILED = (AnnualReport.Status.SUBMITTED, AnnualReport.Status.VERIFIED)


def rat_report_reminders_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    fiscal_year = today.year - 1
    due_on = datetime.date(today.year, *settings.RAT_REPORT_DUE)
    overdue = today > due_on
    kind = "rat_report_overdue" if overdue else "rat_report_due"
    filed = AnnualReport.objects.filter(
        cooperative=OuterRef("cooperative"), fiscal_year=fiscal_year, status__in=FILED
    )
    roles = (
        CooperativeRole.objects.current(today)
        .filter(
            role=CooperativeRole.Role.OFFICER,
            cooperative__status=Cooperative.Status.REGISTERED,
            person__user__is_active=True,
        )
        .filter(~Exists(filed))
        .select_related("person__user", "cooperative")
        .order_by("pk")
    )
    sent = 0
    for role in roles.iterator(chunk_size=2000):
        cooperative = role.cooperative
        if overdue:
            title = _("Laporan RAT tahun buku %(year)s terlambat") % {
                "year": fiscal_year
            }
        else:
            title = _("Laporan RAT tahun buku %(year)s belum dikirim") % {
                "year": fiscal_year
            }
        body = _(
            "Laporan RAT %(name)s untuk tahun buku %(year)s harus dikirim paling lambat "
            "%(due)s. Isi dan kirim laporan di Portal KUKM."
        ) % {
            "name": cooperative.name,
            "year": fiscal_year,
            "due": date_in_words(due_on),
        }
        sent += reminder_send_once(
            kind=kind,
            object_ref=f"cooperative:{cooperative.pk}",
            period=str(fiscal_year),
            user=role.person.user,
            title=title,
            body=body,
            link=f"/portal/koperasi/{cooperative.pk}/laporan/",
        )
    return sent
