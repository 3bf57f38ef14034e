"""The retention sweep: what privacy.retention finds past its period is acted on,
kind by kind, each in one set-based statement (no query per person), and every
kind acted on leaves one audit record (audit.PersonalDataAccess, action
`retention`: the kind, how many, when).

    person   → anonymised (the row stays: counts, certificates and loans keep
               their integrity) → its copies on links and in history too
    account  → inactive → erased 2 years after deactivation (the row stays as
               the actor the history names)
    invitation, access request, owner sign-up → deleted, with their history
    application document → deleted, with its history, and its file (once the
               sweep has committed)
    login records (django-axes) → deleted

Anonymising a person: the name becomes Person.ANONYMISED_NAME, the NIK's
ciphertext is emptied and its keyed hash replaced by a random one (the column
must stay unique and never empty: it no longer matches any NIK), phone, email
and the account link are cleared; the sex stays (the statistics count by it).
The same fields are cleared in the person's history rows, the name the
cooperatives, enrolments and enterprises recorded of them (live rows and
history) becomes the neutral name, so the certificate page shows no name; the
name reconciliations that named them are deleted.

Erasing an account: username `dihapus-<id>`, no name, email, password or last
login; its WhatsApp/SMS number, second-factor devices and notifications are
deleted and no person points at it any more.
"""

import datetime
from functools import partial

from axes.models import AccessAttempt, AccessAttemptExpiration
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.system_actor import SYSTEM_USERNAME
from audit.models import PersonalDataAccess
from cooperatives.models import (
    AccessRequest,
    CooperativeRole,
    Enterprise,
    Invitation,
    Person,
    PersonReconciliation,
)
from financing.models import ApplicationDocument
from notifications.models import Notification, PhoneNumber
from programs.models import Enrolment

from . import retention

KINDS = (
    "persons",
    "accounts",
    "invitations",
    "access_requests",
    "owner_signups",
    "documents",
    "login_logs",
)
ERASED_USERNAME_PREFIX = "dihapus-"
# A keyed hash no NIK has: 64 hex characters of a random value, per row.
RANDOM_HASH = "encode(sha256(gen_random_uuid()::text::bytea), 'hex')"


def retention_due(
    *, today: datetime.date
) -> dict[str, QuerySet | tuple[QuerySet, ...]]:
    """Per kind, what is due: a query set, or a tuple of them (login records)."""
    cut = retention.Cutoffs.on(today)
    return {
        "persons": retention.persons_due(cut),
        "accounts": retention.accounts_due(cut),
        "invitations": retention.invitations_due(cut),
        "access_requests": retention.access_requests_due(cut),
        "owner_signups": retention.owner_signups_due(cut),
        "documents": retention.documents_due(cut),
        "login_logs": retention.login_logs_due(cut),
    }


@transaction.atomic
def retention_sweep(
    *, today: datetime.date | None = None, dry_run: bool = False
) -> dict[str, int]:
    """How many of each kind were acted on (or, in a dry run, would be: then
    nothing is changed and nothing recorded)."""
    today = today or timezone.localdate()
    if dry_run:
        return {
            kind: sum(q.count() for q in due) if isinstance(due, tuple) else due.count()
            for kind, due in retention_due(today=today).items()
        }
    now = timezone.now()
    # Switched off (or on again) by a path that did not say when: the period
    # starts now (and a stale start never shortens a later one).
    User.objects.filter(is_active=False, deactivated_at__isnull=True).update(
        deactivated_at=now
    )
    User.objects.filter(is_active=True, deactivated_at__isnull=False).update(
        deactivated_at=None
    )
    due = retention_due(today=today)
    done = {
        "persons": _persons_anonymise(due["persons"], now=now),
        "accounts": _accounts_erase(due["accounts"], now=now),
    }
    # After the two above: accepted invitations go with their account/person.
    for kind in ("invitations", "access_requests"):
        done[kind] = _delete_with_history(due[kind])
    done["owner_signups"] = due["owner_signups"].delete()[0]
    done["documents"] = _documents_delete(due["documents"])
    done["login_logs"] = _login_logs_delete(due["login_logs"])
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            at=now,
            actor=SYSTEM_USERNAME,
            action=PersonalDataAccess.Action.RETENTION,
            export_kind=kind,
            rows=count,
        )
        for kind, count in done.items()
        if count
    )
    return done


def _persons_anonymise(due: QuerySet, *, now: datetime.datetime) -> int:
    name = Person.ANONYMISED_NAME
    # anonymised_at is checked again on the row itself: a sweep running at the
    # same time, once committed, leaves this one nothing to redo.
    count = Person.objects.filter(
        anonymised_at__isnull=True, pk__in=due.values("pk")
    ).update(
        anonymised_at=now,
        name=name,
        phone="",
        email="",
        user=None,
        nik_encrypted=b"",
        nik_hash=RawSQL(RANDOM_HASH, ()),  # noqa: S611 a constant
    )
    if not count:
        return 0
    ids = Person.objects.filter(anonymised_at=now).values("pk")
    Person.history.filter(id__in=ids).update(
        name=name, phone="", email="", user=None, nik_encrypted=b"", nik_hash=""
    )
    for model, prefix in ((CooperativeRole, "person"), (Enrolment, "participant")):
        blank = {f"{prefix}_name": name, f"{prefix}_phone": "", f"{prefix}_email": ""}
        model.objects.filter(person__in=ids).update(**blank)
        model.history.filter(person_id__in=ids).update(**blank)
    Enterprise.history.filter(owner_id__in=ids).update(owner_name=name)
    _admin_log_anonymise(ids, name)
    PersonReconciliation.objects.filter(person__in=ids).delete()
    return count


def _admin_log_anonymise(ids: QuerySet, name: str) -> None:
    """The admin's change log keeps each object's str(): a person's name, an
    enrolment's participant. Its object ids are text."""
    as_text = {"text_pk": Cast("pk", CharField())}
    for model, object_ids in (
        (Person, Person.objects.filter(pk__in=ids)),
        (Enrolment, Enrolment.objects.filter(person__in=ids)),
    ):
        LogEntry.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id__in=object_ids.annotate(**as_text).values("text_pk"),
        ).update(object_repr=name)


def _accounts_erase(due: QuerySet, *, now: datetime.datetime) -> int:
    count = User.objects.filter(erased_at__isnull=True, pk__in=due.values("pk")).update(
        erased_at=now,
        username=Concat(Value(ERASED_USERNAME_PREFIX), Cast("pk", CharField())),
        first_name="",
        last_name="",
        email="",
        password=make_password(None),  # unusable: matches no password
        last_login=None,
    )
    if not count:
        return 0
    erased = User.objects.filter(erased_at=now).values("pk")
    for model in (PhoneNumber, TOTPDevice, StaticDevice, Notification):
        model.objects.filter(user__in=erased).delete()
    Person.objects.filter(user__in=erased).update(user=None)
    return count


def _delete_with_history(due: QuerySet) -> int:
    """Deleted in one statement each, the history first: a delete through the
    ORM would write one more history row per record (with the very data being
    deleted) and run a query per record."""
    ids = due.values("pk")
    due.model.history.filter(id__in=ids).delete()
    if due.model is Invitation:  # the requests that led to invitations
        AccessRequest.objects.filter(invitation__in=ids).update(invitation=None)
    return due._raw_delete(due.db)


def _documents_delete(due: QuerySet) -> int:
    """The rows as above, by the ids read with their files; each file through
    the storage (local disk or S3), one call each, only once the sweep has
    committed: a sweep rolled back keeps every file its rows still name."""
    rows = dict(due.values_list("pk", "file"))
    if not rows:
        return 0
    history = ApplicationDocument.history.filter(id__in=list(rows))
    names = set(rows.values()) | set(history.values_list("file", flat=True))
    history.delete()
    count = ApplicationDocument.objects.filter(pk__in=list(rows))._raw_delete(due.db)
    storage = ApplicationDocument._meta.get_field("file").storage
    for name in sorted(filter(None, names)):
        transaction.on_commit(partial(storage.delete, name), robust=True)
    return count


def _login_logs_delete(due: tuple[QuerySet, ...]) -> int:
    """One statement per table; an attempt's expiry row (axes) goes first. The
    database handler of axes does nothing when an attempt is deleted."""
    count = 0
    for logs in due:
        if logs.model is AccessAttempt:
            expiries = AccessAttemptExpiration.objects.filter(access_attempt__in=logs)
            expiries._raw_delete(expiries.db)
        count += logs._raw_delete(logs.db)
    return count
