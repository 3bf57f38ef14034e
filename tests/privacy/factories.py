"""The records the retention sweep looks at, each made to end on a given day,
measured from a `today` 30 years ahead (so every record made now is old)."""

import datetime

from axes.models import (
    AccessAttempt,
    AccessAttemptExpiration,
    AccessFailureLog,
    AccessLog,
)
from django.utils import timezone

from cooperatives.models import (
    AccessRequest,
    Cooperative,
    Enterprise,
    Invitation,
    OwnerSignup,
    Person,
)
from cooperatives.nik_crypto import encrypt_nik, hash_nik
from financing.models import Application, ApplicationDocument
from privacy.retention import Cutoffs, start_of, years_before
from programs.models import Enrolment
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
)
from tests.financing.factories import (
    ApplicationDocumentFactory,
    ApplicationFactory,
    LoanFactory,
)
from tests.programs.factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    ProgramFactory,
)

TODAY = years_before(timezone.localdate(), -30)
CUT = Cutoffs.on(TODAY)
DAY = datetime.timedelta(days=1)


def noon(day: datetime.date) -> datetime.datetime:
    return start_of(day) + datetime.timedelta(hours=12)


def role_ending(day: datetime.date) -> Person:
    return CooperativeRoleFactory(ends_on=day).person


def mentoring_ending(day: datetime.date) -> Person:
    return MentorAssignmentFactory(ends_on=day).mentor


def cooperative_dissolved(day: datetime.date) -> Person:
    """A role never ended, in a cooperative dissolved on `day`."""
    cooperative = CooperativeFactory(status=Cooperative.Status.DISSOLVED)
    person = CooperativeRoleFactory(cooperative=cooperative).person
    Cooperative.history.filter(id=cooperative.pk).update(history_date=noon(day))
    return person


def _former_owner() -> tuple[Person, Enterprise]:
    owner = PersonFactory()
    enterprise = EnterpriseFactory(owner=owner)
    enterprise.owner = PersonFactory()
    enterprise.owner_name = ""
    enterprise.save()
    return owner, enterprise


def ownership_ending(day: datetime.date) -> Person:
    owner, enterprise = _former_owner()
    Enterprise.history.filter(id=enterprise.pk).update(history_date=noon(day))
    return owner


def program_ending(day: datetime.date) -> Person:
    program = ProgramFactory(starts_on=day - 3 * DAY, ends_on=day)
    return EnrolmentFactory(
        program=program,
        cooperative=None,
        person=PersonFactory(),
        status=Enrolment.Status.COMPLETED,
    ).person


def loan_closing(day: datetime.date) -> Person:
    """The loan of an enterprise the person owned, paid off on `day`."""
    owner, enterprise = _former_owner()
    LoanFactory(
        application__cooperative=None,
        application__enterprise=enterprise,
        closed_on=day,
        outstanding_principal=0,
        oldest_unpaid_due_on=None,
    )
    return owner


def invitation(**fields) -> Invitation:
    fields = {
        "kind": Invitation.Kind.DISTRICT,
        "email": "undangan@example.id",
        "name": "Budi Santoso",
        "district": district(),
        "token_hash": f"{Invitation.objects.count() + 1:064x}",
        "expires_at": timezone.now() + datetime.timedelta(days=7),
        "sent_at": timezone.now(),
    } | fields
    return Invitation.objects.create(**fields)


def refused_request(decided_at: datetime.datetime) -> AccessRequest:
    return AccessRequest.objects.create(
        cooperative_nik="6472000000000001",
        nik_encrypted=encrypt_nik("6472035506900002"),
        name="Siti Aminah",
        email="siti@example.id",
        status=AccessRequest.Status.REFUSED,
        reason="Bukan pengurus.",
        decided_at=decided_at,
    )


def owner_signup(created_at: datetime.datetime) -> OwnerSignup:
    signup = OwnerSignup.objects.create(
        kind=OwnerSignup.Kind.UNMATCHED,
        nib="1234567890123",
        nik_encrypted=encrypt_nik("6472035506900002"),
        nik_hash=hash_nik("6472035506900002"),
        code_hash="x",
        expires_at=timezone.now(),
    )
    OwnerSignup.objects.filter(pk=signup.pk).update(created_at=created_at)
    return signup


def document_of_loan_closing(day: datetime.date) -> ApplicationDocument:
    """An ID-card scan, its file stored, of an application whose loan was paid
    off on `day`."""
    loan = LoanFactory(
        closed_on=day, outstanding_principal=0, oldest_unpaid_due_on=None
    )
    return ApplicationDocumentFactory(application=loan.application)


def document_of_rejection(day: datetime.date) -> ApplicationDocument:
    """The same, of an application rejected (its last change) on `day`."""
    application = ApplicationFactory(
        status=Application.Status.REJECTED, decision_reason="Usaha belum berjalan."
    )
    document = ApplicationDocumentFactory(application=application)
    Application.objects.filter(pk=application.pk).update(updated_at=noon(day))
    return document


def login_logs(at: datetime.datetime) -> list:
    """A login, a failed one and the lockout counter (with its expiry) of `at`."""
    fields = {
        "username": "budi",
        "ip_address": "10.1.2.3",
        "user_agent": f"uji {AccessAttempt.objects.count()}",
        "http_accept": "*/*",
        "path_info": "/masuk/",
    }
    attempt = AccessAttempt.objects.create(
        **fields, get_data="", post_data="", failures_since_start=3
    )
    AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=at)
    logs = [
        attempt,
        AccessFailureLog.objects.create(**fields),
        AccessLog.objects.create(**fields),
    ]
    for log in logs:
        type(log).objects.filter(pk=log.pk).update(attempt_time=at)
    return logs
