"""What has passed its retention period: the privacy notice (/privasi/, "Berapa
lama kami menyimpannya", UU 27/2022) written as queries for one day. The sweep
that acts on them is privacy.services.retention_sweep.

A period has passed when its end is *before* the cutoff, the same calendar day
N years back (29 February counts from 28 February): a role that ended on
5 December 2021 is kept through 5 December 2026 and anonymised from the 6th.

People (cooperatives.Person) are anonymised once every link has passed:

- a role in a cooperative (officer, supervisor, manager, employee, member):
  5 years after its end, or after its cooperative was dissolved. When it was
  dissolved is not recorded: the cooperative's last recorded change (its
  history) stands for it, which is never earlier;
- a mentoring assignment (programs.MentorAssignment): like a role;
- owning an enterprise: while the enterprise names the person as owner; then
  5 years after the last recorded change of every enterprise the person ever
  owned (a changed owner, a deletion; the history again);
- an enrolment (any status): 10 years after its program ended;
- financing of an enterprise the person owns or owned: 10 years after its loan
  was paid off or written off; an application without a loan that was
  rejected, withdrawn or left a draft, 10 years after its last change; one
  still in progress keeps the person;
- an active portal account keeps the person (a deactivated one does not: the
  account has its own period, below);
- a person recorded but never linked: 5 years after being recorded.

Portal accounts are erased 2 years after their deactivation (User.deactivated_at;
an inactive account without one is stamped by the sweep, so its period starts
then). The `sistem` account, inactive by design, never is.

Invitations revoked, or expired without being accepted, and access requests
decided (approved or refused) are deleted 1 year later, with their history, as
are access requests left undecided for a year since they were made;
so are the sign-ups of enterprise owners (their one-time codes expire within
the hour), 1 year after they were made. An accepted invitation is deleted with
the account it opened or the person it named.

Login records (django-axes: usernames and addresses of logins, failed ones and
the lockout counters) are deleted 1 year after the attempt. The documents
uploaded with a financing application (identity-card scans among them) are
deleted, files too, when the application's period (financing, above) has passed.
"""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.system_actor import SYSTEM_USERNAME
from cooperatives.models import (
    AccessRequest,
    Cooperative,
    CooperativeRole,
    Enterprise,
    Invitation,
    OwnerSignup,
    Person,
)
from financing.models import Application, ApplicationDocument
from programs.models import Enrolment, MentorAssignment

LINK_YEARS = 5
TRAINING_YEARS = 10
FINANCING_YEARS = 10
ACCOUNT_YEARS = 2
REQUEST_YEARS = 1
LOGIN_YEARS = 1
# An application without a loan in one of these has ended at its last change.
ENDED_WITHOUT_LOAN = (
    Application.Status.DRAFT,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight opening `day` in the agency's time zone: a moment before it
    falls on an earlier day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Cutoffs:
    """For each period, the first day still inside it on `today`."""

    links: datetime.date
    training: datetime.date
    financing: datetime.date
    accounts: datetime.date
    requests: datetime.date
    logins: datetime.date

    @classmethod
    def on(cls, today: datetime.date) -> "Cutoffs":
        return cls(
            links=years_before(today, LINK_YEARS),
            training=years_before(today, TRAINING_YEARS),
            financing=years_before(today, FINANCING_YEARS),
            accounts=years_before(today, ACCOUNT_YEARS),
            requests=years_before(today, REQUEST_YEARS),
            logins=years_before(today, LOGIN_YEARS),
        )


# Each rule below is an uncorrelated set or an Exists correlated one level
# deep only, so PostgreSQL runs every one as a single (anti-)join over its
# table: the work grows with the tables, not with people times links.


def _dissolved_long_ago(cut: Cutoffs) -> QuerySet:
    """Dissolved cooperatives whose last recorded change (their dissolution or
    later) is before the cutoff; one without any history is not among them."""
    history = Cooperative.history.model.objects
    return (
        Cooperative.objects.filter(
            status=Cooperative.Status.DISSOLVED, pk__in=history.values("id")
        )
        .exclude(
            pk__in=history.filter(history_date__gte=start_of(cut.links)).values("id")
        )
        .values("pk")
    )


def _roles_in_period(cut: Cutoffs) -> QuerySet:
    return (
        CooperativeRole.objects.filter(person=OuterRef("pk"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=cut.links))
        .exclude(cooperative_id__in=_dissolved_long_ago(cut))
    )


def _owned(enterprise_ids: QuerySet) -> QuerySet:
    """The outer person owned, at some time, one of these enterprises."""
    return Enterprise.history.model.objects.filter(
        owner_id=OuterRef("pk"), id__in=enterprise_ids
    )


def _applications_in_period(cut: Cutoffs) -> QuerySet:
    """The applications whose period runs."""
    in_period = (
        Q(loan__isnull=False, loan_ended__isnull=True)
        | Q(loan_ended__gte=cut.financing)
        | (
            Q(loan__isnull=True)
            & (
                ~Q(status__in=ENDED_WITHOUT_LOAN)
                | Q(updated_at__gte=start_of(cut.financing))
            )
        )
    )
    return Application.objects.annotate(
        loan_ended=Coalesce("loan__closed_on", "loan__written_off_on")
    ).filter(in_period)


def _financing_in_period(cut: Cutoffs) -> QuerySet:
    """The enterprises with an application whose period runs."""
    return (
        _applications_in_period(cut)
        .filter(enterprise__isnull=False)
        .values("enterprise_id")
    )


def persons_due(cut: Cutoffs) -> QuerySet:
    """The people not yet anonymised every link of whom has passed its period."""
    changed_lately = Enterprise.history.model.objects.filter(
        history_date__gte=start_of(cut.links)
    ).values("id")
    mentoring = MentorAssignment.objects.filter(mentor=OuterRef("pk")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=cut.links)
    )
    training = Enrolment.objects.filter(
        person=OuterRef("pk"), program__ends_on__gte=cut.training
    )
    # An invitation still open names someone about to work here again; one
    # accepted opened an account that, while active, is the person's access.
    invited = Invitation.objects.filter(person=OuterRef("pk")).filter(
        Q(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gte=start_of(cut.requests),
        )
        | Q(accepted_at__isnull=False, user__is_active=True)
    )
    return (
        Person.objects.filter(
            anonymised_at__isnull=True, created_at__lt=start_of(cut.links)
        )
        .filter(Q(user__isnull=True) | Q(user__is_active=False))
        .exclude(Exists(_roles_in_period(cut)))
        .exclude(Exists(mentoring))
        .exclude(Exists(Enterprise.objects.filter(owner=OuterRef("pk"))))
        .exclude(Exists(_owned(changed_lately)))
        .exclude(Exists(training))
        .exclude(Exists(invited))
        .exclude(Exists(_owned(_financing_in_period(cut))))
    )


def accounts_due(cut: Cutoffs) -> QuerySet:
    return User.objects.filter(
        is_active=False,
        erased_at__isnull=True,
        deactivated_at__lt=start_of(cut.accounts),
    ).exclude(username=SYSTEM_USERNAME)


def invitations_due(cut: Cutoffs) -> QuerySet:
    before = start_of(cut.requests)
    lapsed = Q(revoked_at__lt=before) | Q(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lt=before
    )
    # Accepted: it goes with the account it opened, or the person it named.
    with_account = Q(user__erased_at__isnull=False) | Q(
        user__in=accounts_due(cut).values("pk")
    )
    # Only accepted ones whose account is no longer active: an open invitation
    # is left to `lapsed`, and an active account's invitation grants its access.
    with_person = (
        Q(accepted_at__isnull=False)
        & ~Q(user__is_active=True)
        & (
            Q(person__anonymised_at__isnull=False)
            | Q(person__in=persons_due(cut).values("pk"))
        )
    )
    return Invitation.objects.filter(lapsed | with_account | with_person)


def access_requests_due(cut: Cutoffs) -> QuerySet:
    before = start_of(cut.requests)
    decided = Q(
        status__in=(AccessRequest.Status.APPROVED, AccessRequest.Status.REFUSED),
        decided_at__lt=before,
    )
    lapsed = Q(status=AccessRequest.Status.OPEN, created_at__lt=before)
    return AccessRequest.objects.filter(decided | lapsed)


def owner_signups_due(cut: Cutoffs) -> QuerySet:
    return OwnerSignup.objects.filter(created_at__lt=start_of(cut.requests))


def documents_due(cut: Cutoffs) -> QuerySet:
    """The documents of the applications whose period has passed."""
    return ApplicationDocument.objects.exclude(
        application__in=_applications_in_period(cut).values("pk")
    )


def login_logs_due(cut: Cutoffs) -> tuple[QuerySet, ...]:
    before = start_of(cut.logins)
    return tuple(
        model.objects.filter(attempt_time__lt=before)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
