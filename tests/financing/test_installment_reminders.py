"""Installment reminders built in the database (one statement per batch): the
same text as Python formats it, the right officers, exactly once under races, a
constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from core.dates import date_in_words
from core.numbers import format_rupiah
from financing import reminders
from financing.models import Installment
from notifications.models import Notification, SentReminder
from tests.concurrency.helpers import run_together
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    EnterpriseFactory,
    PersonFactory,
    UserFactory,
    officer_of,
)

from .factories import LoanFactory

DAY = datetime.timedelta(days=1)
DUE_TITLE = "Angsuran ke-%(installment)s %(number)s jatuh tempo %(due)s"
DUE_BODY = (
    "Angsuran ke-%(installment)s pembiayaan %(number)s sebesar %(amount)s "
    "jatuh tempo pada %(due)s."
)
LATE_TITLE = "Angsuran ke-%(installment)s %(number)s terlambat"
LATE_BODY = (
    "Angsuran ke-%(installment)s pembiayaan %(number)s sebesar %(amount)s "
    "sudah lewat jatuh tempo %(due)s. Segera lakukan pembayaran."
)


def _installment(loan, due_date, number=1, principal="1000000", interest="50000", **kw):
    return Installment.objects.create(
        loan=loan,
        number=number,
        due_date=due_date,
        principal=Decimal(principal),
        interest=Decimal(interest),
        balance=Decimal(0),
        **kw,
    )


def _send(ids, today) -> int:
    """Send the reminders of these installments the day's fan-out finds."""
    wanted = set(ids)
    pairs = [
        pair
        for batch in reminders.installment_reminder_batches(today=today)
        for pair in batch
        if pair[0] in wanted
    ]
    return reminders.installment_reminders_send(pairs=pairs, today=today)


def _expected(installment, title, body) -> tuple[str, str]:
    values = {
        "number": installment.loan.application.number,
        "installment": installment.number,
        "amount": format_rupiah(
            installment.principal
            + installment.interest
            - installment.principal_paid
            - installment.interest_paid
        ),
        "due": date_in_words(installment.due_date),
    }
    return gettext(title) % values, gettext(body) % values


@pytest.mark.django_db
def test_the_due_date_is_written_in_words():
    today = datetime.date(2026, 6, 23)
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    loan = LoanFactory(application__cooperative=cooperative)
    installment = _installment(loan, datetime.date(2026, 6, 30), number=3,
                               principal="1250000", interest="0")  # fmt: skip

    with translation.override("id"):
        _send([installment.pk], today)

    body = Notification.objects.get(user=officer).body
    assert "30 Juni 2026" in body
    assert "Rp1.250.000" in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("days_left", "principal", "interest", "principal_paid", "titles"),
    [
        (7, "1000000", "50000", "0", (DUE_TITLE, DUE_BODY)),
        (0, "999.49", "0", "0", (DUE_TITLE, DUE_BODY)),  # rounds down
        (1, "1000000.25", "0.25", "0", (DUE_TITLE, DUE_BODY)),  # .50: half up
        (-1, "25000000", "1250000", "12500000", (LATE_TITLE, LATE_BODY)),  # part paid
        (-30, "9999999999999999.99", "0", "0", (LATE_TITLE, LATE_BODY)),  # the largest
        (-60, "0.40", "0", "0", (LATE_TITLE, LATE_BODY)),  # Rp0
    ],
)
def test_the_text_is_what_python_formats(
    language, days_left, principal, interest, principal_paid, titles
):
    today = datetime.date(2026, 5, 20)
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative, language=language)  # their language
    loan = LoanFactory(application__cooperative=cooperative)
    installment = _installment(
        loan,
        today + days_left * DAY,
        number=7,
        principal=principal,
        interest=interest,
        principal_paid=Decimal(principal_paid),
    )

    with translation.override(language):
        sent = _send([installment.pk], today)
        expected = _expected(installment, *titles)

    assert sent == 1
    notification = Notification.objects.get(user=officer)
    assert (notification.title, notification.body) == expected
    assert notification.link == (
        f"/portal/koperasi/{cooperative.pk}/pembiayaan/{loan.application_id}/"
    )
    record = SentReminder.objects.get(notification=notification)
    assert (record.object_ref, record.user_id) == (
        f"installment:{installment.pk}",
        officer.pk,
    )


@pytest.mark.django_db
def test_each_current_active_officer_of_the_borrower_once(today):
    cooperative = CooperativeFactory()
    twice = officer_of(cooperative)  # two current officer roles: one reminder
    CooperativeRoleFactory(
        person=twice.person, cooperative=cooperative, ends_on=today + 30 * DAY
    )
    inactive = officer_of(cooperative, is_active=False)
    ended = UserFactory()
    CooperativeRoleFactory(
        person=PersonFactory(user=ended),
        cooperative=cooperative,
        starts_on=today - 400 * DAY,
        ends_on=today - DAY,
    )
    elsewhere = officer_of(CooperativeFactory())
    sme = LoanFactory(
        application__cooperative=None,
        application__enterprise=EnterpriseFactory(cooperative=cooperative),
    )
    paid = _installment(
        sme,
        today + DAY,
        number=2,
        paid_on=today,
        principal_paid=Decimal(1_000_000),
        interest_paid=Decimal(50_000),
    )
    ids = [_installment(sme, today + DAY).pk, paid.pk]

    assert _send(ids, today) == 1
    assert _send(ids, today) == 0
    assert list(SentReminder.objects.values_list("user_id", "period")) == [
        (twice.pk, "due-1")
    ]
    assert not Notification.objects.filter(user__in=[inactive, ended, elsewhere])


@pytest.mark.django_db
def test_an_email_is_queued_after_commit_for_officers_with_an_address(
    today, django_capture_on_commit_callbacks
):
    cooperative = CooperativeFactory()
    officer_of(cooperative, email="bendahara@example.id")
    officer_of(cooperative, email="")
    loan = LoanFactory(application__cooperative=cooperative)
    installment = _installment(loan, today + 3 * DAY)

    with django_capture_on_commit_callbacks() as callbacks:
        sent = _send([installment.pk], today)

    assert sent == 2
    assert len(callbacks) == 1  # the email task, published only once committed


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_batch(today):
    cooperative = CooperativeFactory()
    officer_of(cooperative)
    one = [_installment(LoanFactory(application__cooperative=cooperative), today).pk]
    many = [
        _installment(LoanFactory(application__cooperative=cooperative), today).pk
        for _ in range(15)
    ]

    with CaptureQueriesContext(connection) as small:
        assert _send(one, today) == 1
    with CaptureQueriesContext(connection) as large:
        assert _send(many, today) == 15

    assert len(large) == len(small)


@pytest.mark.django_db
def test_the_fan_out_finds_the_pairs_and_a_batch_checks_them_again(today):
    cooperative = CooperativeFactory()
    officer, leaving = officer_of(cooperative), officer_of(cooperative)
    loan = LoanFactory(application__cooperative=cooperative)
    stays, paid_later = _installment(loan, today), _installment(loan, today, number=2)
    _installment(loan, today + 30 * DAY, number=3)  # in no window today

    pairs = [p for b in reminders.installment_reminder_batches(today=today) for p in b]
    assert sorted(pairs) == sorted(
        [i.pk, u.pk] for i in (stays, paid_later) for u in (officer, leaving)
    )
    # Between the fan-out and the batch: one installment paid, one account closed.
    Installment.objects.filter(pk=paid_later.pk).update(paid_on=today)
    type(leaving).objects.filter(pk=leaving.pk).update(is_active=False)

    assert reminders.installment_reminders_send(pairs=pairs, today=today) == 1
    assert list(SentReminder.objects.values_list("object_ref", "user")) == [
        (f"installment:{stays.pk}", officer.pk)
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_send_each_reminder_once(today):
    cooperative = CooperativeFactory()
    officers = [officer_of(cooperative), officer_of(cooperative)]
    loan = LoanFactory(application__cooperative=cooperative)
    ids = [
        _installment(loan, today + days * DAY, number=n).pk
        for n, days in enumerate((7, 1, -1, -30), start=1)
    ]

    results = run_together([lambda: _send(ids, today)] * 3)

    assert sum(results) == 8  # 4 installments, 2 officers each, among the three
    assert SentReminder.objects.count() == 8
    assert Notification.objects.filter(user__in=officers).count() == 8


@pytest.mark.django_db
def test_a_percent_sign_in_a_translation_stays_a_percent_sign():
    marks = reminders._MARKS
    # As a translation with `%%` comes out of Python's formatting with the marks.
    template = reminders._format_template(
        f"{marks['installment']}/{marks['number']}: 5% {marks['amount']} "
        f"{marks['due']} %s"
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format(%s, '3', 'PB-1', 'Rp10', '01-01-2100')", [template]
        )
        assert cursor.fetchone()[0] == "3/PB-1: 5% Rp10 01-01-2100 %s"
