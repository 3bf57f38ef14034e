"""Financing admin: changelists fast and constant in queries; the decision actions
and the repayment page go through the services and report refusals."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from financing import services
from financing.models import Application, DelinquencyBand, Loan, Repayment
from tests.factories import CooperativeFactory, EnterpriseFactory

from .factories import (
    ApplicationFactory,
    LoanFactory,
    SchemeFactory,
    approved_application,
    disbursed_loan,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/financing"
DAY = datetime.timedelta(days=1)


def _repayments(count):
    loan = LoanFactory(principal=Decimal(10**9), outstanding_principal=Decimal(10**9))
    for index in range(count):
        Repayment.objects.create(
            loan=loan,
            reference=f"REF-{Repayment.objects.count()}-{index}",
            amount=Decimal(1000),
            paid_on=datetime.date(2026, 3, 1),
            interest_part=Decimal(1000),
            principal_part=Decimal(0),
        )


def _bands(count):
    start = DelinquencyBand.objects.count()
    for index in range(start, start + count):
        DelinquencyBand.objects.create(
            code=f"uji-{index}", label=f"Uji {index}", min_days=1000 + index
        )


def _applications(count):
    for index in range(count):
        if index % 2:
            ApplicationFactory(cooperative=None, enterprise=EnterpriseFactory())
        else:
            ApplicationFactory(cooperative=CooperativeFactory())


CHANGELISTS = {
    "scheme": SchemeFactory.create_batch,
    "application": _applications,
    "loan": LoanFactory.create_batch,
    "repayment": _repayments,
    "delinquencyband": _bands,
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_query_count_is_constant(staff_client, model):
    url = f"{ADMIN}/{model}/"
    CHANGELISTS[model](3)
    few = count_queries(staff_client, url)
    CHANGELISTS[model](40)

    many = count_queries(staff_client, url)

    assert many == few


@pytest.mark.parametrize(
    "query",
    [
        "status=submitted",
        "scheme__id__exact=1",
        "district__code__exact=64.72",
        "q=FIN-2099",
    ],
)
def test_application_changelist_filters_and_search(staff_client, query):
    ApplicationFactory(status="submitted")

    response = staff_client.get(f"{ADMIN}/application/?{query}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["status=in_arrears", "status=closed", "status=current"]
)
def test_loan_changelist_status_filter(staff_client, today, query):
    arrears = LoanFactory(oldest_unpaid_due_on=today - 3 * DAY)

    response = staff_client.get(f"{ADMIN}/loan/?{query}")

    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert (arrears in shown) == (query == "status=in_arrears")


def _action(client, action, applications, **fields):
    return client.post(
        f"{ADMIN}/application/",
        {
            "action": action,
            "_selected_action": [a.pk for a in applications],
            **fields,
        },
        follow=True,
    )


def test_assign_and_approve_actions(staff_client, staff_user, cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="submitted")

    _action(staff_client, "assign_to_me", [application])
    response = _action(staff_client, "approve", [application], amount="7000000")

    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.reviewer == staff_user
    assert application.approved_amount == Decimal(7_000_000)
    assert "1 permohonan disetujui." in messages_of(response)


def test_approve_action_reports_each_refusal(staff_client):
    draft = ApplicationFactory()

    response = _action(staff_client, "approve", [draft])

    assert any(
        draft.number in message and "sedang ditinjau" in message
        for message in messages_of(response)
    )
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_reject_action_needs_a_reason(staff_client):
    application = ApplicationFactory(status="under_review")

    refused = _action(staff_client, "reject", [application])
    done = _action(staff_client, "reject", [application], reason="Tidak layak")

    assert any("alasan penolakan" in m for m in messages_of(refused))
    assert "1 permohonan ditolak." in messages_of(done)
    application.refresh_from_db()
    assert application.decision_reason == "Tidak layak"


def test_disburse_action_makes_the_loan(staff_client, today):
    application = approved_application()

    response = _action(
        staff_client,
        "disburse",
        [application],
        disbursed_on=str(today - 3 * DAY),
        reference="TRF-ADM-1",
    )
    again = _action(staff_client, "disburse", [application])

    loan = Loan.objects.get(application=application)
    assert loan.disbursement_reference == "TRF-ADM-1"
    assert loan.disbursed_on == today - 3 * DAY
    assert "1 permohonan dicairkan." in messages_of(response)
    assert any("sudah dicairkan" in m for m in messages_of(again))


def test_change_form_saves_the_review_through_the_service(staff_client, staff_user):
    application = ApplicationFactory(status="under_review", reviewer=staff_user)
    url = f"{ADMIN}/application/{application.pk}/change/"
    assert staff_client.get(url).status_code == 200

    response = staff_client.post(
        url,
        {
            "checklist": '{"KTP": true}',
            "notes": "Lengkap",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302

    application.refresh_from_db()
    assert application.checklist == {"KTP": True}
    assert application.notes == "Lengkap"
    assert application.history.first().history_change_reason == "review"


def test_document_download_for_staff(staff_client, draft, officer):
    document = services.application_document_add(
        application_id=draft.pk,
        kind="proposal",
        file=SimpleUploadedFile("rab.pdf", b"%PDF-1.4 isi"),
        by=officer,
    )

    response = staff_client.get(
        f"{ADMIN}/application/{draft.pk}/document/{document.pk}/"
    )
    wrong = staff_client.get(
        f"{ADMIN}/application/{draft.pk + 1}/document/{document.pk}/"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 isi"
    assert wrong.status_code == 404
    assert (
        staff_client.get(f"{ADMIN}/application/{draft.pk}/change/").status_code == 200
    )


def test_loan_page_and_repayment_page(staff_client, staff_user, today):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY, by=staff_user)
    change = staff_client.get(f"{ADMIN}/loan/{loan.pk}/change/")
    assert change.status_code == 200
    assert b"/repayment/" in change.content
    url = f"{ADMIN}/loan/{loan.pk}/repayment/"
    assert staff_client.get(url).status_code == 200

    refused = staff_client.post(
        url, {"amount": "999999999", "reference": "A-1", "paid_on": str(today)}
    )
    saved = staff_client.post(
        url, {"amount": "Rp 60.000", "reference": "A-1", "paid_on": str(today)}
    )

    assert refused.status_code == 200
    assert "paling banyak" in refused.content.decode()
    assert saved.status_code == 302
    assert loan.repayments.get().interest_part == Decimal(60_000)


class _FormValues(HTMLParser):
    """The values a browser would send back from the page's change form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(a.get("value") or default)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def test_scheme_page_shows_whole_rupiah_and_takes_back_what_it_shows(staff_client):
    scheme = SchemeFactory(
        min_amount=Decimal("50000000.00"), max_amount=Decimal("1250000000.00")
    )
    change = f"{ADMIN}/scheme/{scheme.pk}/change/"
    page = staff_client.get(change).content.decode()

    assert 'value="1.250.000.000"' in page
    assert 'value="50.000.000"' in page
    assert 'value="6,00"' in page  # the rate, with a decimal comma
    form = _FormValues()
    form.feed(page)
    form.data["max_amount"] = ["1.500.000.000"]
    response = staff_client.post(change, form.data)

    assert response.status_code == 302, re.findall(
        r"errorlist[^<]*<li>[^<]*", response.content.decode()
    )
    scheme.refresh_from_db()
    assert scheme.max_amount == Decimal(1500000000)
    assert scheme.min_amount == Decimal(50000000)
    assert scheme.annual_rate == Decimal("6.00")


def test_money_columns_of_the_admin_show_rupiah(staff_client):
    SchemeFactory(min_amount=Decimal("1250000000.00"), max_amount=Decimal(2 * 10**9))

    page = staff_client.get(f"{ADMIN}/scheme/").content.decode()

    assert "Rp1.250.000.000" in page
    assert "1250000000" not in page
