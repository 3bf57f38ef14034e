import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.scope import Scope
from cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    District,
    Enterprise,
    Person,
)
from cooperatives.rules import sme_scale
from cooperatives.validators import validate_person_nik
from demo import registry as demo

pytestmark = pytest.mark.django_db

SMALL = {"cooperatives": 40, "enterprises": 120, "years": 3}
MODELS = (Cooperative, AnnualReport, Enterprise, Person, CooperativeRole, User)


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_twice_gives_the_same_counts():
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first["Cooperative"] == SMALL["cooperatives"] + 1  # and the demo one
    assert first["Enterprise"] == SMALL["enterprises"]
    assert first["AnnualReport"] > 0
    assert first["CooperativeRole"] > first["Cooperative"]


def test_seed_demo_prints_a_summary():
    output = seed()

    assert "Data demo siap" in output
    assert f"UMKM: {SMALL['enterprises']}" in output


def test_seed_demo_creates_the_demo_accounts_with_the_password(monkeypatch):
    password = "sandi-demo-lain-2026"
    monkeypatch.setenv("DEMO_PASSWORD", password)

    seed()

    staff = User.objects.get(username="staf.demo")
    officer = User.objects.get(username="pengurus.demo")
    district = User.objects.get(username="dinas.samarinda")
    assert (staff.role, staff.is_staff, staff.is_superuser) == ("staff", True, True)
    assert (officer.role, officer.is_staff) == ("officer", False)
    assert (district.role, district.district_id, district.is_staff) == (
        "district",
        "64.72",
        False,
    )
    assert all(u.check_password(password) for u in (staff, officer, district))
    assert staff.email == "staf.demo@kukm.example.id"


def test_seed_demo_resets_the_password_on_every_run(monkeypatch):
    seed()
    monkeypatch.setenv("DEMO_PASSWORD", "sandi-berikutnya-2026")

    seed()

    assert User.objects.get(username="staf.demo").check_password(
        "sandi-berikutnya-2026"
    )


def test_seed_demo_officer_sees_exactly_the_demo_cooperative():
    seed()
    officer = User.objects.get(username="pengurus.demo")

    visible = Cooperative.objects.restrict(Scope.for_user(officer))

    assert list(visible.values_list("name", flat=True)) == ["Koperasi Demo Sejahtera"]
    role = CooperativeRole.objects.get(person__user=officer)
    assert (role.role, role.position, role.ends_on) == ("officer", "chair", None)


def test_seed_demo_district_user_sees_only_samarinda():
    seed()
    district_user = User.objects.get(username="dinas.samarinda")

    visible = Cooperative.objects.restrict(Scope.for_user(district_user))

    assert visible.exists()
    assert set(visible.values_list("district_id", flat=True)) == {"64.72"}


def test_seed_demo_cooperative_is_active_with_last_year_unfiled():
    seed()
    today = timezone.localdate()
    cooperative = Cooperative.objects.get(name="Koperasi Demo Sejahtera")

    years = set(cooperative.annual_reports.values_list("fiscal_year", flat=True))

    assert cooperative.district_id == "64.72"
    assert cooperative.sub_district_id.startswith("64.72.")
    assert cooperative.is_active
    assert today.year - 1 not in years
    assert {today.year - 3, today.year - 2} <= years
    assert set(cooperative.annual_reports.values_list("status", flat=True)) == {
        "verified"
    }


def test_seed_demo_every_district_has_active_and_inactive_cooperatives():
    seed(cooperatives=60)
    year = timezone.localdate().year

    for district in District.objects.all():
        registered = Cooperative.objects.registered().filter(district=district)
        assert registered.active_in(year).exists(), district.code
        assert registered.inactive_in(year).exists(), district.code


def test_seed_demo_every_district_has_every_scale():
    seed()

    found = set(Enterprise.objects.values_list("district_id", "scale").distinct())

    expected = {
        (district, scale)
        for district in District.objects.values_list("code", flat=True)
        for scale in Enterprise.Scale.values
    }
    assert found == expected


def test_seed_demo_scale_follows_the_figures():
    seed()

    for enterprise in Enterprise.objects.all():
        assert enterprise.scale == sme_scale(
            annual_revenue=enterprise.annual_revenue,
            business_capital=enterprise.business_capital,
        )


def test_seed_demo_last_rat_on_matches_the_verified_reports():
    seed()

    for cooperative in Cooperative.objects.prefetch_related("annual_reports"):
        verified = [
            report.rat_held_on
            for report in cooperative.annual_reports.all()
            if report.status == AnnualReport.Status.VERIFIED
        ]
        assert cooperative.last_rat_on == max(verified, default=None)


def test_seed_demo_reports_are_valid_snapshots():
    seed()
    today = timezone.localdate()

    reports = AnnualReport.objects.select_related("cooperative", "verified_by")

    statuses = {report.status for report in reports}
    if today >= datetime.date(today.year, 3, 1):  # last year's RATs have begun
        assert statuses == set(AnnualReport.Status.values)
    for report in reports:
        report.full_clean()
        assert report.district_id == report.cooperative.district_id
        assert report.cooperative.established_on.year <= report.fiscal_year
        assert report.fiscal_year < today.year
        if report.status == AnnualReport.Status.VERIFIED:
            assert report.cooperative_name == report.cooperative.name
            assert report.cooperative_kind == report.cooperative.kind
            assert report.rat_held_on.year == report.fiscal_year + 1
            assert report.rat_held_on <= today
            assert report.verified_by.username == "staf.demo"


def test_seed_demo_rows_pass_model_validation():
    seed()

    for model in (Cooperative, Enterprise, Person, CooperativeRole):
        for row in model.objects.order_by("?")[:40]:
            row.full_clean()


def test_seed_demo_person_niks_are_valid():
    seed()

    people = list(Person.objects.all())

    assert people
    for person in people:
        validate_person_nik(person.nik)
    found = Person.objects.niks_in(person.nik for person in people)  # bulk hashes
    assert found == {person.nik: person.pk for person in people}
    assert all(
        (int(person.nik[6:8]) > 40) == (person.sex == "female") for person in people
    )


def test_seed_demo_sub_districts_belong_to_their_district():
    seed()

    for model in (Cooperative, Enterprise):
        for district, sub_district in model.objects.values_list(
            "district_id", "sub_district_id"
        ):
            assert sub_district.startswith(district + ".")


def test_seed_demo_money_is_whole_rupiah():
    seed()

    amounts = list(Enterprise.objects.values_list("business_capital", flat=True))
    for row in AnnualReport.objects.values_list(
        "own_capital", "external_capital", "assets", "business_volume", "surplus"
    ):
        amounts.extend(row)

    assert all(amount == amount.to_integral_value() for amount in amounts)


def test_seed_demo_officers_are_current_roles():
    seed()
    today = timezone.localdate()

    chairs = CooperativeRole.objects.current(today).filter(
        role="officer", position="chair"
    )

    assert chairs.count() == Cooperative.objects.count()


class _Rollback(Exception):
    pass


def names_for(seed_value: int) -> list[str]:
    """The cooperative names a seed gives, on an otherwise empty registry."""
    try:
        with transaction.atomic():
            seed(seed=seed_value)
            names = list(
                Cooperative.objects.order_by("nik").values_list("name", flat=True)
            )
            raise _Rollback
    except _Rollback:
        return names


def test_seed_demo_same_seed_gives_the_same_names():
    first = names_for(7)

    again = names_for(7)

    assert again == first
    assert len(set(first)) > len(first) // 2


def test_seed_demo_other_seed_gives_other_names():
    first = names_for(7)

    other = names_for(8)

    assert other != first


@pytest.mark.parametrize(
    "argument", [["--years", "0"], ["--cooperatives", "-1"], ["--enterprises", "-5"]]
)
def test_seed_demo_refuses_bad_arguments(argument):
    with pytest.raises(CommandError):
        call_command("seed_demo", *argument)

    assert not Cooperative.objects.exists()


def test_demo_logins_prints_addresses_accounts_and_password(monkeypatch, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    monkeypatch.setenv("DEMO_PASSWORD", "sandi-cetak-2026")
    seed()
    out = StringIO()

    call_command("demo_logins", stdout=out)

    output = out.getvalue()
    assert "http://127.0.0.1:8000/portal/" in output
    assert "http://127.0.0.1:8000/admin/" in output
    for username in ("staf.demo", "pengurus.demo", "dinas.samarinda"):
        assert username in output
    assert "sandi-cetak-2026" in output
    assert "belum dibuat" not in output


def test_demo_logins_says_when_accounts_are_missing():
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert "seed_demo" in out.getvalue()


def test_demo_password_defaults_to_the_public_one(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    assert demo.demo_password() == "kukm-demo-2026"


def test_seed_demo_fiscal_years_follow_the_years_option():
    seed(years=2)
    this_year = timezone.localdate().year

    years = set(
        AnnualReport.objects.exclude(cooperative__name=demo.DEMO_COOPERATIVE_NAME)
        .values_list("fiscal_year", flat=True)
        .distinct()
    )

    assert years == {this_year - 2, this_year - 1}
