"""Who hears about a financing event: the applicant's officers, the district
office of the borrower, agency staff. Each lookup is one query for a whole batch.

The officers of an SME applicant are those of the cooperative it belongs to;
the installment reminders also reach the owner's own account, when the
enterprise has one (`financing.reminders`).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import User
from cooperatives.models import CooperativeRole
from notifications.services import notification_create

APPLICANT_LINK = "/portal/"
# The application (and its loan) in the portal of the cooperative acting for it,
# as SQL's format() takes it: cooperative id, application id.
APPLICATION_LINK_FORMAT = "/portal/koperasi/%s/pembiayaan/%s/"
# The same page in the owner's portal: enterprise id, application id.
OWNER_APPLICATION_LINK_FORMAT = "/portal/usaha/%s/pembiayaan/%s/"
# Where a district user follows up escalated arrears (the district workspace
# has no financing page yet).
DISTRICT_LINK = "/portal/dinas/"


def application_link(application) -> str:
    """The page of the application and its loan, or the portal's home when no
    cooperative acts for it."""
    cooperative_id = application.sponsor_cooperative_id
    if not cooperative_id:
        return APPLICANT_LINK
    return APPLICATION_LINK_FORMAT % (cooperative_id, application.pk)


def officers_by_cooperative(
    cooperative_ids: Iterable[int], *, today: datetime.date
) -> dict[int, list[User]]:
    ids = {pk for pk in cooperative_ids if pk}
    if not ids:
        return {}
    roles = (
        CooperativeRole.objects.current(today)
        .filter(
            cooperative_id__in=ids,
            role=CooperativeRole.Role.OFFICER,
            person__user__is_active=True,
        )
        .select_related("person__user")
        .order_by("cooperative_id", "pk")
    )
    found: dict[int, list[User]] = defaultdict(list)
    for role in roles:
        if role.person.user not in found[role.cooperative_id]:
            found[role.cooperative_id].append(role.person.user)
    return found


def _people():
    """Accounts of people, not the service users behind API tokens."""
    return User.objects.filter(is_active=True, api_token__isnull=True)


def district_users_by_district(codes: Iterable[str]) -> dict[str, list[User]]:
    found: dict[str, list[User]] = defaultdict(list)
    users = _people().filter(role=User.Role.DISTRICT, district_id__in=set(codes))
    for user in users.order_by("pk"):
        found[user.district_id].append(user)
    return found


def agency_staff() -> list[User]:
    return list(
        _people()
        .filter(Q(is_superuser=True) | Q(is_staff=True, role=User.Role.STAFF))
        .order_by("pk")
    )


def owner_application_link(application) -> str:
    return OWNER_APPLICATION_LINK_FORMAT % (application.enterprise_id, application.pk)


def enterprise_owner(application) -> User | None:
    """The account of the SME applicant's owner, when it has an active one."""
    if not application.enterprise_id:
        return None
    owner = application.enterprise.owner_user
    return owner if owner is not None and owner.is_active else None


Text = str | Callable[[], str]


def applicant_notify(application, *, kind: str, title: Text, body: Text) -> int:
    """Tell the officers acting for the applicant and the owner of an SME
    applicant (in-app, and by email after commit). `title` and `body` may be
    functions, called in each recipient's language (dates in words too)."""
    officers = officers_by_cooperative(
        [application.sponsor_cooperative_id], today=timezone.localdate()
    )
    recipients = [
        (user, application_link(application))
        for user in officers.get(application.sponsor_cooperative_id, [])
    ]
    owner = enterprise_owner(application)
    if owner is not None and owner not in [user for user, _link in recipients]:
        recipients.append((owner, owner_application_link(application)))
    for user, link in recipients:
        with translation.override(user.language):
            notification_create(
                user=user,
                kind=kind,
                title=title() if callable(title) else title,
                body=body() if callable(body) else body,
                link=link,
            )
    return len(recipients)
