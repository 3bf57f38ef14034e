"""The three demo accounts (SPEC 6.3): staff, the demo cooperative's officer and a
district office, with the password `demo_logins` prints.
"""

import datetime
import os
from dataclasses import dataclass

from accounts.models import User
from cooperatives.models import Cooperative, CooperativeRole, Person

from .shape import (
    DEFAULT_PASSWORD,
    DEMO_COOPERATIVE_NAME,
    DEMO_DISTRICT,
    DEMO_OFFICER_NIK,
    EMAIL_DOMAIN,
    PASSWORD_ENV,
    POSITIONS,
    ROLES,
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    description: str  # printed by `demo_logins`
    is_staff: bool = False
    district_code: str | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


STAFF = DemoAccount(
    "staf.demo", User.Role.STAFF, "staf dinas provinsi (admin)", is_staff=True
)
OFFICER = DemoAccount(
    "pengurus.demo", User.Role.OFFICER, f"pengurus {DEMO_COOPERATIVE_NAME}"
)
DISTRICT = DemoAccount(
    "dinas.samarinda",
    User.Role.DISTRICT,
    "staf dinas Kota Samarinda",
    district_code=DEMO_DISTRICT,
)
DEMO_ACCOUNTS = (STAFF, OFFICER, DISTRICT)


def demo_password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


def _user(account: DemoAccount, password: str) -> User:
    user, _created = User.objects.get_or_create(username=account.username)
    user.email = account.email
    user.role = account.role
    user.is_staff = user.is_superuser = account.is_staff
    user.district_id = account.district_code
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _link_demo_officer(user: User, cooperative: Cooperative, today) -> None:
    """`pengurus.demo` chairs the demo cooperative through its person's role."""
    person, _created = Person.objects.get_or_create_by_nik(
        DEMO_OFFICER_NIK, name="Siti Rahmawati", sex=Person.Sex.FEMALE
    )
    if person.user_id != user.pk or person.email != user.email:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user, person.email = user, user.email
        person.save(update_fields=["user", "email"])
    CooperativeRole.objects.get_or_create(
        person=person,
        cooperative=cooperative,
        role=ROLES.OFFICER,
        ends_on=None,
        defaults={
            "position": POSITIONS.CHAIR,
            "starts_on": datetime.date(today.year - 1, 3, 20),
        },
    )
