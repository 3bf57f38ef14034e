"""Financing reminders, each exactly once through `reminder_send_once` (one record
per kind, object, period and recipient decides):

- installments, to the officers acting for the borrower and to the owner's
  account of an SME borrower: due in 7 days (period
  `due-7`) and in 1 day (`due-1`), overdue 1, 30 and 60 days (`overdue-N`,
  FINANCING_OVERDUE_REMINDER_DAYS). Each reminder has a window (2-7 days before
  the due date, 0-1 day before, N to N+6 days after) so a day the scheduler
  missed is caught up the next day, and old arrears are not scanned every day;
- arrears more than FINANCING_ESCALATION_DAYS past due, escalated to the district
  office of the borrower and to its officers, once per loan and delinquency band;
- applications waiting for review longer than FINANCING_REVIEW_SLA_DAYS, to their
  reviewer or, when none is assigned yet, to every agency staff member.

The fan-out reads rows in batches with one query per batch for the recipients.
The installment fan-out finds every (installment, recipient) pair of the day in
one query; each batch of pairs is checked again (still unpaid, account still
active), built and claimed by one SQL statement (`reminders_send_once_select`),
its text formatted in SQL as Python would.
"""

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from cooperatives.models import CooperativeRole, Enterprise, Person
from core.dates import month_names
from core.numbers import format_rupiah
from notifications.services import reminder_send_once, reminders_send_once_select

from .conf import setting
from .models import Application, DelinquencyBand, Installment, Loan
from .services.notices import (
    APPLICATION_LINK_FORMAT,
    DISTRICT_LINK,
    agency_staff,
    application_link,
    district_users_by_district,
    officers_by_cooperative,
)

BATCH_SIZE = 1000
LANGUAGES = ("id", "en")  # the languages a user's messages come in
CATCH_UP_DAYS = 7
DUE_SOON_DAYS = 7


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def installment_stage(due_date: datetime.date, today: datetime.date) -> str | None:
    """The reminder an unpaid installment is due for today, if any."""
    days_left = (due_date - today).days
    if 1 < days_left <= DUE_SOON_DAYS:
        return "due-7"
    if 0 <= days_left <= 1:
        return "due-1"
    for threshold in sorted(setting("FINANCING_OVERDUE_REMINDER_DAYS"), reverse=True):
        if threshold <= -days_left < threshold + CATCH_UP_DAYS:
            return f"overdue-{threshold}"
    return None


def _installment_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The due dates some installment reminder covers today."""
    oldest = max(setting("FINANCING_OVERDUE_REMINDER_DAYS")) + CATCH_UP_DAYS - 1
    return (
        today - datetime.timedelta(days=oldest),
        today + datetime.timedelta(days=DUE_SOON_DAYS),
    )


# The reminders of the whole fan-out, one (installment, recipient's account) pair
# each: unpaid installments in some window, to the officers acting for their
# borrower (as `officers_by_cooperative`) and, for an SME, to its owner's account.
# One set-based query for the day, instead of the same chain of lookups in every
# batch.
_INSTALLMENT_RECIPIENTS = """
SELECT i.id, u.id
FROM {installment} i
JOIN {loan} l ON l.id = i.loan_id
JOIN {application} a ON a.id = l.application_id
LEFT JOIN {enterprise} e ON e.id = a.enterprise_id
JOIN {role} r ON r.cooperative_id = coalesce(a.cooperative_id, e.cooperative_id)
  AND r.role = %(officer)s AND r.starts_on <= %(today)s
  AND (r.ends_on IS NULL OR r.ends_on >= %(today)s)
JOIN {person} p ON p.id = r.person_id AND p.user_id IS NOT NULL
JOIN {user} u ON u.id = p.user_id AND u.is_active
WHERE i.paid_on IS NULL AND i.due_date BETWEEN %(first)s AND %(last)s
UNION
SELECT i.id, u.id
FROM {installment} i
JOIN {loan} l ON l.id = i.loan_id
JOIN {application} a ON a.id = l.application_id
JOIN {enterprise} e ON e.id = a.enterprise_id
JOIN {user} u ON u.id = e.owner_user_id AND u.is_active
WHERE i.paid_on IS NULL AND i.due_date BETWEEN %(first)s AND %(last)s
ORDER BY 1, 2
"""


def installment_reminder_batches(*, today: datetime.date) -> Iterator[list[list[int]]]:
    """The installment reminders due today as [installment id, recipient user id]
    pairs, in batches (streamed from a server-side cursor)."""
    first, last = _installment_window(today)
    params = {
        "officer": CooperativeRole.Role.OFFICER.value,
        "today": today,
        "first": first,
        "last": last,
    }
    size = setting("FINANCING_REMINDER_BATCH")
    with connection.chunked_cursor() as cursor:
        cursor.execute(_INSTALLMENT_RECIPIENTS.format(**_tables()), params)
        while rows := cursor.fetchmany(size):
            yield [[installment_id, user_id] for installment_id, user_id in rows]


# Placeholders the database fills in (control characters: no translation or
# application number contains them).
_MARKS = {
    "number": "\x1fnumber\x1f",
    "installment": "\x1finstallment\x1f",
    "amount": "\x1famount\x1f",
    "due": "\x1fdue\x1f",
}


# The arguments of SQL's format() that the marks become.
_ARGUMENTS = ["installment", "number", "amount", "due"]


def _installment_templates(stage: str) -> tuple[str, str]:
    """Title and body of a stage's reminder in the active language, as templates
    of SQL's format() (`_fill`)."""
    if stage.startswith("due"):
        title = _("Angsuran ke-%(installment)s %(number)s jatuh tempo %(due)s")
        body = _(
            "Angsuran ke-%(installment)s pembiayaan %(number)s sebesar %(amount)s "
            "jatuh tempo pada %(due)s."
        )
    else:
        title = _("Angsuran ke-%(installment)s %(number)s terlambat")
        body = _(
            "Angsuran ke-%(installment)s pembiayaan %(number)s sebesar %(amount)s "
            "sudah lewat jatuh tempo %(due)s. Segera lakukan pembayaran."
        )
    return _format_template(title % _MARKS), _format_template(body % _MARKS)


def _format_template(text: str) -> str:
    text = text.replace("%", "%%")
    for position, name in enumerate(_ARGUMENTS, start=1):
        text = text.replace(_MARKS[name], f"%{position}$s")
    return text


def _fill(column: str) -> str:
    """SQL filling a template column with the row's values (`_ARGUMENTS`): the
    installment number, the application number, the amount left as
    `format_rupiah` shows it (half up to whole rupiah, dots between thousands)
    and the due date in words, `30 Juni 2026` (`date_in_words`; both made once
    per installment in `due`)."""
    due = "CASE WHEN s.language = 'en' THEN i.due_text_en ELSE i.due_text END"
    return f"format({column}, i.number, a.number, i.amount_text, {due})"


def _tables() -> dict[str, str]:
    models = {
        "installment": Installment,
        "loan": Loan,
        "application": Application,
        "enterprise": Enterprise,
        "role": CooperativeRole,
        "person": Person,
        "user": User,
    }
    return {name: model._meta.db_table for name, model in models.items()}


# One row per pair of the batch still due: the installment still unpaid (and its
# stage, from the due date), the account still active; the text from the stage's
# template. Read by `reminders_send_once_select`.
_INSTALLMENT_REMINDERS = """
WITH stages AS (
  SELECT * FROM unnest(%(due_dates)s::date[], %(periods)s::varchar[],
                       %(kinds)s::varchar[], %(titles)s::text[], %(bodies)s::text[],
                       %(languages)s::varchar[])
    AS s (due_date, period, kind, title, body, language)
), due AS MATERIALIZED (
  -- One primary-key lookup per pair (OFFSET 0 keeps the planner from hashing
  -- the whole table instead); the pairs come as two strings, cheaper to plan
  -- than array literals of a thousand values.
  SELECT i.*, batch.user_id
  FROM unnest(string_to_array(%(ids)s, ',')::bigint[],
              string_to_array(%(users)s, ',')::bigint[]) AS batch (id, user_id)
  CROSS JOIN LATERAL (
    SELECT i.id, i.number, i.due_date, i.loan_id,
           CASE WHEN amount_left < 0 THEN '-' ELSE '' END || 'Rp' ||
             replace(to_char(round(abs(amount_left)),
                             'FM999,999,999,999,999,999,990'), ',', '.')
             AS amount_text,
           extract(day FROM i.due_date)::int || ' ' ||
             (%(months)s::text[])[extract(month FROM i.due_date)::int] || ' ' ||
             extract(year FROM i.due_date)::int AS due_text,
           extract(day FROM i.due_date)::int || ' ' ||
             (%(months_en)s::text[])[extract(month FROM i.due_date)::int] || ' ' ||
             extract(year FROM i.due_date)::int AS due_text_en
    FROM {installment} i,
      LATERAL (SELECT i.principal + i.interest - i.principal_paid
                      - i.interest_paid AS amount_left) AS amount
    WHERE i.id = batch.id AND i.paid_on IS NULL
    OFFSET 0
  ) i
)
SELECT DISTINCT ON (i.id, u.id)
  s.kind, 'installment:' || i.id, s.period, u.id, {title}, {body},
  format(%(link)s, coalesce(a.cooperative_id, e.cooperative_id), a.id),
  u.email <> '' AS has_email
FROM due i
JOIN {user} u ON u.id = i.user_id AND u.is_active
JOIN stages s ON s.due_date = i.due_date
  AND s.language = CASE WHEN u.language = 'en' THEN 'en' ELSE 'id' END
JOIN {loan} l ON l.id = i.loan_id
JOIN {application} a ON a.id = l.application_id
LEFT JOIN {enterprise} e ON e.id = a.enterprise_id
ORDER BY i.id, u.id
"""


def installment_reminders_send(*, pairs: list[list[int]], today: datetime.date) -> int:
    """One batch of `installment_reminder_batches`: the reminders of these
    [installment, recipient] pairs still due today, built and claimed in the
    database with one statement (a batch is thousands of reminders: Python only
    prepares each stage's text once)."""
    first, last = _installment_window(today)
    stages = {}
    for offset in range((last - first).days + 1):
        due_date = first + datetime.timedelta(days=offset)
        if stage := installment_stage(due_date, today):
            stages[due_date] = stage
    # Each stage's text in each language (the recipient's `language`).
    rows = [(d, stage, lang) for d, stage in stages.items() for lang in LANGUAGES]
    templates, months = {}, {}
    for lang in LANGUAGES:
        with translation.override(lang):
            for stage in set(stages.values()):
                templates[stage, lang] = _installment_templates(stage)
            months[lang] = month_names()
    params = {
        "ids": ",".join(str(int(installment_id)) for installment_id, _user in pairs),
        "users": ",".join(str(int(user_id)) for _installment, user_id in pairs),
        "due_dates": [due_date for due_date, _stage, _lang in rows],
        "periods": [stage for _date, stage, _lang in rows],
        "kinds": [
            "installment_due" if stage.startswith("due") else "installment_overdue"
            for _date, stage, _lang in rows
        ],
        "titles": [templates[stage, lang][0] for _date, stage, lang in rows],
        "bodies": [templates[stage, lang][1] for _date, stage, lang in rows],
        "languages": [lang for _date, _stage, lang in rows],
        "link": APPLICATION_LINK_FORMAT,
        "months": months["id"],
        "months_en": months["en"],
    }
    sql = _INSTALLMENT_REMINDERS.format(
        title=_fill("s.title"), body=_fill("s.body"), **_tables()
    )
    return reminders_send_once_select(sql, params)


def _band_of(days: int, bands: list[DelinquencyBand]) -> str:
    band = next((band for band in bands if band.contains(days)), None)
    return band.code if band else "unbanded"


def loan_arrears_escalate(*, today: datetime.date) -> int:
    threshold = setting("FINANCING_ESCALATION_DAYS")
    bands = list(DelinquencyBand.objects.all())
    loans = (
        Loan.objects.open()
        .filter(oldest_unpaid_due_on__lt=today - datetime.timedelta(days=threshold))
        .select_related(
            "application__cooperative",
            "application__enterprise",
            "application__district",
        )
        .order_by("pk")
    )
    sent = 0
    for batch in _batches(loans.iterator(chunk_size=BATCH_SIZE)):
        applications = [loan.application for loan in batch]
        officers = officers_by_cooperative(
            (a.sponsor_cooperative_id for a in applications), today=today
        )
        district_users = district_users_by_district(a.district_id for a in applications)
        for loan in batch:
            application = loan.application
            days = loan.days_past_due_on(today)
            values = {
                "number": application.number,
                "borrower": application.applicant,
                "district": application.district.name,
                "days": days,
                "outstanding": format_rupiah(loan.outstanding_principal),
            }
            recipients = district_users.get(application.district_id, []) + [
                user
                for user in officers.get(application.sponsor_cooperative_id, [])
                if user not in district_users.get(application.district_id, [])
            ]
            for user in recipients:
                with translation.override(user.language):
                    sent += reminder_send_once(
                        kind="loan_arrears_escalated",
                        object_ref=f"loan:{loan.pk}",
                        period=_band_of(days, bands),
                        user=user,
                        title=_("Tunggakan %(days)s hari: %(number)s") % values,
                        body=_(
                            "Pembiayaan %(number)s atas nama %(borrower)s "
                            "(%(district)s) menunggak %(days)s hari dengan sisa "
                            "pokok %(outstanding)s."
                        )
                        % values,
                        link=application_link(application)
                        if user.role == User.Role.OFFICER
                        else DISTRICT_LINK,
                    )
    return sent


def application_review_reminders_send(*, today: datetime.date) -> int:
    days = setting("FINANCING_REVIEW_SLA_DAYS")
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=days), datetime.time()
        )
    )
    applications = (
        Application.objects.awaiting_review()
        .filter(submitted_at__lt=cutoff)
        .select_related("reviewer")
        .order_by("pk")
    )
    staff = agency_staff()
    sent = 0
    for application in applications.iterator(chunk_size=BATCH_SIZE):
        values = {"number": application.number, "days": days}
        for user in [application.reviewer] if application.reviewer else staff:
            sent += reminder_send_once(
                kind="financing_review_overdue",
                object_ref=f"application:{application.pk}",
                period="sla",
                user=user,
                title=lambda values=values: (
                    _("Permohonan %(number)s belum diputuskan") % values
                ),
                body=lambda values=values: (
                    _(
                        "Permohonan pembiayaan %(number)s menunggu keputusan lebih "
                        "dari %(days)s hari."
                    )
                    % values
                ),
                link=f"/admin/financing/application/{application.pk}/change/",
            )
    return sent
