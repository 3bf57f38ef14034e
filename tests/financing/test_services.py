"""Application services: numbering, the workflow's guards, each eligibility rule,
budgets and quotas, documents."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperatives.models import Cooperative
from financing import services
from financing.models import Application, SchemeBudget, SchemeDistrictQuota
from notifications.models import Notification
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    UserFactory,
    district,
)

from .factories import ApplicationFactory, SchemeFactory, approved_application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _create(scheme, by, **data):
    return services.application_create(
        data={
            "scheme": scheme,
            "amount": "10000000",
            "tenor_months": 12,
            "purpose": "working_capital",
            **data,
        },
        by=by,
    )


def _draft_row(scheme, **data):
    """A draft made before the scheme's rules changed (a row, not the service:
    the service no longer makes a draft for a scheme the applicant fails)."""
    if "enterprise" in data:
        data.setdefault("cooperative", None)
    return ApplicationFactory(scheme=scheme, status=Application.Status.DRAFT, **data)


def _submit_errors(application, by) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application_id=application.pk, by=by)
    return exc.value.message_dict


def _codes(exc: ValidationError) -> set[str]:
    return {error.code for errors in exc.error_dict.values() for error in errors}


# --- Creation and numbering ------------------------------------------------------


def test_application_create_numbers_per_year_and_copies_district(
    scheme, cooperative, officer, today
):
    enterprise = EnterpriseFactory(district=district("64.71"))

    first = _create(scheme, officer, cooperative=cooperative)
    second = _create(scheme, officer, enterprise=enterprise)

    assert first.number == f"FIN-{today.year}-000001"
    assert second.number == f"FIN-{today.year}-000002"
    assert re.fullmatch(r"FIN-\d{4}-\d{6}", first.number)
    assert (first.district_id, second.district_id) == ("64.72", "64.71")
    assert first.status == Application.Status.DRAFT
    assert first.created_by == officer


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "cooperative"),
        ({"both": True}, "cooperative"),
        ({"amount": "1000000.50"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"tenor_months": 0}, "tenor_months"),
        ({"purpose": "holiday"}, "purpose"),
        ({"number": "FIN-1"}, "number"),
    ],
)
def test_application_create_refuses_bad_input_without_using_a_number(
    scheme, cooperative, officer, today, data, field
):
    if data.pop("both", False):
        data = {"cooperative": cooperative, "enterprise": EnterpriseFactory()}

    with pytest.raises(ValidationError) as exc:
        _create(scheme, officer, **data)
    created = _create(scheme, officer, cooperative=cooperative)

    assert field in exc.value.message_dict
    assert created.number == f"FIN-{today.year}-000001"


def test_application_create_refuses_a_closed_scheme(cooperative, officer):
    closed = SchemeFactory(is_open=False)

    with pytest.raises(ValidationError) as exc:
        _create(closed, officer, cooperative=cooperative)

    assert "tidak menerima permohonan" in exc.value.message_dict["scheme"][0]


def test_application_update_only_in_draft(draft, officer):
    services.application_update(
        application_id=draft.pk, data={"amount": "12000000"}, by=officer
    )
    services.application_submit(application_id=draft.pk, by=officer)

    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.application_update(
            application_id=draft.pk, data={"amount": "15000000"}, by=officer
        )

    draft.refresh_from_db()
    assert draft.amount == Decimal("12000000")


def test_application_update_cannot_change_the_applicant(draft, officer):
    with pytest.raises(ValidationError) as exc:
        services.application_update(
            application_id=draft.pk,
            data={"cooperative": CooperativeFactory()},
            by=officer,
        )

    assert "cooperative" in exc.value.message_dict


# --- Submission and eligibility --------------------------------------------------


def test_application_submit_stores_the_facts_checked(draft, officer):
    application = services.application_submit(application_id=draft.pk, by=officer)

    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    rules = {fact["rule"]: fact["passed"] for fact in application.eligibility}
    assert rules == {
        "amount": True,
        "tenor": True,
        "applicant_kind": True,
        "cooperative_registered": True,
    }


def test_application_submit_twice_is_refused(draft, officer):
    services.application_submit(application_id=draft.pk, by=officer)

    with pytest.raises(ValidationError, match="Hanya permohonan draf"):
        services.application_submit(application_id=draft.pk, by=officer)


def test_application_submit_states_every_failed_rule(cooperative, officer, today):
    strict = SchemeFactory(
        max_amount=Decimal("5000000"),
        max_tenor_months=6,
        requires_verified_report_last_year=True,
    )
    application = _draft_row(strict, cooperative=cooperative)

    errors = _submit_errors(application, officer)

    assert "di luar batas skema" in errors["amount"][0]
    assert "melebihi tenor maksimum 6 bulan" in errors["tenor_months"][0]
    assert errors["__all__"] == [
        f"Belum ada laporan RAT tahun buku {today.year - 1} yang diverifikasi."
    ]
    assert Application.objects.get(pk=application.pk).status == "draft"


@pytest.mark.parametrize(
    ("scheme_rules", "applicant", "rule", "message"),
    [
        (
            {"for_cooperatives": False},
            "cooperative",
            "applicant_kind",
            "tidak untuk koperasi",
        ),
        (
            {"for_enterprises": False},
            "enterprise",
            "applicant_kind",
            "tidak untuk UMKM",
        ),
        ({}, "dissolved", "cooperative_registered", "dibubarkan"),
        (
            {"requires_active_cooperative": True},
            "inactive",
            "active_cooperative",
            "tidak aktif",
        ),
        (
            {"requires_active_cooperative": True},
            "enterprise",
            "active_cooperative",
            "tidak tergabung",
        ),
        (
            {"requires_verified_report_last_year": True},
            "cooperative",
            "verified_report_last_year",
            "Belum ada laporan RAT",
        ),
        ({"allowed_scales": ["micro"]}, "enterprise", "scale", "Skala usaha Kecil"),
        (
            {"min_business_age_months": 6},
            "young",
            "business_age",
            "baru berjalan 2 bulan",
        ),
        ({"min_business_age_months": 6}, "enterprise", "business_age", "belum diisi"),
    ],
)
def test_application_submit_refuses_each_rule(
    cooperative, officer, today, scheme_rules, applicant, rule, message
):
    scheme = SchemeFactory(**scheme_rules)
    if applicant == "enterprise":
        # Revenue Rp3 miliar: small (PP 7/2021).
        data = {"enterprise": EnterpriseFactory(annual_revenue=Decimal("3000000000"))}
    elif applicant == "dissolved":
        data = {"cooperative": CooperativeFactory(status=Cooperative.Status.DISSOLVED)}
    elif applicant == "inactive":
        data = {
            "cooperative": CooperativeFactory(last_rat_on=datetime.date(2015, 3, 1))
        }
    elif applicant == "young":
        founded = today - datetime.timedelta(days=75)
        data = {"cooperative": CooperativeFactory(established_on=founded)}
    else:
        data = {"cooperative": cooperative}
    if message != "belum diisi":  # known only once the application states it
        with pytest.raises(ValidationError) as refused:
            _create(scheme, officer, **data)
        assert list(refused.value.message_dict) == ["scheme"]
        assert any(message in text for text in refused.value.messages)
    application = _draft_row(scheme, **data)

    with pytest.raises(ValidationError) as exc:
        services.application_submit(application_id=application.pk, by=officer)

    assert rule in _codes(exc.value)
    assert any(message in text for text in exc.value.messages)


@pytest.mark.parametrize(
    ("scheme_rules", "data"),
    [
        ({"requires_active_cooperative": True}, {}),
        ({"requires_verified_report_last_year": True}, {"report": True}),
        ({"allowed_scales": ["micro", "small"]}, {"enterprise": True}),
        ({"min_business_age_months": 6}, {"started": True}),
    ],
)
def test_application_submit_passes_each_rule_when_met(
    cooperative, officer, today, scheme_rules, data
):
    scheme = SchemeFactory(**scheme_rules)
    if data.get("report"):
        AnnualReportFactory(
            cooperative=cooperative, fiscal_year=today.year - 1, status="verified"
        )
    applicant = {"cooperative": cooperative}
    if data.get("enterprise"):
        applicant = {"enterprise": EnterpriseFactory()}
    if data.get("started"):
        applicant = {
            "enterprise": EnterpriseFactory(),
            "business_started_on": datetime.date(2020, 1, 1),
        }
    application = _create(scheme, officer, **applicant)

    submitted = services.application_submit(application_id=application.pk, by=officer)

    assert all(fact["passed"] for fact in submitted.eligibility)


def test_training_rule_not_checkable_is_recorded_without_blocking(
    cooperative, officer, settings
):
    settings.FINANCING_TRAINING_CHECK = (
        "financing.services.eligibility.training_not_checkable"
    )
    scheme = SchemeFactory(required_training_kind="manajemen_keuangan")
    application = _create(scheme, officer, cooperative=cooperative)

    submitted = services.application_submit(application_id=application.pk, by=officer)

    training = next(f for f in submitted.eligibility if f["rule"] == "training")
    assert training["passed"] is None
    assert "belum dapat diperiksa" in training["detail"]


def _submitted_and_in_review(scheme, cooperative, officer, reviewer):
    application = _create(scheme, officer, cooperative=cooperative)
    submitted = services.application_submit(application_id=application.pk, by=officer)
    services.application_assign_reviewer(
        application_id=application.pk, reviewer=reviewer, by=reviewer
    )
    return submitted


def test_training_rule_asks_the_programs_app_by_default(cooperative, officer, reviewer):
    # The officer is answered from the cooperative's own nominations (none):
    # recorded, not blocking; province staff decide on the province's history.
    scheme = SchemeFactory(required_training_kind="manajemen_keuangan")
    submitted = _submitted_and_in_review(scheme, cooperative, officer, reviewer)

    training = next(f for f in submitted.eligibility if f["rule"] == "training")
    assert training["passed"] is None
    assert "tidak tercatat dalam usulan wilayah Anda" in training["detail"]
    with pytest.raises(ValidationError, match="Belum ada pengurus yang lulus"):
        services.application_approve(application_id=submitted.pk, by=reviewer)


def training_never_completed(*, cooperative_id, kind, today, scope=None):
    return False


def test_training_rule_blocks_when_the_check_says_no(
    cooperative, officer, reviewer, settings
):
    settings.FINANCING_TRAINING_CHECK = (
        "tests.financing.test_services.training_never_completed"
    )
    scheme = SchemeFactory(required_training_kind="manajemen_keuangan")
    submitted = _submitted_and_in_review(scheme, cooperative, officer, reviewer)

    with pytest.raises(ValidationError, match="Belum ada pengurus yang lulus"):
        services.application_approve(application_id=submitted.pk, by=reviewer)


# --- Withdrawal ------------------------------------------------------------------


def test_application_withdraw_until_decided(under_review, officer, reviewer):
    withdrawn = services.application_withdraw(
        application_id=under_review.pk, by=officer, reason="Sudah dapat modal lain"
    )
    assert withdrawn.status == Application.Status.WITHDRAWN

    decided = approved_application()
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services.application_withdraw(application_id=decided.pk, by=officer)


# --- Review and decision ---------------------------------------------------------


def test_assign_reviewer_starts_the_review(draft, officer, reviewer):
    services.application_submit(application_id=draft.pk, by=officer)

    application = services.application_assign_reviewer(
        application_id=draft.pk, reviewer=reviewer, by=reviewer
    )

    assert application.status == Application.Status.UNDER_REVIEW
    assert application.reviewer == reviewer
    assert application.review_started_at is not None


def test_assign_reviewer_refuses_non_staff_and_drafts(draft, officer, reviewer):
    with pytest.raises(ValidationError, match="diajukan atau sedang ditinjau"):
        services.application_assign_reviewer(
            application_id=draft.pk, reviewer=reviewer, by=reviewer
        )
    services.application_submit(application_id=draft.pk, by=officer)

    with pytest.raises(ValidationError) as exc:
        services.application_assign_reviewer(
            application_id=draft.pk, reviewer=UserFactory(), by=reviewer
        )

    assert "reviewer" in exc.value.message_dict


def test_review_update_keeps_checklist_and_notes(under_review, reviewer):
    application = services.application_review_update(
        application_id=under_review.pk,
        by=reviewer,
        checklist={"KTP": True, "NIB": False},
        notes="NIB menyusul",
    )

    assert application.checklist == {"KTP": True, "NIB": False}
    with pytest.raises(ValidationError) as exc:
        services.application_review_update(
            application_id=under_review.pk, by=reviewer, checklist=["KTP"]
        )
    assert "checklist" in exc.value.message_dict


@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_application_approve_refuses_before_review(draft, officer, reviewer, stage):
    if stage == "submitted":
        services.application_submit(application_id=draft.pk, by=officer)

    with pytest.raises(ValidationError, match="sedang ditinjau"):
        services.application_approve(application_id=draft.pk, by=reviewer)

    assert Application.objects.get(pk=draft.pk).status == stage


def test_application_approve_a_lower_amount_with_facts_and_notice(
    under_review, reviewer, officer, today
):
    application = services.application_approve(
        application_id=under_review.pk,
        by=reviewer,
        amount="8000000",
        reason="Sesuai RAB",
    )

    assert application.status == Application.Status.APPROVED
    assert application.approved_amount == Decimal("8000000")
    assert application.budget_year == today.year
    assert application.decided_by == reviewer
    amount_fact = next(f for f in application.eligibility if f["rule"] == "amount")
    assert "Rp8.000.000" in amount_fact["detail"]
    notice = Notification.objects.get(user=officer, kind="financing_approved")
    assert "Rp8.000.000" in notice.body


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12000000", "melebihi nominal permohonan"),
        ("500000", "di luar batas skema"),
        ("7500000.50", "rupiah utuh"),
        ("0", "lebih dari nol"),
    ],
)
def test_application_approve_refuses_amounts(under_review, reviewer, amount, message):
    with pytest.raises(ValidationError) as exc:
        services.application_approve(
            application_id=under_review.pk, by=reviewer, amount=amount
        )

    assert message in exc.value.message_dict["amount"][0]


def test_application_reject_needs_a_reason_and_tells_the_officer(
    under_review, reviewer, officer
):
    with pytest.raises(ValidationError) as exc:
        services.application_reject(
            application_id=under_review.pk, by=reviewer, reason=" "
        )
    assert "reason" in exc.value.message_dict

    rejected = services.application_reject(
        application_id=under_review.pk, by=reviewer, reason="Usaha belum berjalan"
    )

    assert rejected.status == Application.Status.REJECTED
    assert rejected.decision_reason == "Usaha belum berjalan"
    assert Notification.objects.filter(user=officer, kind="financing_rejected").exists()
    with pytest.raises(ValidationError, match="sedang ditinjau"):
        services.application_approve(application_id=rejected.pk, by=reviewer)


def test_every_transition_is_in_the_history(approved):
    reasons = list(
        approved.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )

    assert reasons == ["create", "submit", "assign reviewer", "approve"]


# --- Budget and quota ------------------------------------------------------------


def _in_review(scheme, reviewer, amount="10000000", district_code="64.72"):
    return ApplicationFactory(
        scheme=scheme,
        cooperative=CooperativeFactory(district=district(district_code)),
        amount=Decimal(amount),
        status=Application.Status.UNDER_REVIEW,
        reviewer=reviewer,
    )


def test_approval_beyond_the_year_budget_is_refused(scheme, reviewer, today):
    SchemeBudget.objects.create(
        scheme=scheme, year=today.year, ceiling=Decimal("25000000")
    )
    SchemeBudget.objects.create(scheme=scheme, year=today.year - 1, ceiling=Decimal(1))
    first, second, third = (_in_review(scheme, reviewer) for _ in range(3))
    services.application_approve(application_id=first.pk, by=reviewer)
    services.application_approve(application_id=second.pk, by=reviewer)

    with pytest.raises(ValidationError) as exc:
        services.application_approve(application_id=third.pk, by=reviewer)

    message = exc.value.message_dict["amount"][0]
    assert "Pagu skema Dana Bergulir Uji" in message
    assert "terpakai Rp20.000.000 dari Rp25.000.000, sisa Rp5.000.000" in message
    assert services.application_approve(
        application_id=third.pk, by=reviewer, amount="5000000"
    ).approved_amount == Decimal("5000000")


def test_approval_beyond_the_district_quota_is_refused(scheme, reviewer, today):
    SchemeDistrictQuota.objects.create(
        scheme=scheme,
        year=today.year,
        district=district("64.72"),
        ceiling=Decimal("15000000"),
    )
    samarinda = _in_review(scheme, reviewer)
    services.application_approve(application_id=samarinda.pk, by=reviewer)
    balikpapan = _in_review(scheme, reviewer, district_code="64.71")
    services.application_approve(application_id=balikpapan.pk, by=reviewer)
    second_samarinda = _in_review(scheme, reviewer)

    with pytest.raises(ValidationError) as exc:
        services.application_approve(application_id=second_samarinda.pk, by=reviewer)

    assert "Kuota Kota Samarinda untuk skema" in exc.value.message_dict["amount"][0]
    assert "sisa Rp5.000.000" in exc.value.message_dict["amount"][0]


# --- Documents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("proposal.pdf", PDF, "application/pdf"),
        ("foto-usaha.PNG", PNG, "image/png"),
        ("ktp.jpg", JPEG, "image/jpeg"),
        ("scan-tanpa-ekstensi", PDF, "application/pdf"),
    ],
)
def test_document_add_accepts_pdf_jpeg_png_by_content(
    draft, officer, settings, name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type="text/plain")

    document = services.application_document_add(
        application_id=draft.pk, kind="proposal", file=upload, by=officer
    )

    assert document.content_type == content_type
    assert document.size == len(content)
    assert document.original_name == name
    assert document.file.name.startswith("financing/applications/")
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("proposal.pdf", b"Ini hanya teks biasa, bukan PDF."),
        ("ktp.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("foto.png", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_document_add_refuses_other_content_whatever_its_name(
    draft, officer, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    with pytest.raises(ValidationError) as exc:
        services.application_document_add(
            application_id=draft.pk, kind="id_card", file=upload, by=officer
        )

    assert "PDF, JPEG atau PNG" in exc.value.message_dict["file"][0]
    assert not draft.documents.exists()


def test_document_add_refuses_an_oversized_file(draft, officer, settings):
    settings.FINANCING_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("besar.pdf", PDF + b"0" * 1024)

    with pytest.raises(ValidationError) as exc:
        services.application_document_add(
            application_id=draft.pk, kind="proposal", file=upload, by=officer
        )

    assert "terlalu besar" in exc.value.message_dict["file"][0]


def test_document_add_refused_after_decision(approved, officer):
    with pytest.raises(ValidationError, match="sesudah permohonan diputuskan"):
        services.application_document_add(
            application_id=approved.pk,
            kind="proposal",
            file=SimpleUploadedFile("a.pdf", PDF),
            by=officer,
        )


def test_document_remove_in_draft_deletes_the_file(
    draft, officer, settings, django_capture_on_commit_callbacks
):
    document = services.application_document_add(
        application_id=draft.pk,
        kind="proposal",
        file=SimpleUploadedFile("a.pdf", PDF),
        by=officer,
    )
    path = settings.MEDIA_ROOT / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.application_document_remove(document_id=document.pk, by=officer)

    assert not draft.documents.exists()
    assert not path.exists()
