"""The notifications inbox of UMKM owners and district users: their own
reminders only, the unread count in the header, a constant number of queries."""

import datetime
import re

import pytest
from django.utils import timezone

from financing import reminders
from notifications.services import notification_create
from tests.factories import CooperativeFactory, DistrictUserFactory, officer_of
from tests.financing.factories import LoanFactory
from tests.owner_accounts import owner_of

pytestmark = pytest.mark.django_db
INBOX = "/portal/notifikasi/"


def _badge(html: str) -> str | None:
    found = re.search(r'class="badge">(\d+)<', html)
    return found.group(1) if found else None


def test_owner_reads_their_own_reminders_with_the_unread_count(client):
    owner = owner_of()
    other = owner_of()
    notification_create(user=owner, kind="x", title="Angsuran Anda", body="b")
    notification_create(user=owner, kind="x", title="Sesi besok", body="b")
    notification_create(user=other, kind="x", title="Bukan untuk Anda", body="b")
    client.force_login(owner)

    body = client.get(INBOX).content.decode()
    client.post("/portal/notifikasi/dibaca/")
    after = client.get(INBOX).content.decode()

    assert "Angsuran Anda" in body
    assert "Sesi besok" in body
    assert "Bukan untuk Anda" not in body
    assert _badge(body) == "2"
    assert _badge(after) is None
    assert not owner.notifications.unread().exists()
    assert other.notifications.unread().count() == 1


def test_the_header_count_on_every_portal_page_of_an_owner(client):
    owner = owner_of()
    notification_create(user=owner, kind="x", title="Baru", body="b")
    client.force_login(owner)

    home = client.get("/portal/").content.decode()

    assert _badge(home) == "1"
    assert f'href="{INBOX}"' in home


def test_escalated_arrears_are_in_the_district_inbox_linked_from_the_workspace(
    client,
):
    today = timezone.localdate()
    samarinda = DistrictUserFactory()
    balikpapan = DistrictUserFactory(district_id="64.71")
    loan = LoanFactory(
        application__cooperative=CooperativeFactory(),
        oldest_unpaid_due_on=today - datetime.timedelta(days=45),
    )
    reminders.loan_arrears_escalate(today=today)
    client.force_login(samarinda)

    workspace = client.get("/portal/dinas/").content.decode()
    inbox = client.get(INBOX).content.decode()
    client.force_login(balikpapan)
    elsewhere = client.get(INBOX).content.decode()

    assert f'href="{INBOX}"' in workspace
    assert _badge(workspace) == "1"
    assert loan.application.number in inbox
    assert "menunggak" in inbox
    assert loan.application.number not in elsewhere


def test_inbox_queries_do_not_grow_with_the_notifications(
    client, django_assert_max_num_queries
):
    owner = owner_of()
    client.force_login(owner)
    notification_create(user=owner, kind="x", title="Satu", body="b")
    with django_assert_max_num_queries(12) as captured:
        client.get(INBOX)
    baseline = len(captured.captured_queries)
    for n in range(15):
        notification_create(user=owner, kind="x", title=f"Lagi {n}", body="b")

    with django_assert_max_num_queries(baseline):
        client.get(INBOX)


def test_officers_see_the_header_count_too(client):
    officer = officer_of(CooperativeFactory())
    notification_create(user=officer, kind="x", title="Untuk pengurus", body="b")
    client.force_login(officer)

    body = client.get(INBOX).content.decode()

    assert _badge(body) == "1"
