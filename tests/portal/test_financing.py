"""Financing in the portal: applications, documents, submit, loans, the staff
review page, and the dashboard's next installment."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cooperatives.models import Cooperative
from financing import services
from financing.models import Application, ApplicationDocument, Loan
from tests.factories import CooperativeFactory, StaffFactory, officer_of
from tests.financing.factories import SchemeFactory
from tests.pdf_properties import AGENCY, PORTAL, author_and_creator

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def scheme(db):
    return SchemeFactory(code="dana-bergulir", name="Dana Bergulir Uji")


@pytest.fixture
def cooperative(db, today):
    return CooperativeFactory(
        name="Koperasi Maju",
        last_rat_on=datetime.date(today.year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )


@pytest.fixture
def officer(cooperative):
    return officer_of(cooperative)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def payer(db):
    """Disburses what `staff` approved (four eyes)."""
    return StaffFactory()


def make_draft(cooperative, scheme, by, **data):
    return services.application_create(
        data={
            "scheme": scheme,
            "cooperative": cooperative,
            "amount": "10000000",
            "tenor_months": 12,
            "purpose": "working_capital",
            **data,
        },
        by=by,
    )


@pytest.fixture
def draft(cooperative, scheme, officer):
    return make_draft(cooperative, scheme, officer)


@pytest.fixture
def loan(draft, officer, staff, payer, today):
    services.application_submit(application_id=draft.pk, by=officer)
    services.application_assign_reviewer(
        application_id=draft.pk, reviewer=staff, by=staff
    )
    services.application_approve(application_id=draft.pk, by=staff)
    return services.loan_disburse(application_id=draft.pk, by=payer, disbursed_on=today)


@pytest.fixture
def other(scheme, staff):
    """Another cooperative's application with a document and a loan."""
    cooperative = CooperativeFactory(name="Koperasi Lain")
    application = make_draft(cooperative, scheme, staff)
    document = services.application_document_add(
        application_id=application.pk,
        kind="proposal",
        file=SimpleUploadedFile("p.pdf", PDF),
        by=staff,
    )
    return {
        "cooperative": cooperative,
        "application": application,
        "document": document,
    }


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


# --- List, apply, edit ----------------------------------------------------------


def test_list_shows_applications_and_loans(officer_client, cooperative, draft, loan):
    response = officer_client.get(url("financing", cooperative.pk))

    assert response.status_code == 200
    assert draft.number in response.text
    assert "Dana Bergulir Uji" in response.text
    assert "Rp10.000.000" in response.text
    assert "Dicairkan" in response.text
    assert url("financing-loan", cooperative.pk, loan.pk) in response.text
    assert 'aria-current="page">Pembiayaan' in response.text


def test_list_queries_constant(
    officer_client, cooperative, scheme, officer, django_assert_max_num_queries
):
    list_url = url("financing", cooperative.pk)
    make_draft(cooperative, scheme, officer)
    with django_assert_max_num_queries(12) as captured:
        officer_client.get(list_url)
    baseline = len(captured.captured_queries)
    for _n in range(5):
        make_draft(cooperative, scheme, officer)

    with django_assert_max_num_queries(baseline):
        response = officer_client.get(list_url)

    assert response.text.count("FIN-") >= 6


def test_apply_creates_a_draft(officer_client, cooperative, scheme):
    response = officer_client.post(
        url("financing-apply", cooperative.pk),
        {
            "scheme": scheme.pk,
            "amount": "15.000.000",
            "tenor_months": "24",
            "purpose": "investment",
            "business_description": "Penggilingan padi",
            "use_of_funds": "Mesin baru",
            "repayment_source": "Jasa giling",
            "monthly_revenue": "8.000.000",
            "business_started_on": "",
        },
    )

    application = Application.objects.get(cooperative=cooperative)
    assert response.status_code == 302
    assert response.url == url("financing-detail", cooperative.pk, application.pk)
    assert application.status == Application.Status.DRAFT
    assert application.amount == Decimal("15000000")
    assert application.monthly_revenue == Decimal("8000000")
    assert application.number.startswith("FIN-")


def test_apply_prefills_from_the_simulator(officer_client, cooperative, scheme):
    response = officer_client.get(
        url("financing-apply", cooperative.pk),
        {"skema": scheme.code, "nominal": "20000000", "tenor": "18"},
    )

    form = response.context["form"]
    assert form["scheme"].value() == scheme.pk or form.initial["scheme"] == scheme
    assert 'value="20.000.000"' in response.text
    assert 'value="18"' in response.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": ""}, "amount", "Masukkan nominal yang diajukan."),
        ({"amount": "sejuta"}, "amount", "misalnya 1.250.000"),
        ({"tenor_months": "0"}, "tenor_months", "paling sedikit 1 bulan"),
        ({"purpose": ""}, "purpose", "Pilih tujuan pembiayaan."),
        ({"scheme": ""}, "scheme", "Pilih skema pembiayaan."),
    ],
)
def test_apply_refuses_bad_input_keeping_it(
    officer_client, cooperative, scheme, data, field, message
):
    post = {
        "scheme": scheme.pk,
        "amount": "10.000.000",
        "tenor_months": "12",
        "purpose": "working_capital",
        **data,
    }

    response = officer_client.post(url("financing-apply", cooperative.pk), post)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.text
    assert "<title>Galat:" in response.text
    assert not Application.objects.exists()


def test_apply_to_a_closed_scheme_is_refused(officer_client, cooperative, scheme):
    closed = SchemeFactory(code="tutup", is_open=False)

    response = officer_client.post(
        url("financing-apply", cooperative.pk),
        {
            "scheme": closed.pk,
            "amount": "10.000.000",
            "tenor_months": "12",
            "purpose": "working_capital",
        },
    )

    assert "scheme" in response.context["form"].errors
    assert not Application.objects.exists()


def test_edit_updates_a_draft(officer_client, cooperative, scheme, draft):
    response = officer_client.post(
        url("financing-edit", cooperative.pk, draft.pk),
        {
            "scheme": scheme.pk,
            "amount": "12.000.000",
            "tenor_months": "12",
            "purpose": "working_capital",
        },
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.amount == Decimal("12000000")


def test_edit_of_a_submitted_application_goes_back_to_its_page(
    officer_client, cooperative, draft, officer
):
    services.application_submit(application_id=draft.pk, by=officer)

    response = officer_client.get(url("financing-edit", cooperative.pk, draft.pk))

    assert response.status_code == 302
    assert response.url == url("financing-detail", cooperative.pk, draft.pk)


# --- Documents ------------------------------------------------------------------


def upload(client, cooperative, application, content, name="berkas.pdf"):
    return client.post(
        url("financing-document-upload", cooperative.pk, application.pk),
        {"kind": "proposal", "file": SimpleUploadedFile(name, content)},
    )


def test_upload_accepts_a_pdf_and_serves_it_through_the_scope(
    officer_client, cooperative, draft
):
    response = upload(officer_client, cooperative, draft, PDF)

    document = ApplicationDocument.objects.get(application=draft)
    assert response.status_code == 302
    assert document.content_type == "application/pdf"
    page = officer_client.get(url("financing-detail", cooperative.pk, draft.pk))
    download = url("financing-document", cooperative.pk, draft.pk, document.pk)
    assert download in page.text
    assert "/media/" not in page.text
    served = officer_client.get(download)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF


def test_upload_refuses_a_renamed_text_file(officer_client, cooperative, draft):
    response = upload(
        officer_client, cooperative, draft, b"MZ bukan pdf sebenarnya", "surat.pdf"
    )

    assert response.status_code == 400
    assert "Berkas harus PDF, JPEG atau PNG" in response.text
    assert "file" in response.context["form"].errors
    assert "<title>Galat:" in response.text
    assert not ApplicationDocument.objects.exists()


def test_upload_refuses_an_oversized_file(officer_client, cooperative, draft, settings):
    settings.FINANCING_MAX_UPLOAD_BYTES = 1024

    response = upload(officer_client, cooperative, draft, PDF + b"0" * 2048)

    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.text
    assert not ApplicationDocument.objects.exists()


def test_remove_document_of_a_draft(officer_client, cooperative, draft, officer):
    document = services.application_document_add(
        application_id=draft.pk,
        kind="proposal",
        file=SimpleUploadedFile("p.pdf", PDF),
        by=officer,
    )

    response = officer_client.post(
        url("financing-document-remove", cooperative.pk, draft.pk, document.pk)
    )

    assert response.status_code == 302
    assert not ApplicationDocument.objects.exists()


# --- Submit ---------------------------------------------------------------------


def test_submit_runs_the_eligibility_check(officer_client, cooperative, draft):
    response = officer_client.post(url("financing-submit", cooperative.pk, draft.pk))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == Application.Status.SUBMITTED
    page = officer_client.get(url("financing-detail", cooperative.pk, draft.pk))
    assert "Hasil pemeriksaan syarat" in page.text
    assert "Memenuhi" in page.text
    assert "Riwayat status" in page.text
    history = [change["status"] for change in page.context["history"]]
    assert history == ["draft", "submitted"]


def test_submit_shows_each_failed_rule(officer_client, scheme, today):
    cooperative = CooperativeFactory(
        established_on=datetime.date(2010, 1, 1),
        last_rat_on=datetime.date(today.year - 1, 3, 1),
    )
    officer = officer_of(cooperative)
    officer_client.force_login(officer)
    strict = SchemeFactory(
        code="ketat", max_amount=Decimal("5000000"), requires_active_cooperative=True
    )
    draft = make_draft(cooperative, strict, officer)
    # The cooperative stops being active after its draft was made.
    Cooperative.objects.filter(pk=cooperative.pk).update(last_rat_on=None)

    response = officer_client.post(url("financing-submit", cooperative.pk, draft.pk))

    draft.refresh_from_db()
    assert response.status_code == 400
    assert draft.status == Application.Status.DRAFT
    assert "Permohonan belum memenuhi syarat" in response.text
    assert "di luar batas skema" in response.text
    assert "tidak aktif" in response.text
    assert len(response.context["problems"]) >= 2
    assert "<title>Galat:" in response.text


# --- Loan -----------------------------------------------------------------------


def test_loan_page_shows_the_schedule_with_paid_amounts(
    officer_client, cooperative, loan, staff
):
    first = loan.installments.order_by("number").first()
    services.repayment_record(
        loan_id=loan.pk,
        amount=first.payment,
        reference="TRX-1",
        by=staff,
        paid_on=loan.disbursed_on,
    )

    response = officer_client.get(url("financing-loan", cooperative.pk, loan.pk))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 12
    assert rows[0]["state"] == "paid"
    assert rows[1]["state"] == "upcoming"
    assert response.text.count('data-label="Jatuh tempo"') == 12
    assert "Lunas" in response.text
    assert "Angsuran berikutnya (ke-2)" in response.text
    assert url("financing-loan-pdf", cooperative.pk, loan.pk) in response.text


def test_loan_schedule_pdf(officer_client, cooperative, loan):
    response = officer_client.get(url("financing-loan-pdf", cooperative.pk, loan.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert loan.application.number in response["Content-Disposition"]
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert f"{loan.annual_rate:.2f}".replace(".", ",") + "% per tahun" in text
    assert re.search(r"Rp\d{1,3}(\.\d{3})+", text)
    assert not re.search(r"\d+\.\d{2}%|\d{4,},\d{2}", text)  # no 6.00%, 50000,00
    assert author_and_creator(response.content) == (AGENCY, PORTAL)


def test_application_page_links_the_loan(officer_client, cooperative, loan):
    response = officer_client.get(
        url("financing-detail", cooperative.pk, loan.application_id)
    )

    assert url("financing-loan", cooperative.pk, loan.pk) in response.text
    history = [change["status"] for change in response.context["history"]]
    assert history == ["draft", "submitted", "under_review", "approved", "disbursed"]


def test_application_history_reads_in_wita_with_labels(
    officer_client, cooperative, loan
):
    response = officer_client.get(
        url("financing-detail", cooperative.pk, loan.application_id)
    )

    timeline = response.text.split("Riwayat status", 1)[1].split("</ol>", 1)[0]
    assert "WITA" in timeline
    assert "Dicairkan" in timeline
    assert "+00:00" not in timeline
    assert ">disbursed<" not in timeline


# --- Scope ----------------------------------------------------------------------


def test_another_cooperatives_pages_answer_404(officer_client, cooperative, other):
    theirs = other["cooperative"]
    application = other["application"]
    document = other["document"]
    paths = [
        url("financing", theirs.pk),
        url("financing-apply", theirs.pk),
        url("financing-detail", theirs.pk, application.pk),
        url("financing-detail", cooperative.pk, application.pk),
        url("financing-edit", cooperative.pk, application.pk),
        url("financing-document", theirs.pk, application.pk, document.pk),
        url("financing-document", cooperative.pk, application.pk, document.pk),
    ]

    for path in paths:
        assert officer_client.get(path).status_code == 404, path
    for path in (
        url("financing-submit", cooperative.pk, application.pk),
        url("financing-document-upload", cooperative.pk, application.pk),
        url("financing-document-remove", cooperative.pk, application.pk, document.pk),
    ):
        assert officer_client.post(path).status_code == 404, path
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_another_cooperatives_loan_answers_404(
    officer_client, cooperative, scheme, staff, payer, today
):
    theirs = CooperativeFactory(
        last_rat_on=datetime.date(today.year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )
    application = make_draft(theirs, scheme, staff)
    services.application_submit(application_id=application.pk, by=staff)
    services.application_assign_reviewer(
        application_id=application.pk, reviewer=staff, by=staff
    )
    services.application_approve(application_id=application.pk, by=staff)
    loan = services.loan_disburse(application_id=application.pk, by=payer)

    for path in (
        url("financing-loan", theirs.pk, loan.pk),
        url("financing-loan", cooperative.pk, loan.pk),
        url("financing-loan-pdf", cooperative.pk, loan.pk),
    ):
        assert officer_client.get(path).status_code == 404, path


def test_anonymous_is_sent_to_sign_in(client, cooperative):
    response = client.get(url("financing", cooperative.pk))

    assert response.status_code == 302
    assert "/masuk/" in response.url or "login" in response.url


# --- Dashboard ------------------------------------------------------------------


def test_dashboard_shows_the_next_installment(officer_client, cooperative, loan):
    first = loan.installments.order_by("number").first()

    response = officer_client.get(url("dashboard", cooperative.pk))

    assert response.status_code == 200
    assert response.context["next_installment"].pk == first.pk
    assert f"Angsuran ke-1 pinjaman {loan.application.number} jatuh tempo" in (
        response.text
    )
    assert url("financing-loan", cooperative.pk, loan.pk) in response.text
    assert "Laporan RAT terakhir" in response.text


def test_dashboard_next_installment_in_constant_queries(
    officer_client,
    cooperative,
    scheme,
    officer,
    staff,
    payer,
    today,
    django_assert_max_num_queries,
):
    def add_loan():
        application = make_draft(cooperative, scheme, officer)
        services.application_submit(application_id=application.pk, by=officer)
        services.application_assign_reviewer(
            application_id=application.pk, reviewer=staff, by=staff
        )
        services.application_approve(application_id=application.pk, by=staff)
        services.loan_disburse(application_id=application.pk, by=payer)

    add_loan()
    dashboard = url("dashboard", cooperative.pk)
    with django_assert_max_num_queries(30) as captured:
        officer_client.get(dashboard)
    baseline = len(captured.captured_queries)
    add_loan()
    add_loan()

    with django_assert_max_num_queries(baseline):
        officer_client.get(dashboard)


# --- Staff review ---------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def submitted(draft, officer):
    services.application_document_add(
        application_id=draft.pk,
        kind="proposal",
        file=SimpleUploadedFile("p.pdf", PDF),
        by=officer,
    )
    return services.application_submit(application_id=draft.pk, by=officer)


def review(client, application, action, **data):
    post = {"action": action}
    post.update({f"{action}-{k}": v for k, v in data.items()})
    return client.post(url("financing-review", application.pk), post)


def test_review_page_is_staff_only(client, officer_client, submitted):
    path = url("financing-review", submitted.pk)

    assert client.get(path).status_code == 302
    assert officer_client.get(path).status_code == 302


def test_review_page_shows_facts_documents_and_history(staff_client, submitted):
    response = staff_client.get(url("financing-review", submitted.pk))

    assert response.status_code == 200
    assert "Hasil pemeriksaan syarat" in response.text
    assert "Proposal dan RAB" in response.text
    document = submitted.documents.get()
    served = staff_client.get(
        url("financing-review-document", submitted.pk, document.pk)
    )
    assert served.status_code == 200
    assert "Tetapkan saya sebagai peninjau" in response.text


def test_review_assign_checklist_approve_and_disburse(
    staff_client, submitted, staff, payer
):
    review(staff_client, submitted, "assign")
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.UNDER_REVIEW
    assert submitted.reviewer == staff

    response = review(
        staff_client, submitted, "review", checked=["Proposal dan RAB"], notes="Oke"
    )
    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.checklist["Proposal dan RAB"] is True
    assert submitted.checklist["Kunjungan lapangan"] is False
    assert submitted.notes == "Oke"

    review(staff_client, submitted, "approve", amount="8.000.000", reason="")
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.APPROVED
    assert submitted.approved_amount == Decimal("8000000")

    day = timezone.localdate()
    staff_client.force_login(payer)  # whoever approved may not disburse
    response = review(
        staff_client,
        submitted,
        "disburse",
        disbursed_on=day.isoformat(),
        amount="",
        reference="SP2D-001",
    )
    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == Application.Status.DISBURSED
    loan = Loan.objects.get(application=submitted)
    assert loan.principal == Decimal("8000000")
    assert loan.disbursement_reference == "SP2D-001"


def test_review_approve_above_the_request_shows_the_error(staff_client, submitted):
    review(staff_client, submitted, "assign")

    response = review(staff_client, submitted, "approve", amount="99.000.000")

    submitted.refresh_from_db()
    assert response.status_code == 400
    assert submitted.status == Application.Status.UNDER_REVIEW
    assert "tidak boleh melebihi nominal permohonan" in response.text
    assert "Ada masalah" in response.text
    assert "<title>Galat:" in response.text


def test_review_reject_requires_a_reason(staff_client, submitted):
    review(staff_client, submitted, "assign")

    refused = review(staff_client, submitted, "reject", reason="")
    done = review(staff_client, submitted, "reject", reason="Usaha belum berjalan")

    submitted.refresh_from_db()
    assert refused.status_code == 400
    assert "Tuliskan alasan penolakan." in refused.text
    assert done.status_code == 302
    assert submitted.status == Application.Status.REJECTED
    assert submitted.decision_reason == "Usaha belum berjalan"


def test_review_approve_of_a_submitted_but_unassigned_is_refused(
    staff_client, submitted
):
    response = review(staff_client, submitted, "approve", amount="")

    submitted.refresh_from_db()
    assert response.status_code == 400
    assert "sedang ditinjau" in response.text
    assert submitted.status == Application.Status.SUBMITTED


def test_review_disburse_refuses_a_future_date(staff_client, submitted, staff, payer):
    services.application_assign_reviewer(
        application_id=submitted.pk, reviewer=staff, by=staff
    )
    services.application_approve(application_id=submitted.pk, by=payer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = review(
        staff_client, submitted, "disburse", disbursed_on=tomorrow.isoformat()
    )

    assert response.status_code == 400
    assert "Tanggal tidak boleh di masa depan." in response.text
    assert not Loan.objects.exists()


# --- Withdraw and the staff queue -------------------------------------------------


def test_officer_withdraws_a_submitted_application_with_a_reason(
    officer_client, cooperative, submitted
):
    detail = officer_client.get(url("financing-detail", cooperative.pk, submitted.pk))
    assert "Batalkan permohonan" in detail.text

    response = officer_client.post(
        url("financing-withdraw", cooperative.pk, submitted.pk),
        {"reason": "Modal sudah dari anggota"},
    )

    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == Application.Status.WITHDRAWN
    assert submitted.withdrawal_reason == "Modal sudah dari anggota"
    page = officer_client.get(url("financing-detail", cooperative.pk, submitted.pk))
    assert "Permohonan dibatalkan." in page.text
    assert url("financing-withdraw", cooperative.pk, submitted.pk) not in page.text


def test_withdraw_of_a_decided_application_is_refused(
    officer_client, cooperative, loan
):
    application = loan.application
    response = officer_client.post(
        url("financing-withdraw", cooperative.pk, application.pk), {"reason": ""}
    )

    application.refresh_from_db()
    assert response.status_code == 400
    assert "tidak dapat dibatalkan" in response.text
    assert application.status == Application.Status.DISBURSED


def test_withdraw_refuses_an_overlong_reason_and_other_cooperatives(
    officer_client, cooperative, draft, other
):
    too_long = officer_client.post(
        url("financing-withdraw", cooperative.pk, draft.pk), {"reason": "x" * 1001}
    )
    foreign = officer_client.post(
        url("financing-withdraw", cooperative.pk, other["application"].pk), {}
    )

    draft.refresh_from_db()
    assert too_long.status_code == 400
    assert draft.status == Application.Status.DRAFT
    assert foreign.status_code == 404
    other["application"].refresh_from_db()
    assert other["application"].status == Application.Status.DRAFT


def test_queue_lists_waiting_applications_oldest_first_with_days_waited(
    staff_client, submitted, scheme, staff
):
    newer = make_draft(CooperativeFactory(name="Koperasi Baru"), scheme, staff)
    services.application_submit(application_id=newer.pk, by=staff)
    Application.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=20)
    )
    decided = make_draft(CooperativeFactory(name="Koperasi Putus"), scheme, staff)
    services.application_withdraw(application_id=decided.pk, by=staff)

    response = staff_client.get(url("financing-queue"))

    assert response.status_code == 200
    text = response.text
    assert text.index(submitted.number) < text.index(newer.number)
    assert decided.number not in text
    assert url("financing-review", submitted.pk) in text
    assert "20 hari, lewat batas" in text
    assert "0 hari" in text


def test_queue_filters_by_status_and_reviewer(staff_client, submitted, staff, scheme):
    waiting = make_draft(CooperativeFactory(name="Koperasi Tunggu"), scheme, staff)
    services.application_submit(application_id=waiting.pk, by=staff)
    services.application_assign_reviewer(
        application_id=submitted.pk, reviewer=staff, by=staff
    )

    in_review = staff_client.get(url("financing-queue"), {"status": "ditinjau"})
    mine = staff_client.get(url("financing-queue"), {"saya": "1"})
    junk = staff_client.get(url("financing-queue"), {"status": "<x>", "halaman": "zz"})

    assert submitted.number in in_review.text
    assert waiting.number not in in_review.text
    assert submitted.number in mine.text
    assert waiting.number not in mine.text
    assert junk.status_code == 200
    assert waiting.number in junk.text


def test_queue_is_for_agency_and_district_staff(client, officer_client, submitted):
    """District users (who recommend partner-scheme applications) see their
    district's queue; officers are sent away."""
    from tests.factories import DistrictUserFactory, district

    assert officer_client.get(url("financing-queue")).status_code == 302
    client.force_login(DistrictUserFactory(district=submitted.district))
    assert submitted.number in client.get(url("financing-queue")).text
    client.force_login(DistrictUserFactory(district=district("64.71")))
    elsewhere = client.get(url("financing-queue"))
    assert elsewhere.status_code == 200
    assert submitted.number not in elsewhere.text


def test_queue_queries_constant(
    staff_client, submitted, scheme, staff, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as captured:
        staff_client.get(url("financing-queue"))
    baseline = len(captured.captured_queries)
    for n in range(6):
        application = make_draft(
            CooperativeFactory(name=f"Koperasi Antre {n}"), scheme, staff
        )
        services.application_submit(application_id=application.pk, by=staff)

    with django_assert_max_num_queries(baseline):
        response = staff_client.get(url("financing-queue"))
    assert response.text.count("tag-fin-submitted") == 7


# --- Scheme choice: only the schemes open to the cooperative --------------------


@pytest.fixture
def sme_and_district_schemes(db):
    kur = SchemeFactory(
        code="kur-mikro",
        name="KUR Mikro",
        for_cooperatives=False,
        for_enterprises=True,
        is_kur=True,
        rate_ladder=[Decimal(6), Decimal(7), Decimal(8), Decimal(9)],
    )
    ppu = SchemeFactory(code="dana-bergulir-ppu", name="Dana Bergulir PPU")
    ppu.districts.set(["64.09"])
    return kur, ppu


def test_apply_offers_only_the_cooperatives_schemes(
    officer_client, cooperative, scheme, sme_and_district_schemes
):
    kur, ppu = sme_and_district_schemes

    response = officer_client.get(url("financing-apply", cooperative.pk))

    offered = list(response.context["form"].fields["scheme"].queryset)
    assert offered == [scheme]
    unavailable = [o.scheme for o in response.context["form"].unavailable_offers]
    assert set(unavailable) == {kur, ppu}
    page = response.text
    assert f'value="{scheme.pk}"' in page
    assert f'value="{kur.pk}"' not in page
    assert f'value="{ppu.pk}"' not in page
    assert "offer-unavailable" in page
    assert "Skema ini hanya untuk pemohon di Kabupaten Penajam Paser Utara." in page
    assert "Skema ini tidak untuk koperasi." in page


def test_apply_refuses_a_scheme_the_cooperative_cannot_use(
    officer_client, cooperative, scheme, sme_and_district_schemes
):
    _kur, ppu = sme_and_district_schemes

    response = officer_client.post(
        url("financing-apply", cooperative.pk),
        {
            "scheme": ppu.pk,
            "amount": "15.000.000",
            "tenor_months": "12",
            "purpose": "working_capital",
        },
    )

    assert response.status_code in (200, 400)
    assert "scheme" in response.context["form"].errors
    assert not Application.objects.exists()


def test_apply_page_queries_do_not_grow_with_schemes(
    officer_client, cooperative, scheme
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer_client.get(url("financing-apply", cooperative.pk))
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url("financing-apply", cooperative.pk))
    for index in range(5):
        extra = SchemeFactory(code=f"daerah-{index}")
        extra.districts.set(["64.09"])
    with CaptureQueriesContext(connection) as six:
        response = officer_client.get(url("financing-apply", cooperative.pk))

    assert len(response.context["form"].offers) == 6
    assert len(six) == len(one)
