"""People choose channels per kind of message and the language of their
messages: the page (own choices only), the choice honoured when a message is
made and again when it is sent, English messages with English dates, decision
notices to the SME's owner, district users' arrears links, the opt-outs in the
admin's cost view."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from cooperatives.services import annual_report_verify
from core.dates import date_in_words
from financing import reminders, services
from financing.models import Application, Installment
from notifications.deliveries import delivery_send
from notifications.models import ChannelPreference, Delivery, Notification
from notifications.preferences import preferences_set
from notifications.selectors import preferences_get
from notifications.services import notification_create, notification_email
from notifications.topics import Topic, topic_of
from programs.reminders import session_reminders_send
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    StaffFactory,
    officer_of,
)
from tests.financing.factories import ApplicationFactory, LoanFactory
from tests.notifications.conftest import verified_phone
from tests.notifications.test_owner_and_district_reminders import _session_tomorrow
from tests.owner_accounts import owner_of
from tests.programs.factories import EnrolmentFactory, days

pytestmark = pytest.mark.django_db
PAGE = "/portal/notifikasi/pilihan/"


def _all_on(channels, **overrides) -> dict:
    data = {f"{t}__{c}": "on" for t in Topic.values for c in channels}
    for name, value in overrides.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    return data


def test_kinds_belong_to_topics():
    assert topic_of("installment_due") == Topic.INSTALLMENTS
    assert topic_of("loan_arrears_escalated") == Topic.INSTALLMENTS
    assert topic_of("financing_approved") == Topic.FINANCING
    assert topic_of("rat_report_overdue") == Topic.REPORTS
    assert topic_of("program_session_tomorrow") == Topic.PROGRAMS
    assert topic_of("access_request") == Topic.ACCESS
    assert topic_of("report_ready") == Topic.OTHER


def test_page_saves_own_choices_and_language(whatsapp):
    officer = officer_of(CooperativeFactory())
    verified_phone(officer)
    client = Client()
    client.force_login(officer)

    page = client.get(PAGE)
    response = client.post(
        PAGE,
        {
            **_all_on(["email", "whatsapp"], installments__whatsapp=None),
            "language": "en",
        },
    )

    assert page.status_code == 200
    assert 'name="installments__whatsapp"' in page.content.decode()
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.language == "en"
    choices = preferences_get(officer)
    assert choices["installments", "whatsapp"] is False
    assert choices["installments", "email"] is True
    # Only the change is stored: the rest stay the default (on).
    assert list(
        ChannelPreference.objects.values_list("topic", "channel", "enabled")
    ) == [("installments", "whatsapp", False)]


def test_page_offers_the_phone_only_once_verified(whatsapp):
    district_user = DistrictUserFactory()
    client = Client()
    client.force_login(district_user)

    page = client.get(PAGE).content.decode()
    refused = client.post(PAGE, {**_all_on(["email"]), "language": "fr"})

    assert 'name="financing__email"' in page
    assert "whatsapp" not in page.split('id="preferences-form"')[1]
    assert refused.status_code == 200
    assert "Bahasa pesan" in refused.content.decode()
    with pytest.raises(ValidationError):
        preferences_set(
            user=district_user,
            enabled={("installments", "whatsapp"): False},
            language="id",
        )


def test_a_user_changes_only_their_own_choices(whatsapp):
    owner = owner_of()
    other = officer_of(CooperativeFactory())
    client = Client()
    client.force_login(owner)

    # No user in the URL or the form: a smuggled one is ignored.
    client.post(
        PAGE,
        {
            **_all_on(["email"], programs__email=None),
            "language": "id",
            "user": other.pk,
        },
    )

    assert preferences_get(owner)["programs", "email"] is False
    assert preferences_get(other)["programs", "email"] is True
    assert not ChannelPreference.objects.filter(user=other).exists()


def test_choices_are_honoured_when_made_and_when_sent(whatsapp, mailoutbox):
    officer = officer_of(CooperativeFactory())
    verified_phone(officer)
    queued = notification_create(
        user=officer, kind="installment_due", title="T", body="B"
    )
    # Turned off after the message was queued, before it was sent.
    preferences_set(
        user=officer,
        enabled={("installments", "whatsapp"): False, ("installments", "email"): False},
        language="id",
    )
    later = notification_create(
        user=officer, kind="installment_due", title="T2", body="B"
    )
    other_kind = notification_create(
        user=officer, kind="financing_approved", title="F", body="B"
    )
    phone = Delivery.objects.get(notification=queued, channel="whatsapp")

    delivery_send(delivery_id=phone.pk, claim="t:0", retries=0, final=False)
    emailed = notification_email(notification_id=queued.pk)

    phone.refresh_from_db()
    assert phone.status == Delivery.Status.OPTED_OUT
    assert emailed is False
    assert mailoutbox == []
    assert whatsapp.requests == []
    assert (
        Delivery.objects.get(notification=later, channel="whatsapp").status
        == "opted_out"
    )
    assert (
        Delivery.objects.get(notification=later, channel="email").status == "opted_out"
    )
    assert (
        Delivery.objects.get(notification=other_kind, channel="whatsapp").status
        == "pending"
    )
    assert not Delivery.objects.filter(
        notification=other_kind, channel="email"
    ).exists()


def test_cost_view_counts_opt_outs_per_month(whatsapp):
    officer = officer_of(CooperativeFactory())
    verified_phone(officer)
    preferences_set(
        user=officer, enabled={("reports", "whatsapp"): False}, language="id"
    )
    notification_create(user=officer, kind="rat_report_due", title="T", body="B")
    staff = Client()
    staff.force_login(StaffFactory(is_superuser=True))

    costs = staff.get(reverse("admin:notifications_delivery_costs")).content.decode()

    table = costs.split('id="delivery-costs"')[1].split("</table>")[0]
    row = table.split('<tr data-channel="whatsapp">')[1].split("</tr>")[0]
    assert '<td class="opted-out">1</td>' in row
    choices = costs.split('id="choices-off"')[1]
    assert '<td class="choices-off">1</td>' in choices


def test_installment_reminder_in_each_recipients_language():
    today = timezone.localdate()
    cooperative = CooperativeFactory()
    english = officer_of(cooperative, language="en")
    indonesian = officer_of(cooperative)
    loan = LoanFactory(application__cooperative=cooperative)
    due = today + datetime.timedelta(days=7)
    Installment.objects.create(
        loan=loan, number=3, due_date=due, principal=Decimal(1_200_000),
        interest=Decimal(50_000), balance=Decimal(0),
    )  # fmt: skip

    for pairs in reminders.installment_reminder_batches(today=today):
        reminders.installment_reminders_send(pairs=pairs, today=today)

    en = Notification.objects.get(user=english)
    id_ = Notification.objects.get(user=indonesian)
    english_date = f"{due.day} {due.strftime('%B')} {due.year}"
    assert (
        en.title
        == f"Instalment 3 of {loan.application.number} is due on {english_date}"
    )
    assert "Rp1.250.000" in en.body
    assert id_.title.startswith("Angsuran ke-3")
    with translation.override("id"):
        assert id_.title.endswith(f"jatuh tempo {date_in_words(due)}")


def test_decision_notice_reaches_the_owner_in_their_language():
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise, language="en")
    officer = officer_of(enterprise.cooperative) if enterprise.cooperative_id else None
    application = ApplicationFactory(
        cooperative=None, enterprise=enterprise, status=Application.Status.UNDER_REVIEW
    )

    services.application_reject(
        application_id=application.pk, by=StaffFactory(), reason="Usaha belum berjalan"
    )

    notice = Notification.objects.get(user=owner, kind="financing_rejected")
    assert notice.title == f"Application {application.number} rejected"
    assert notice.link == f"/portal/usaha/{enterprise.pk}/pembiayaan/{application.pk}/"
    if officer is not None:
        told = Notification.objects.get(user=officer, kind="financing_rejected")
        assert told.title.startswith("Permohonan")


def test_escalated_arrears_link_district_users_to_their_workspace():
    today = timezone.localdate()
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    district_user = DistrictUserFactory(district=cooperative.district)
    loan = LoanFactory(application__cooperative=cooperative)
    Installment.objects.create(
        loan=loan, number=1, due_date=today - datetime.timedelta(days=100),
        principal=Decimal(1_000_000), interest=Decimal(0), balance=Decimal(0),
    )  # fmt: skip
    type(loan).objects.filter(pk=loan.pk).update(
        oldest_unpaid_due_on=today - datetime.timedelta(days=100)
    )

    reminders.loan_arrears_escalate(today=today)

    district_notice = Notification.objects.get(user=district_user)
    assert district_notice.link == "/portal/dinas/"
    client = Client()
    client.force_login(district_user)
    reports_page = client.get("/portal/dinas/laporan/").content.decode()
    inbox = client.get("/portal/notifikasi/").content.decode()
    assert re.search(r'class="badge">1<', reports_page)  # the header's count
    assert '<a href="/portal/dinas/">' in inbox
    officer_notice = Notification.objects.get(user=officer)
    assert officer_notice.link == (
        f"/portal/koperasi/{cooperative.pk}/pembiayaan/{loan.application.pk}/"
    )


def test_session_reminder_in_english_with_the_date_in_words_and_wita():
    session = _session_tomorrow()
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise, language="en")
    EnrolmentFactory(
        program=session.program, cooperative=None, person=enterprise.owner,
        district=enterprise.district,
    )  # fmt: skip

    session_reminders_send(today=days(0))

    notice = Notification.objects.get(user=owner)
    tomorrow = days(1)
    with translation.override("en"):
        words = date_format(tomorrow, "l, j F Y")
    assert notice.title == f"Tomorrow: {session.program.title}"
    assert f"starts tomorrow, {words} at 09.00 WITA" in notice.body


def test_report_verified_notice_in_each_officers_language():
    cooperative = CooperativeFactory()
    english = officer_of(cooperative, language="en")
    indonesian = officer_of(cooperative)
    report = AnnualReportFactory(cooperative=cooperative, fiscal_year=2025)

    annual_report_verify(report_id=report.pk, by=StaffFactory())

    assert Notification.objects.get(user=english).title == (
        "RAT report for financial year 2025 verified"
    )
    assert Notification.objects.get(user=indonesian).title == (
        "Laporan RAT tahun buku 2025 diverifikasi"
    )
