import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.scope import Scope
from cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    Enterprise,
    Person,
)
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    CooperativeRoleFactory,
    EnterpriseFactory,
    PersonFactory,
    UserFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

MILIAR = Decimal(1_000_000_000)
SERIAL_ZERO_MESSAGE = "NIK tidak valid: nomor urut (4 digit terakhir) tidak boleh 0000."
BIRTH_DATE_MESSAGE = "NIK tidak valid: bagian tanggal lahir (digit 7-12) tidak sesuai."
NEGATIVE_MESSAGE = "Jumlah tidak boleh negatif."
FULLWIDTH_NIK = "".join(chr(0xFF10 + int(d)) for d in "6472000000000123")


def errors_of(instance, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        instance.full_clean(**kwargs)
    return exc.value.message_dict


def refused_by_database(action) -> bool:
    try:
        with transaction.atomic():
            action()
    except IntegrityError:
        return True
    return False


# --- Identifiers ---------------------------------------------------------------


def test_cooperative_nik_of_16_digits_is_accepted():
    cooperative = CooperativeFactory.build(nik="6472000000000123")

    cooperative.full_clean()

    assert cooperative.nik == "6472000000000123"


@pytest.mark.parametrize(
    "nik",
    [
        "647200000000012",  # 15 digits
        "64720000000001234",  # 17 digits
        "6472-0000000-0123",
        "647200000000012a",
        "647200000000012\n",
        FULLWIDTH_NIK,
    ],
)
def test_cooperative_nik_must_be_16_ascii_digits(nik):
    cooperative = CooperativeFactory.build(nik=nik)

    errors = errors_of(cooperative)

    assert "Masukkan Nomor Induk Koperasi 16 digit angka." in errors["nik"]


def test_cooperative_without_nik_is_stored_as_null_and_may_repeat():
    first = CooperativeFactory(nik=None)

    second = CooperativeFactory(nik=None)

    assert first.nik is None
    assert second.nik is None


def test_cooperative_nik_is_unique():
    nik = "6472000000000777"
    CooperativeFactory(nik=nik)

    errors = errors_of(CooperativeFactory.build(nik=nik))

    assert "nik" in errors
    assert refused_by_database(lambda: CooperativeFactory(nik=nik))


def test_enterprise_nib_of_13_digits_is_accepted():
    enterprise = EnterpriseFactory(nib="9120001234567")

    enterprise.full_clean()

    assert enterprise.nib == "9120001234567"


@pytest.mark.parametrize(
    "nib", ["912000123456", "91200012345678", "912000123456a", "912000123456\n"]
)
def test_enterprise_nib_must_be_13_digits(nib):
    enterprise = EnterpriseFactory()
    enterprise.nib = nib

    errors = errors_of(enterprise)

    assert "Masukkan NIB 13 digit angka." in errors["nib"]


@pytest.mark.parametrize(
    "nik",
    [
        "6472031205800001",  # man born 12-05-1980
        "6472035205800001",  # woman: day + 40
        "6472030101000001",  # day 01, month 01
        "6472033112990001",  # day 31, month 12
        "6472034101000001",  # day 41 (woman born on the 1st)
        "6472037112990001",  # day 71 (woman born on the 31st)
        "3174011205809999",  # Jakarta prefix: people move, so accepted
    ],
)
def test_person_nik_valid_forms_are_accepted(nik):
    person = PersonFactory.build(nik=nik)

    person.full_clean()

    assert person.nik == nik


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("6472031200800001", BIRTH_DATE_MESSAGE),  # month 00
        ("6472031213800001", BIRTH_DATE_MESSAGE),  # month 13
        ("6472030005800001", BIRTH_DATE_MESSAGE),  # day 00
        ("6472033205800001", BIRTH_DATE_MESSAGE),  # day 32
        ("6472034005800001", BIRTH_DATE_MESSAGE),  # day 40
        ("6472037205800001", BIRTH_DATE_MESSAGE),  # day 72
        ("6472031205800000", SERIAL_ZERO_MESSAGE),
        ("647203120580001", "Masukkan NIK 16 digit angka."),
        ("64720312058000012", "Masukkan NIK 16 digit angka."),
        ("647203120580000a", "Masukkan NIK 16 digit angka."),
        ("647203120580001\n", "Masukkan NIK 16 digit angka."),
    ],
)
def test_person_nik_is_refused(nik, message):
    person = PersonFactory.build(nik=nik)

    errors = errors_of(person)

    assert message in errors["nik"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09.254.294.3-407.000", "0092542943407000"),
        ("092542943407000", "0092542943407000"),
        ("09 254 294 3 407 000", "0092542943407000"),
        ("1092542943407000", "1092542943407000"),
        ("1092.5429.4340.7000", "1092542943407000"),
    ],
)
def test_npwp_is_normalised_to_16_digits(typed, stored):
    cooperative = CooperativeFactory.build(npwp=typed)

    cooperative.full_clean()

    assert cooperative.npwp == stored


@pytest.mark.parametrize(
    "npwp", ["0925429434070", "09.254.294.3-407.00A", "10925429434070001"]
)
def test_npwp_of_other_lengths_or_letters_is_refused(npwp):
    cooperative = CooperativeFactory.build(npwp=npwp)

    errors = errors_of(cooperative)

    assert "Masukkan NPWP 15 atau 16 digit angka." in errors["npwp"]


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "6281234567890",
        "+6281234567890",
        "0812-3456-7890",
        "+62 812 3456 7890",
        "(0812) 3456.7890",
        "006281234567890",
    ],
)
def test_phone_is_stored_in_e164(typed):
    person = PersonFactory.build(phone=typed)

    person.full_clean()

    assert person.phone == "+6281234567890"


def test_phone_landline_is_accepted():
    cooperative = CooperativeFactory.build(phone="(0541) 741234")

    cooperative.full_clean()

    assert cooperative.phone == "+62541741234"


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "81234567890",  # no trunk 0 and no country code
        "+15551234567",  # not Indonesian
        "+62 0812 3456 7890",  # trunk 0 kept after +62
        "0812345",  # too short
        "08123456789012",  # too long
        "0812-3456-789x",
    ],
)
def test_phone_junk_is_refused(typed):
    person = PersonFactory.build(phone=typed)

    errors = errors_of(person)

    assert "Masukkan nomor telepon Indonesia, misalnya 081234567890." in errors["phone"]


def test_phone_and_npwp_saved_without_full_clean_are_stored_normalised():
    typed_phone, typed_npwp = "0812 3456 7890", "09.254.294.3-407.000"

    cooperative = CooperativeFactory(phone=typed_phone, npwp=typed_npwp)

    cooperative.refresh_from_db()
    assert cooperative.phone == "+6281234567890"
    assert cooperative.npwp == "0092542943407000"


@pytest.mark.parametrize("kbli", ["10794", "01262"])
def test_kbli_of_5_digits_is_accepted(kbli):
    enterprise = EnterpriseFactory(kbli=kbli)

    enterprise.full_clean()

    assert enterprise.kbli == kbli


@pytest.mark.parametrize("kbli", ["1079", "107940", "1079a", "10.79"])
def test_kbli_must_be_5_digits(kbli):
    enterprise = EnterpriseFactory()
    enterprise.kbli = kbli

    errors = errors_of(enterprise)

    assert "Masukkan kode KBLI 5 digit angka." in errors["kbli"]


# --- Money -----------------------------------------------------------------------

NON_NEGATIVE_AMOUNTS = [
    (AnnualReportFactory, "own_capital"),
    (AnnualReportFactory, "external_capital"),
    (AnnualReportFactory, "assets"),
    (AnnualReportFactory, "business_volume"),
    (EnterpriseFactory, "business_capital"),
    (EnterpriseFactory, "annual_revenue"),
]


@pytest.mark.parametrize(("factory", "field"), NON_NEGATIVE_AMOUNTS)
def test_amount_may_not_be_negative_in_full_clean(factory, field):
    instance = factory()
    setattr(instance, field, Decimal("-0.01"))

    errors = errors_of(instance)

    assert errors[field] == [NEGATIVE_MESSAGE]


@pytest.mark.parametrize(("factory", "field"), NON_NEGATIVE_AMOUNTS)
def test_amount_may_not_be_negative_in_database_update(factory, field):
    instance = factory()
    rows = type(instance).objects.filter(pk=instance.pk)

    refused = refused_by_database(lambda: rows.update(**{field: Decimal("-1")}))

    assert refused


@pytest.mark.parametrize(("factory", "field"), NON_NEGATIVE_AMOUNTS)
def test_amount_may_not_be_negative_in_database_save(factory, field):
    instance = factory()
    setattr(instance, field, Decimal("-1"))

    refused = refused_by_database(instance.save)

    assert refused


@pytest.mark.parametrize(("factory", "field"), NON_NEGATIVE_AMOUNTS)
def test_amount_of_zero_is_accepted(factory, field):
    instance = factory()
    setattr(instance, field, Decimal(0))

    instance.full_clean()
    instance.save()

    assert getattr(type(instance).objects.get(pk=instance.pk), field) == 0


def test_surplus_may_be_negative():
    loss = Decimal("-12500000.00")
    report = AnnualReportFactory(surplus=loss)

    report.full_clean()
    AnnualReport.objects.filter(pk=report.pk).update(surplus=loss - 1)

    report.refresh_from_db()
    assert report.surplus == loss - 1


@pytest.mark.parametrize(
    "field", ["members_male", "members_female", "officers", "employees"]
)
def test_report_counts_may_not_be_negative_in_database(field):
    report = AnnualReportFactory()
    rows = AnnualReport.objects.filter(pk=report.pk)

    refused = refused_by_database(lambda: rows.update(**{field: -1}))

    assert refused


# --- Annual report ---------------------------------------------------------------


def test_rat_date_right_after_the_fiscal_year_is_accepted():
    report = AnnualReportFactory(
        fiscal_year=2023, rat_held_on=datetime.date(2024, 1, 1)
    )

    report.full_clean()

    assert report.rat_held_on.year == 2024


@pytest.mark.parametrize(
    "rat_held_on", [datetime.date(2023, 12, 31), datetime.date(2023, 3, 1)]
)
def test_rat_date_within_the_fiscal_year_is_refused(rat_held_on):
    report = AnnualReportFactory(fiscal_year=2023)
    report.rat_held_on = rat_held_on

    errors = errors_of(report)

    assert errors["rat_held_on"] == [
        "Tanggal RAT harus sesudah tahun buku 2023 berakhir (31 Desember)."
    ]


def test_rat_date_within_the_fiscal_year_is_refused_by_the_database():
    report = AnnualReportFactory(fiscal_year=2023)
    rows = AnnualReport.objects.filter(pk=report.pk)

    refused = refused_by_database(
        lambda: rows.update(rat_held_on=datetime.date(2023, 12, 31))
    )

    assert refused


def test_rat_date_today_is_accepted():
    today = timezone.localdate()
    report = AnnualReportFactory(fiscal_year=today.year - 1, rat_held_on=today)

    report.full_clean()

    assert report.rat_held_on == today


def test_rat_date_in_the_future_is_refused():
    today = timezone.localdate()
    report = AnnualReportFactory(fiscal_year=today.year - 1)
    report.rat_held_on = today + datetime.timedelta(days=1)

    errors = errors_of(report)

    assert len(errors["rat_held_on"]) == 1
    assert "tidak boleh di masa depan" in errors["rat_held_on"][0]


@pytest.mark.parametrize("offset", [1, 5])
def test_fiscal_year_in_the_future_is_refused(offset):
    this_year = timezone.localdate().year
    report = AnnualReportFactory(rat_held_on=None)
    report.fiscal_year = this_year + offset

    errors = errors_of(report)

    assert errors["fiscal_year"] == [f"Tahun buku harus antara 1945 dan {this_year}."]


def test_fiscal_year_before_1945_is_refused():
    report = AnnualReportFactory(rat_held_on=None)
    rows = AnnualReport.objects.filter(pk=report.pk)
    report.fiscal_year = 1944

    errors = errors_of(report)
    refused = refused_by_database(lambda: rows.update(fiscal_year=1944))

    assert "fiscal_year" in errors
    assert refused


def test_verified_report_without_rat_date_is_refused_by_the_database():
    report = AnnualReportFactory(rat_held_on=None)
    rows = AnnualReport.objects.filter(pk=report.pk)

    refused = refused_by_database(
        lambda: rows.update(status=AnnualReport.Status.VERIFIED)
    )

    assert refused


def test_one_report_per_cooperative_and_year_in_full_clean():
    report = AnnualReportFactory(fiscal_year=2023)
    duplicate = AnnualReportFactory.build(
        cooperative=report.cooperative, district=report.district, fiscal_year=2023
    )

    errors = errors_of(duplicate)

    assert errors["fiscal_year"] == [
        "Koperasi ini sudah memiliki laporan RAT untuk tahun buku tersebut."
    ]


def test_one_report_per_cooperative_and_year_in_the_database():
    report = AnnualReportFactory(fiscal_year=2023)

    refused = refused_by_database(
        lambda: AnnualReportFactory(cooperative=report.cooperative, fiscal_year=2023)
    )

    assert refused
    other_year = AnnualReportFactory(cooperative=report.cooperative, fiscal_year=2022)
    assert other_year.pk


def test_report_takes_its_district_from_the_cooperative():
    cooperative = CooperativeFactory(district=district("64.71"))

    report = AnnualReportFactory(cooperative=cooperative)

    assert report.district_id == "64.71"


# --- Address ---------------------------------------------------------------------


@pytest.mark.parametrize("factory", [CooperativeFactory, EnterpriseFactory])
def test_sub_district_in_the_district_is_accepted(factory):
    instance = factory(district=district("64.72"), sub_district_id="64.72.03")

    instance.full_clean()

    assert instance.sub_district.district_id == "64.72"


@pytest.mark.parametrize("factory", [CooperativeFactory, EnterpriseFactory])
@pytest.mark.parametrize("sub_district", ["64.71.05", "64.02.06"])
def test_sub_district_outside_the_district_is_refused(factory, sub_district):
    instance = factory(district=district("64.72"))
    instance.sub_district_id = sub_district

    errors = errors_of(instance)

    assert errors["sub_district"] == [
        "Kecamatan ini tidak berada di kabupaten/kota yang dipilih."
    ]


# --- Enterprise scale (PP 7/2021) ------------------------------------------------


@pytest.mark.parametrize(
    ("annual_revenue", "expected"),
    [
        (Decimal(0), Enterprise.Scale.MICRO),
        (2 * MILIAR, Enterprise.Scale.MICRO),
        (2 * MILIAR + 1, Enterprise.Scale.SMALL),
        (15 * MILIAR, Enterprise.Scale.SMALL),
        (15 * MILIAR + 1, Enterprise.Scale.MEDIUM),
        (50 * MILIAR, Enterprise.Scale.MEDIUM),
        (50 * MILIAR + 1, Enterprise.Scale.LARGE),
    ],
)
def test_scale_by_annual_revenue(annual_revenue, expected):
    # A capital that alone would say "large": the revenue decides when it is known.
    enterprise = EnterpriseFactory(
        annual_revenue=annual_revenue, business_capital=20 * MILIAR
    )

    enterprise.refresh_from_db()

    assert enterprise.scale == expected


@pytest.mark.parametrize(
    ("business_capital", "expected"),
    [
        (Decimal(0), Enterprise.Scale.MICRO),
        (1 * MILIAR, Enterprise.Scale.MICRO),
        (1 * MILIAR + 1, Enterprise.Scale.SMALL),
        (5 * MILIAR, Enterprise.Scale.SMALL),
        (5 * MILIAR + 1, Enterprise.Scale.MEDIUM),
        (10 * MILIAR, Enterprise.Scale.MEDIUM),
        (10 * MILIAR + 1, Enterprise.Scale.LARGE),
    ],
)
def test_scale_by_capital_when_revenue_is_unknown(business_capital, expected):
    enterprise = EnterpriseFactory(
        annual_revenue=None, business_capital=business_capital
    )

    enterprise.refresh_from_db()

    assert enterprise.scale == expected


def test_scale_follows_a_changed_revenue_on_save():
    enterprise = EnterpriseFactory(annual_revenue=2 * MILIAR)
    enterprise.annual_revenue = 2 * MILIAR + 1

    enterprise.save(update_fields=["annual_revenue"])

    enterprise.refresh_from_db()
    assert enterprise.scale == Enterprise.Scale.SMALL


def test_scale_override_with_reason_wins():
    staff = UserFactory(role=User.Role.STAFF, is_staff=True)
    enterprise = EnterpriseFactory(annual_revenue=100 * MILIAR)
    enterprise.scale_override = Enterprise.Scale.MEDIUM
    enterprise.scale_override_reason = "Omzet tahun lalu termasuk penjualan aset."
    enterprise.scale_override_by = staff

    enterprise.full_clean()
    enterprise.save()

    enterprise.refresh_from_db()
    assert enterprise.scale == Enterprise.Scale.MEDIUM
    assert enterprise.scale_override_by == staff


@pytest.mark.parametrize("reason", ["", "   "])
def test_scale_override_requires_a_reason(reason):
    enterprise = EnterpriseFactory()
    enterprise.scale_override = Enterprise.Scale.MEDIUM
    enterprise.scale_override_reason = reason

    errors = errors_of(enterprise)

    assert errors["scale_override_reason"] == ["Isi alasan penetapan skala usaha."]


def test_scale_override_without_reason_is_refused_by_the_database():
    enterprise = EnterpriseFactory()
    rows = Enterprise.objects.filter(pk=enterprise.pk)

    refused = refused_by_database(
        lambda: rows.update(scale_override=Enterprise.Scale.MEDIUM)
    )

    assert refused


# --- Active cooperative ----------------------------------------------------------


@pytest.mark.parametrize(
    ("last_rat_year", "active"),
    [(2025, True), (2024, True), (2023, True), (2022, False), (None, False)],
)
def test_cooperative_is_active_in_2025_with_a_rat_in_the_last_three_years(
    last_rat_year, active
):
    last_rat_on = datetime.date(last_rat_year, 4, 1) if last_rat_year else None
    cooperative = CooperativeFactory()
    Cooperative.objects.filter(pk=cooperative.pk).update(last_rat_on=last_rat_on)

    cooperative.refresh_from_db()

    assert cooperative.is_active_in(2025) is active
    assert Cooperative.objects.active_in(2025).filter(pk=cooperative.pk).exists() is (
        active
    )
    assert Cooperative.objects.inactive_in(2025).filter(pk=cooperative.pk).exists() is (
        not active
    )


@pytest.mark.parametrize(
    ("years_since_rat", "active"), [(0, True), (1, True), (2, True), (3, False)]
)
def test_cooperative_is_active_now_until_three_years_after_its_rat(
    years_since_rat, active
):
    this_year = timezone.localdate().year
    cooperative = CooperativeFactory()
    Cooperative.objects.filter(pk=cooperative.pk).update(
        last_rat_on=datetime.date(this_year - years_since_rat, 1, 1)
    )

    cooperative.refresh_from_db()

    assert cooperative.is_active is active


def test_cooperative_last_rat_on_is_not_editable():
    field = Cooperative._meta.get_field("last_rat_on")

    assert field.editable is False


# --- Person ----------------------------------------------------------------------


def test_person_masked_nik_shows_prefix_and_serial_only():
    person = PersonFactory(nik="6472031205800001")

    masked = person.masked_nik

    assert masked == "6472********0001"
    assert "6472031205800001" not in str(person)
    assert masked in str(person)


def test_person_by_nik_finds_the_person():
    nik = "6472031205800042"
    person = PersonFactory(nik=nik)
    PersonFactory()

    found = Person.objects.by_nik(nik)

    assert list(found) == [person]
    assert Person.objects.get_by_nik(nik) == person
    assert Person.objects.get_by_nik("6472031205809999") is None


def test_person_get_or_create_by_nik_creates_once():
    nik = "6472035205800007"

    created_person, created = Person.objects.get_or_create_by_nik(nik, name="Siti")
    again, created_again = Person.objects.get_or_create_by_nik(nik, name="Lain")

    assert created is True
    assert created_again is False
    assert again == created_person
    assert again.name == "Siti"
    assert again.sex == Person.Sex.FEMALE
    assert Person.objects.by_nik(nik).count() == 1


def test_person_get_or_create_by_nik_refuses_a_malformed_nik():
    nik = "6472031205800000"

    with pytest.raises(ValidationError) as exc:
        Person.objects.get_or_create_by_nik(nik, name="Budi")

    assert SERIAL_ZERO_MESSAGE in exc.value.message_dict["nik"]
    assert not Person.objects.by_nik(nik).exists()


def test_person_nik_is_unique_in_the_database():
    nik = "6472031205800055"
    PersonFactory(nik=nik)

    refused = refused_by_database(lambda: PersonFactory(nik=nik))

    assert refused


@pytest.mark.parametrize(
    ("nik", "sex"),
    [("6472031205800001", Person.Sex.MALE), ("6472035205800001", Person.Sex.FEMALE)],
)
def test_person_sex_from_nik(nik, sex):
    derived = Person.sex_from_nik(nik)

    assert derived == sex


# --- Cooperative roles -----------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "ends_on", "current"),
    [
        (datetime.date(2023, 12, 31), datetime.date(2024, 12, 31), False),
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), True),
        (datetime.date(2024, 12, 31), datetime.date(2024, 12, 31), True),
        (datetime.date(2025, 1, 1), datetime.date(2024, 12, 31), False),
        (datetime.date(2030, 1, 1), None, True),
        (datetime.date(2023, 12, 31), None, False),
    ],
)
def test_cooperative_role_current_by_dates(on, ends_on, current):
    role = CooperativeRoleFactory(starts_on=datetime.date(2024, 1, 1), ends_on=ends_on)

    found = CooperativeRole.objects.current(on).filter(pk=role.pk).exists()

    assert found is current


def test_cooperative_role_may_end_on_its_first_day():
    day = datetime.date(2024, 1, 1)
    role = CooperativeRoleFactory(starts_on=day, ends_on=day)

    role.full_clean()

    assert role.ends_on == role.starts_on


def test_cooperative_role_must_end_after_it_starts():
    role = CooperativeRoleFactory(starts_on=datetime.date(2024, 1, 1))
    role.ends_on = datetime.date(2023, 12, 31)

    errors = errors_of(role)

    assert errors["ends_on"] == ["Tanggal berakhir tidak boleh sebelum tanggal mulai."]
    assert refused_by_database(role.save)


def test_cooperative_role_one_open_term_per_person_and_role():
    role = CooperativeRoleFactory()

    refused = refused_by_database(
        lambda: CooperativeRoleFactory(
            person=role.person, cooperative=role.cooperative, role=role.role
        )
    )

    assert refused
    ended_term = CooperativeRoleFactory(
        person=role.person,
        cooperative=role.cooperative,
        role=role.role,
        ends_on=datetime.date(2024, 6, 30),
    )
    assert ended_term.pk


# --- Accounts --------------------------------------------------------------------


def test_district_user_needs_a_district():
    user = UserFactory.build(role=User.Role.DISTRICT, district=None)
    user.set_password("rahasia-kuat-2026")

    errors = errors_of(user)

    assert errors["__all__"] == [
        "Staf dinas kabupaten/kota harus memiliki kabupaten/kota."
    ]
    assert refused_by_database(user.save)


@pytest.mark.parametrize(
    ("role", "district_code"),
    [
        (User.Role.DISTRICT, "64.72"),
        (User.Role.STAFF, None),
        (User.Role.OFFICER, None),
    ],
)
def test_user_roles_that_are_allowed(role, district_code):
    user = UserFactory(
        role=role, district=district(district_code) if district_code else None
    )

    user.full_clean()

    assert user.pk


# --- Scope -----------------------------------------------------------------------


def _coop_id(instance):
    return instance.pk if isinstance(instance, Cooperative) else instance.cooperative_id


@pytest.fixture
def registry():
    """Two cooperatives, each with a report, an enterprise and a member, in
    Samarinda and Balikpapan; users with current, ended and non-officer roles."""
    samarinda = CooperativeFactory(district=district("64.72"))
    balikpapan = CooperativeFactory(district=district("64.71"))
    for cooperative in (samarinda, balikpapan):
        AnnualReportFactory(cooperative=cooperative)
        EnterpriseFactory(cooperative=cooperative, district=cooperative.district)
        CooperativeRoleFactory(
            cooperative=cooperative, role=CooperativeRole.Role.MEMBER
        )
    officer = officer_of(samarinda)
    former_officer = UserFactory()
    CooperativeRoleFactory(
        person=PersonFactory(user=former_officer),
        cooperative=samarinda,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    member = UserFactory()
    CooperativeRoleFactory(
        person=PersonFactory(user=member),
        cooperative=samarinda,
        role=CooperativeRole.Role.MEMBER,
    )
    future_officer = UserFactory()
    CooperativeRoleFactory(
        person=PersonFactory(user=future_officer),
        cooperative=samarinda,
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    return {
        "samarinda": samarinda,
        "balikpapan": balikpapan,
        "officer": officer,
        "former_officer": former_officer,
        "member": member,
        "future_officer": future_officer,
    }


SCOPES = {
    "province": (lambda r: Scope.province(), {"samarinda", "balikpapan"}),
    "district_samarinda": (lambda r: Scope.district("64.72"), {"samarinda"}),
    "district_balikpapan": (lambda r: Scope.district("64.71"), {"balikpapan"}),
    "district_without_cooperatives": (lambda r: Scope.district("64.11"), set()),
    "officer": (lambda r: Scope(officer_user_id=r["officer"].pk), {"samarinda"}),
    "officer_role_ended": (
        lambda r: Scope(officer_user_id=r["former_officer"].pk),
        set(),
    ),
    "officer_role_not_started": (
        lambda r: Scope(officer_user_id=r["future_officer"].pk),
        set(),
    ),
    "member_not_officer": (lambda r: Scope(officer_user_id=r["member"].pk), set()),
    "nothing": (lambda r: Scope.nothing(), set()),
}


@pytest.mark.parametrize(
    "model", [Cooperative, AnnualReport, Enterprise, CooperativeRole]
)
@pytest.mark.parametrize("scope_name", SCOPES)
def test_restrict_by_scope(registry, model, scope_name):
    make_scope, expected_names = SCOPES[scope_name]
    expected = {registry[name].pk for name in expected_names}

    rows = list(model.objects.restrict(make_scope(registry)))

    assert {_coop_id(row) for row in rows} == expected


def test_restrict_officer_sees_no_enterprise_outside_their_cooperatives(registry):
    outside = EnterpriseFactory(cooperative=None, district=district("64.72"))
    scope = Scope(officer_user_id=registry["officer"].pk)

    officer_rows = Enterprise.objects.restrict(scope)
    district_rows = Enterprise.objects.restrict(Scope.district("64.72"))

    assert outside not in officer_rows
    assert outside in district_rows


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (lambda: UserFactory(role=User.Role.STAFF, is_staff=True), Scope.province()),
        (
            lambda: UserFactory(role=User.Role.OFFICER, is_superuser=True),
            Scope.province(),
        ),
        (
            lambda: UserFactory(role=User.Role.DISTRICT, district=district("64.71")),
            Scope.district("64.71"),
        ),
        (
            lambda: UserFactory(role=User.Role.STAFF, is_staff=False),
            Scope.nothing(),
        ),
        (
            lambda: UserFactory(role=User.Role.STAFF, is_staff=True, is_active=False),
            Scope.nothing(),
        ),
    ],
)
def test_scope_for_user(make_user, expected):
    user = make_user()

    scope = Scope.for_user(user)

    assert scope == expected


def test_scope_for_officer_user_names_the_user():
    user = UserFactory(role=User.Role.OFFICER)

    scope = Scope.for_user(user)

    assert scope == Scope(officer_user_id=user.pk)
