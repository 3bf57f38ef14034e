"""The applicant's side: create and edit a draft, attach documents, submit it
(the eligibility check), withdraw it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from core.history import history_note
from core.uploads import stored_files_delete_after_commit

from ..models import (
    Application,
    ApplicationDocument,
    ApplicationSequence,
    application_number,
)
from ..validators import validate_document
from .eligibility import Applicant, Fact, application_facts, failures
from .guards import application_lock, expect_status, whole_rupiah
from .offers import scheme_refusal

# The request itself, in the order the forms show it (the admin's too).
REQUEST_FIELDS = (
    "amount",
    "tenor_months",
    "purpose",
    "business_description",
    "use_of_funds",
    "repayment_source",
    "monthly_revenue",
    "business_started_on",
)
EDITABLE_FIELDS = {"scheme", *REQUEST_FIELDS}
APPLICANT_FIELDS = {"cooperative", "enterprise"}
# Failed rules shown on the form field they are about; the others on the form.
RULE_FIELDS = {"amount": "amount", "tenor": "tenor_months"}
WITHDRAWABLE = (
    Application.Status.DRAFT,
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
)
DOCUMENTS_OPEN = WITHDRAWABLE


class EligibilityError(ValidationError):
    """A submission refused by the scheme's rules; `failed` holds the facts (the
    API answers them under `eligibility`, the portal on the form's fields)."""

    def __init__(self, errors, failed: list[Fact]):
        super().__init__(errors)
        self.failed = failed


def eligibility_error(failed: list[Fact]) -> EligibilityError:
    """Each failed rule as its own message, coded with the rule's name."""
    errors: dict[str, list[ValidationError]] = {}
    for fact in failed:
        field = RULE_FIELDS.get(fact.rule, "__all__")
        errors.setdefault(field, []).append(
            ValidationError(fact.detail, code=fact.rule)
        )
    return EligibilityError(errors, failed)


def _next_number(year: int) -> str:
    """The next number of the year. The counter row stays locked until the
    caller's transaction ends, so a failed insert gives its number back."""
    ApplicationSequence.objects.bulk_create(
        [ApplicationSequence(year=year)], ignore_conflicts=True
    )
    sequence = ApplicationSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return application_number(year, sequence.last)


def _check_scheme_open(application: Application) -> None:
    if application.scheme_id and not application.scheme.is_open:
        raise ValidationError(
            {"scheme": _("Skema ini sedang tidak menerima permohonan.")}
        )


def _check_scheme_for_applicant(application: Application, by) -> None:
    """No draft for a scheme the applicant cannot use: each failed rule is
    named under `scheme`."""
    if not application.scheme_id or not (
        application.cooperative_id or application.enterprise_id
    ):
        return
    failed = scheme_refusal(
        application.scheme,
        Applicant.of(application),
        today=timezone.localdate(),
        scope=Scope.for_user(by) if by is not None else None,
    )
    if failed:
        raise ValidationError(
            {"scheme": [ValidationError(f.detail, code=f.rule) for f in failed]}
        )


def _check_fields(data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            {name: _("Isian ini tidak dapat diubah.") for name in sorted(unknown)}
        )


@transaction.atomic
def application_create(*, data: dict, by) -> Application:
    """A draft for a cooperative or an SME; it gets its number now."""
    _check_fields(data, EDITABLE_FIELDS | APPLICANT_FIELDS)
    application = Application(**data, created_by=by)
    if "amount" in data:
        application.amount = whole_rupiah("amount", data["amount"])
    applicant = application.cooperative or application.enterprise
    if applicant is not None:
        application.district_id = applicant.district_id
    _check_scheme_open(application)
    _check_scheme_for_applicant(application, by)
    application.full_clean(exclude=["number", "district"])
    application.number = _next_number(timezone.localdate().year)
    history_note(application, reason="create", by=by)
    application.save()
    return application


@transaction.atomic
def application_update(*, application_id: int, data: dict, by) -> Application:
    application = application_lock(application_id)
    expect_status(
        application,
        (Application.Status.DRAFT,),
        _("Permohonan yang sudah diajukan tidak dapat diubah."),
    )
    _check_fields(data, EDITABLE_FIELDS)
    for name, value in data.items():
        setattr(application, name, value)
    if "amount" in data:
        application.amount = whole_rupiah("amount", data["amount"])
    _check_scheme_open(application)
    if "scheme" in data:
        _check_scheme_for_applicant(application, by)
    application.full_clean()
    history_note(application, reason="update", by=by)
    application.save()
    return application


@transaction.atomic
def application_document_add(
    *, application_id: int, kind: str, file, by
) -> ApplicationDocument:
    """Attach a PDF, JPEG or PNG (checked by its content and size)."""
    application = application_lock(application_id)
    expect_status(
        application,
        DOCUMENTS_OPEN,
        _("Dokumen tidak dapat ditambahkan sesudah permohonan diputuskan."),
    )
    content_type = validate_document(file)
    document = ApplicationDocument(
        application=application,
        kind=kind,
        content_type=content_type,
        size=file.size,
        original_name=(getattr(file, "name", "") or "")[:255],
        uploaded_by=by,
    )
    document.file = file
    document.full_clean(exclude=["file"])
    history_note(document, by=by)
    document.save()
    return document


@transaction.atomic
def application_document_remove(*, document_id: int, by) -> None:
    document = ApplicationDocument.objects.select_related("application").get(
        pk=document_id
    )
    application_lock(document.application_id)
    expect_status(
        document.application,
        (Application.Status.DRAFT,),
        _("Dokumen hanya dapat dihapus selama permohonan masih draf."),
    )
    stored_files_delete_after_commit(document.file.storage, [document.file.name])
    history_note(document, by=by)
    document.delete()


@transaction.atomic
def application_submit(*, application_id: int, by) -> Application:
    """Run the scheme's eligibility rules; every failed rule is stated. Rules
    that read people's records read only the submitter's scope: province staff
    check them on the province's records again when they approve."""
    application = application_lock(application_id)
    expect_status(
        application,
        (Application.Status.DRAFT,),
        _("Hanya permohonan draf yang dapat diajukan."),
    )
    _check_scheme_open(application)
    facts = application_facts(
        application, today=timezone.localdate(), scope=Scope.for_user(by)
    )
    failed = failures(facts)
    if failed:
        raise eligibility_error(failed)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.eligibility = [fact.as_dict() for fact in facts]
    application.full_clean()
    history_note(application, reason="submit", by=by)
    application.save()
    return application


@transaction.atomic
def application_withdraw(*, application_id: int, by, reason: str = "") -> Application:
    application = application_lock(application_id)
    expect_status(
        application,
        WITHDRAWABLE,
        _("Permohonan yang sudah diputuskan tidak dapat dibatalkan."),
    )
    application.status = Application.Status.WITHDRAWN
    application.withdrawal_reason = (reason or "").strip()
    application.full_clean()
    history_note(application, reason="withdraw", by=by)
    application.save()
    return application
