"""UMKM owners: the sign-up at /portal/daftar/ (NIB + NIK, a one-time code to the
registered email), pending enterprises for their district office, the owner's
scope and home."""

import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import Enterprise, OwnerSignup
from cooperatives.services.owner_signup import MAX_ATTEMPTS
from programs.models import Enrolment, Program
from reports.selectors import enterprise_figures
from tests.factories import (
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    StaffFactory,
    district,
)
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Pelangi-Mahakam-2026"
OWNER_NIK = "6472031205800417"
OTHER_NIK = "6472031205800418"
NIB = "9120001234567"
SIGNUP = reverse("portal:owner-signup")
CODE = reverse("portal:owner-code")


@pytest.fixture
def enterprise():
    owner = PersonFactory(nik=OWNER_NIK, name="Siti Aminah", email="usaha@example.id")
    return EnterpriseFactory(nib=NIB, owner=owner, name="Amplang Bu Siti")


def _form(**overrides):
    return {
        "nib": NIB,
        "nik": OWNER_NIK,
        "owner_name": "Siti Aminah",
        "email": "siti@example.id",
        "business_name": "Amplang Bu Siti",
        "district": "64.72",
        "kbli": "10794",
        **overrides,
    }


def _code_from_mail() -> str:
    assert len(mail.outbox) == 1
    return re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)


def _sign_up(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SIGNUP, _form(**overrides))


def _confirm(client, code):
    return client.post(
        CODE, {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )


def test_matching_sign_up_sends_the_code_to_the_registered_email(
    client, enterprise, django_capture_on_commit_callbacks
):
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == CODE
    assert mail.outbox[0].to == ["usaha@example.id"]  # not the typed address
    code = _code_from_mail()
    signup = OwnerSignup.objects.get()
    assert code not in signup.code_hash
    assert OWNER_NIK.encode() not in bytes(signup.nik_encrypted)

    response = _confirm(client, code)
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    user = User.objects.get(email="usaha@example.id")
    assert user.role == "owner"
    assert user.check_password(PASSWORD)
    enterprise.refresh_from_db()
    assert enterprise.owner_user == user
    assert enterprise.status == Enterprise.Status.VERIFIED

    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "Amplang Bu Siti" in home.content.decode()
    # The code is spent.
    assert _confirm(client, code).status_code == 302  # session gone: back to sign-up
    assert User.objects.filter(role="owner").count() == 1


def test_wrong_codes_count_and_the_code_dies_after_the_limit(
    client, enterprise, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks)
    code = _code_from_mail()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _attempt in range(MAX_ATTEMPTS):
        response = _confirm(client, wrong)
        assert response.status_code == 200
        assert "Kode salah atau sudah tidak berlaku" in response.content.decode()
    assert OwnerSignup.objects.get().attempts == MAX_ATTEMPTS
    # The right code no longer opens it.
    response = _confirm(client, code)
    assert response.status_code == 200
    assert not User.objects.filter(role="owner").exists()
    enterprise.refresh_from_db()
    assert enterprise.owner_user is None


def test_an_unknown_nib_creates_a_pending_enterprise_left_out_of_statistics(
    client, django_capture_on_commit_callbacks
):
    before = {
        row["scale"]: row["count"] for row in enterprise_figures(scope=Scope.province())
    }
    _sign_up(client, django_capture_on_commit_callbacks, nib="9120009999999")
    assert mail.outbox[0].to == ["siti@example.id"]  # the typed address
    assert not Enterprise.objects.exists()  # nothing until the code is proven
    response = _confirm(client, _code_from_mail())
    assert response.status_code == 302

    enterprise = Enterprise.objects.get(nib="9120009999999")
    assert enterprise.status == Enterprise.Status.PENDING
    assert enterprise.owner.nik_matches(OWNER_NIK)
    assert enterprise.owner_user.email == "siti@example.id"
    assert enterprise.district_id == "64.72"
    after = {
        row["scale"]: row["count"] for row in enterprise_figures(scope=Scope.province())
    }
    assert after == before
    assert (
        "menunggu verifikasi dinas"
        in client.get(reverse("portal:home")).content.decode()
    )

    # Another district cannot verify it; its own can, and then it counts.
    with pytest.raises(Enterprise.DoesNotExist):
        services.enterprise_verify(
            enterprise_id=enterprise.pk,
            by=DistrictUserFactory(district=district("64.71")),
        )
    services.enterprise_verify(
        enterprise_id=enterprise.pk, by=DistrictUserFactory(district=district("64.72"))
    )
    enterprise.refresh_from_db()
    assert enterprise.status == Enterprise.Status.VERIFIED
    counted = {
        row["scale"]: row["count"] for row in enterprise_figures(scope=Scope.province())
    }
    assert sum(counted.values()) == sum(before.values()) + 1


def test_staff_verify_pending_enterprises_with_the_admin_action(client):
    pending = EnterpriseFactory(status=Enterprise.Status.PENDING)
    client.force_login(StaffFactory(is_superuser=True))
    response = client.post(
        reverse("admin:cooperatives_enterprise_changelist"),
        {"action": "verify_selected", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Enterprise.Status.VERIFIED


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # NIB and NIK match
        {"nik": OTHER_NIK},  # NIB known, another NIK
        {"nib": "9120000000001"},  # NIB unknown
        {"nib": "9120000000001", "nik": OTHER_NIK},
    ],
)
def test_the_answer_never_tells_whether_a_nib_or_nik_exists(
    client, enterprise, overrides, django_capture_on_commit_callbacks
):
    """Every sign-up gets the same redirect, the same code page and the same
    refusal of a wrong code."""
    first = _sign_up(client, django_capture_on_commit_callbacks, **overrides)
    assert (first.status_code, first.url) == (302, CODE)
    page = client.get(CODE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "usaha@example.id" not in body
    assert "siti@example.id" not in body
    refused = _confirm(client, "000000")
    assert refused.status_code == 200
    assert re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", refused.content.decode()
    ) == re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"',
        "",
        _reference_refusal(client, django_capture_on_commit_callbacks),
    )


def _reference_refusal(client, django_capture_on_commit_callbacks) -> str:
    """The refusal of a sign-up with a NIB that surely does not exist."""
    _sign_up(
        client,
        django_capture_on_commit_callbacks,
        nib="9129999999999",
        nik=OTHER_NIK,
        email="lain@example.id",
    )
    return _confirm(client, "000000").content.decode()


def test_a_known_nib_with_another_nik_sends_nothing(
    client, enterprise, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks, nik=OTHER_NIK)
    assert mail.outbox == []
    assert OwnerSignup.objects.get().kind == OwnerSignup.Kind.UNMATCHED


def test_an_owner_sees_only_their_own_enterprise(client, enterprise):
    user = User.objects.create_user(
        username="usaha@example.id", email="usaha@example.id", role="owner"
    )
    enterprise.owner_user = user
    enterprise.save()
    other = EnterpriseFactory()
    client.force_login(user)
    own = client.get(reverse("portal:owner-enterprise", args=[enterprise.pk]))
    assert own.status_code == 200
    assert (
        client.get(reverse("portal:owner-enterprise", args=[other.pk])).status_code
        == 404
    )
    assert Scope.for_user(user) == Scope(owner_user_id=user.pk)
    assert list(Enterprise.objects.restrict(Scope.for_user(user))) == [enterprise]
    # The officers' cooperative pages and the staff pages answer 404 or send away.
    assert client.get(reverse("portal:dashboard", args=[1])).status_code == 404


def test_the_owner_home_lists_open_sme_programs_and_enrolments(client, enterprise):
    user = User.objects.create_user(
        username="usaha@example.id", email="usaha@example.id", role="owner"
    )
    enterprise.owner_user = user
    enterprise.save()
    sme = ProgramFactory(audience=Program.Audience.SMES, title="Pemasaran Digital UMKM")
    ProgramFactory(audience=Program.Audience.OFFICERS, title="Diklat Pengurus")
    ProgramFactory(
        audience=Program.Audience.SMES,
        title="Kemasan Produk",
        district=district("64.71"),
    )
    Enrolment.objects.create(
        program=sme,
        person=enterprise.owner,
        district_id="64.72",
        status=Enrolment.Status.CONFIRMED,
    )
    client.force_login(user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Pemasaran Digital UMKM" in body
    assert "Diklat Pengurus" not in body
    assert "Kemasan Produk" not in body  # another district's
    assert "sisa 29 kursi" in body


def test_sign_ups_and_codes_are_limited_per_client_address(
    client, settings, enterprise
):
    settings.ABUSE_LIMITS = {**settings.ABUSE_LIMITS, "owner_signup": "2/h"}
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    codes = [
        client.post(SIGNUP, _form(), REMOTE_ADDR=address).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert OwnerSignup.objects.count() == 2
    # The code page counts against the same limit.
    limited = client.post(
        CODE,
        {"code": "000000", "new_password1": PASSWORD, "new_password2": PASSWORD},
        REMOTE_ADDR=address,
    )
    assert limited.status_code == 429
    assert not OwnerSignup.objects.filter(attempts__gt=0).exists()


def test_a_district_office_verifies_its_pending_sign_ups_on_the_web(client):
    ours = EnterpriseFactory(status=Enterprise.Status.PENDING, name="Keripik Ours")
    theirs = EnterpriseFactory(
        status=Enterprise.Status.PENDING,
        name="Keripik Theirs",
        district=district("64.71"),
    )
    client.force_login(DistrictUserFactory(district=district("64.72")))
    body = client.get(reverse("portal:enterprises-pending")).content.decode()
    assert "Keripik Ours" in body
    assert "Keripik Theirs" not in body
    other = client.post(reverse("portal:enterprise-verify", args=[theirs.pk]))
    assert other.status_code == 404
    done = client.post(reverse("portal:enterprise-verify", args=[ours.pk]))
    assert done.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == Enterprise.Status.VERIFIED
    assert theirs.status == Enterprise.Status.PENDING
