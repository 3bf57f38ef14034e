"""factory_boy factories with valid defaults, shared by every app's tests."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import factory
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    District,
    Enterprise,
    Person,
)


def district(code: str = "64.72") -> District:
    return District.objects.get(pk=code)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    role = User.Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", "rahasia-kuat-2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = User.Role.STAFF
    is_staff = True
    is_superuser = True


def grant(user: User, *, groups=(), permissions=()) -> User:
    """Put `user` in the financing duty groups named and give the permissions
    ("app_label.codename") directly; the groups are created again if a
    transactional test's flush removed them."""
    from financing.duties import load_duty_groups

    if groups:
        load_duty_groups(Group, Permission)
        user.groups.add(*Group.objects.filter(name__in=groups))
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    # Django caches permissions on the instance: read them again.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


class AgencyStaffFactory(UserFactory):
    """Agency staff who is not a superuser: holds only the duties given, e.g.
    AgencyStaffFactory(groups=["Pemutus pembiayaan"])."""

    role = User.Role.STAFF
    is_staff = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            grant(obj, groups=extracted)

    @factory.post_generation
    def permissions(obj, create, extracted, **kwargs):
        if create and extracted:
            grant(obj, permissions=extracted)


class DistrictUserFactory(UserFactory):
    role = User.Role.DISTRICT
    district = factory.LazyFunction(lambda: district("64.72"))


# PPKKCC DDMMYY NNNN: Samarinda Ulu, born 12-05-1980. Tests also type some of these
# NIKs out; the factory's serials leave those out, so a person a test names never
# collides with one the factory made earlier in the same process.
NIK_PREFIX = "647203120580"
TYPED_SERIALS = {
    serial
    for path in Path(__file__).parent.rglob("*.py")
    for serial in re.findall(NIK_PREFIX + r"(\d{4})", path.read_text())
}
FACTORY_SERIALS = [
    f"{serial:04d}"
    for serial in range(1, 10000)
    if f"{serial:04d}" not in TYPED_SERIALS
]


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nik = factory.Sequence(
        lambda n: NIK_PREFIX + FACTORY_SERIALS[n % len(FACTORY_SERIALS)]
    )
    name = factory.Sequence(lambda n: f"Warga {n}")
    sex = Person.Sex.MALE


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    nik = factory.Sequence(lambda n: f"6472{n:012d}")
    name = factory.Sequence(lambda n: f"Koperasi Uji {n}")
    kind = Cooperative.Kind.CONSUMER
    district = factory.LazyFunction(lambda: district("64.72"))


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    cooperative = factory.SubFactory(CooperativeFactory)
    fiscal_year = 2024
    rat_held_on = factory.LazyAttribute(
        lambda r: datetime.date(r.fiscal_year + 1, 3, 15)
    )
    members_male = 40
    members_female = 35
    officers = 3
    supervisors = 3
    employees = 2
    own_capital = Decimal("250000000.00")
    external_capital = Decimal("50000000.00")
    assets = Decimal("400000000.00")
    business_volume = Decimal("900000000.00")
    surplus = Decimal("25000000.00")
    # Reports come with their PDFs, as the portal submits them.
    minutes_file = factory.django.FileField(data=PDF_BYTES, filename="minutes.pdf")
    financial_statements_file = factory.django.FileField(
        data=PDF_BYTES, filename="financial_statements.pdf"
    )


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    nib = factory.Sequence(lambda n: f"{n:013d}")
    name = factory.Sequence(lambda n: f"Usaha Uji {n}")
    owner = factory.SubFactory(PersonFactory)
    district = factory.LazyFunction(lambda: district("64.72"))
    kbli = "10794"
    business_capital = Decimal("50000000.00")
    annual_revenue = Decimal("300000000.00")


class CooperativeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeRole

    person = factory.SubFactory(PersonFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    role = CooperativeRole.Role.OFFICER
    starts_on = datetime.date(2024, 1, 1)


def officer_of(cooperative: Cooperative, **user_kwargs) -> User:
    """A user with a current officer role in the cooperative."""
    user = UserFactory(**user_kwargs)
    person = PersonFactory(user=user)
    CooperativeRoleFactory(person=person, cooperative=cooperative)
    return user
