"""Accounts by invitation (services.invitations, invitations_import) and the
`invite_user` command."""

import datetime
import hashlib
import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import User
from accounts.scope import Scope
from cooperatives import selectors, services
from cooperatives.models import Cooperative, CooperativeRole, Invitation
from cooperatives.services.invitations_queue import invitation_send_queued
from tests.factories import CooperativeFactory, PersonFactory, district

pytestmark = pytest.mark.django_db

PASSWORD = "Pelangi-Mahakam-2026"
SAMARINDA = Scope.district("64.72")


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Sejahtera", district=district("64.72"))


def _invite(cooperative, scope=SAMARINDA, **kwargs):
    kwargs.setdefault("email", "ketua@example.id")
    return services.invitation_create(
        kind=Invitation.Kind.OFFICER,
        scope=scope,
        cooperative_id=cooperative.pk,
        **kwargs,
    )


def _expire(invitation) -> None:
    """Seven days and a second later."""
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=7, seconds=1),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )


def _token(invitation) -> str:
    return urlsplit(invitation.link).path.rstrip("/").rsplit("/", 1)[-1]


def test_invitation_create_stores_only_a_hash_and_emails_the_link(
    cooperative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(cooperative, name="Budi Santoso")

    token = _token(invitation)
    raw = token.rsplit(":", 1)[0]
    assert invitation.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(Invitation.objects.values().get(pk=invitation.pk))
    assert invitation.expires_at == invitation.sent_at + datetime.timedelta(days=7)
    assert invitation.district_id == "64.72"
    [email] = mail.outbox
    assert email.to == ["ketua@example.id"]
    assert email.subject == "Undangan akun Portal KUKM Kalimantan Timur"
    assert invitation.link in email.body
    assert "Koperasi Sejahtera" in email.body
    assert "Yth. Budi Santoso" in email.body


def test_invitation_email_in_english_when_chosen(
    cooperative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cooperative, language="en")

    assert mail.outbox[0].subject == "Invitation to the KUKM Portal of East Kalimantan"


def test_district_may_not_invite_for_another_districts_cooperative():
    balikpapan = CooperativeFactory(district=district("64.71"))

    with pytest.raises(Cooperative.DoesNotExist):
        _invite(balikpapan, scope=SAMARINDA)

    assert not Invitation.objects.exists()


def test_only_staff_invite_district_users():
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            kind=Invitation.Kind.DISTRICT,
            email="dinas@example.id",
            scope=SAMARINDA,
            district_code="64.72",
        )

    assert "kind" in error.value.message_dict


def test_officers_may_not_invite(cooperative):
    with pytest.raises(ValidationError):
        _invite(cooperative, scope=Scope(officer_user_id=1))


def test_invitation_refuses_an_email_with_an_account(cooperative):
    User.objects.create_user("lama", email="Ketua@Example.id")

    with pytest.raises(ValidationError) as error:
        _invite(cooperative)

    assert error.value.message_dict["email"] == ["Surel ini sudah dipakai akun lain."]


def test_invitation_accept_makes_the_account_once(cooperative):
    invitation = _invite(cooperative, name="Budi Santoso")
    token = _token(invitation)

    user = services.invitation_accept(token=token, password=PASSWORD)

    assert user.check_password(PASSWORD)
    assert (user.email, user.role, user.first_name) == (
        "ketua@example.id",
        "officer",
        "Budi Santoso",
    )
    scope = Scope.for_user(user)
    assert list(Cooperative.objects.restrict(scope)) == [cooperative]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    with pytest.raises(ValidationError, match="sudah dipakai"):
        services.invitation_accept(token=token, password=PASSWORD)
    assert User.objects.filter(email="ketua@example.id").count() == 1


def test_invitation_accept_with_a_nik_gives_the_officer_role(cooperative):
    person = PersonFactory(name="Budi Santoso")
    invitation = _invite(
        cooperative,
        name="Budi S.",
        nik=person.nik,
        phone="081234567890",
        position=CooperativeRole.Position.CHAIR,
    )

    user = services.invitation_accept(token=_token(invitation), password=PASSWORD)

    person.refresh_from_db()
    assert person.user == user
    role = CooperativeRole.objects.get(person=person, cooperative=cooperative)
    assert (role.role, role.position, role.person_name) == (
        "officer",
        "chair",
        "Budi S.",
    )
    assert person.name == "Budi Santoso"  # the identity is not changed
    assert person.reconciliations.get().supplied_name == "Budi S."


def test_invitation_expires_after_seven_days(cooperative):
    invitation = _invite(cooperative)
    _expire(invitation)

    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.invitation_accept(token=_token(invitation), password=PASSWORD)

    assert not User.objects.filter(email="ketua@example.id").exists()


def test_invitation_resend_makes_a_new_link_and_the_old_stops(
    cooperative, django_capture_on_commit_callbacks
):
    invitation = _invite(cooperative)
    old = _token(invitation)
    _expire(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        resent = services.invitation_resend(
            invitation_id=invitation.pk, scope=SAMARINDA
        )
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.invitation_accept(token=old, password=PASSWORD)
    user = services.invitation_accept(token=_token(resent), password=PASSWORD)

    assert resent.link in mail.outbox[-1].body
    assert user.email == "ketua@example.id"


def test_invitation_revoke_stops_the_link(cooperative):
    invitation = _invite(cooperative)

    services.invitation_revoke(invitation_id=invitation.pk, scope=SAMARINDA)

    with pytest.raises(ValidationError, match="dicabut"):
        services.invitation_accept(token=_token(invitation), password=PASSWORD)
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation_id=invitation.pk, scope=SAMARINDA)


def test_resend_and_revoke_outside_the_scope_are_not_found(cooperative):
    invitation = _invite(cooperative)

    for service in (services.invitation_resend, services.invitation_revoke):
        with pytest.raises(Invitation.DoesNotExist):
            service(invitation_id=invitation.pk, scope=Scope.district("64.71"))


def test_a_forged_or_weak_token_is_refused(cooperative):
    invitation = _invite(cooperative)
    token = _token(invitation)

    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.invitation_accept(token=token[:-1] + "x", password=PASSWORD)
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, password="12345678")

    assert selectors.invitation_for_token("tanpa-tanda-tangan") is None


def test_district_invitation_lands_a_district_user():
    invitation = services.invitation_create(
        kind=Invitation.Kind.DISTRICT,
        email="dinas@example.id",
        scope=Scope.province(),
        district_code="64.72",
    )

    user = services.invitation_accept(token=_token(invitation), password=PASSWORD)

    assert (user.role, user.district_id) == ("district", "64.72")
    assert Scope.for_user(user) == Scope.district("64.72")


# --- Bulk ----------------------------------------------------------------------------
def _csv(*rows: str) -> io.BytesIO:
    header = "nik_koperasi,nama,nik,surel,no_hp,peran"
    return io.BytesIO("\n".join((header, *rows)).encode())


def test_invitations_import_dry_run_sends_nothing(
    cooperative, django_capture_on_commit_callbacks
):
    file = _csv(
        f"{cooperative.nik},Siti,6472035506900002,siti@example.id,081234567890,ketua",
        f"{cooperative.nik},Andi,,andi@example.id,,pengurus",
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_import_csv(
            file=file, scope=SAMARINDA, dry_run=True
        )

    assert (result.rows, result.invited, result.errors) == (2, 2, [])
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_invitations_import_reports_every_bad_row_and_sends_nothing(
    cooperative, django_capture_on_commit_callbacks
):
    balikpapan = CooperativeFactory(district=district("64.71"))
    file = _csv(
        f"{cooperative.nik},Siti,6472035506900002,siti@example.id,,ketua",
        f"{balikpapan.nik},Andi,,andi@example.id,,pengurus",
        "6472999999999999,Rina,,rina@example.id,,pengurus",
        f"{cooperative.nik},Dewi,123,dewi@example.id,,bos",
        f"{cooperative.nik},Eko,,bukan-surel,,",
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_import_csv(file=file, scope=SAMARINDA)

    not_here = "Koperasi dengan NIK koperasi ini tidak ada di wilayah Anda."
    assert result.invited == 0
    assert result.errors[:3] == [
        (3, "nik_koperasi", not_here),
        (4, "nik_koperasi", not_here),
        (5, "peran", "Isi peran dengan pengurus, ketua, sekretaris atau bendahara."),
    ]
    assert result.errors[3][:2] == (6, "surel")
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_invitations_import_sends_each_row(
    cooperative, django_capture_on_commit_callbacks
):
    file = _csv(
        f"{cooperative.nik},Siti,6472035506900002,siti@example.id,081234567890,ketua",
        f"{cooperative.nik},Andi,,andi@example.id,,pengurus",
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_import_csv(file=file, scope=SAMARINDA)

    queued = list(Invitation.objects.values_list("sending", flat=True))
    sent_in_request = len(mail.outbox)
    for invitation in Invitation.objects.all():  # what the task runs, twice over
        invitation_send_queued(invitation_id=invitation.pk)
        invitation_send_queued(invitation_id=invitation.pk)

    assert (result.invited, result.errors) == (2, [])
    assert (queued, sent_in_request) == (["queued", "queued"], 0)
    siti = Invitation.objects.get(email="siti@example.id")
    assert (siti.batch, siti.sending) == (result.batch, "sent")
    assert siti.position == "chair"
    assert siti.person.nik == "6472035506900002"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "andi@example.id",
        "siti@example.id",
    ]


# --- The command -------------------------------------------------------------------
def test_invite_user_prints_a_working_link_last(cooperative, client, settings):
    settings.SITE_URL = "https://kukm.example.id"
    out = io.StringIO()

    call_command(
        "invite_user",
        "--role=officer",
        f"--cooperative={cooperative.nik}",
        "--email=baru@example.id",
        "--name=Rina",
        stdout=out,
    )

    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://kukm.example.id/portal/undangan/")
    assert " " not in link
    path = urlsplit(link).path
    page = client.get(path)
    assert page.status_code == 200
    assert page.content.count(b'type="password"') == 2
    done = client.post(
        path, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == f"/portal/koperasi/{cooperative.pk}/"
    assert done.context["user"].email == "baru@example.id"


def test_invite_user_for_a_district(client):
    out = io.StringIO()

    call_command(
        "invite_user",
        "--role",
        "district",
        "--district",
        "64.72",
        "--email",
        "dinas@example.id",
        stdout=out,
    )

    link = out.getvalue().strip().splitlines()[-1]
    response = client.post(
        urlsplit(link).path, {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert User.objects.get(email="dinas@example.id").district_id == "64.72"


@pytest.mark.parametrize(
    "args",
    [
        ["--role=officer", "--cooperative=6472999999999999", "--email=a@example.id"],
        ["--role=officer", "--email=a@example.id"],
        ["--role=district", "--email=a@example.id"],
        ["--role=district", "--district=99.99", "--email=a@example.id"],
    ],
)
def test_invite_user_refuses_bad_arguments(args):
    with pytest.raises(CommandError):
        call_command("invite_user", *args, stdout=io.StringIO())

    assert not Invitation.objects.exists()
