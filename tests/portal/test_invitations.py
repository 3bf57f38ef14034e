"""The portal's invitation pages: the activation link, asking for access from the
sign-in page, and the pages where staff and district users invite and decide."""

import datetime
import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import AccessRequest, CooperativeRole, Invitation
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    StaffFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Pelangi-Mahakam-2026"
LINK = re.compile(r"https?://\S+/portal/undangan/\S+/")


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Sejahtera", district=district("64.72"))


@pytest.fixture
def samarinda_client(client):
    client.force_login(DistrictUserFactory(district=district("64.72")))
    return client


@pytest.fixture
def balikpapan_client(client):
    client.force_login(DistrictUserFactory(district=district("64.71")))
    return client


def _invite(cooperative, **kwargs):
    invitation = services.invitation_create(
        kind=Invitation.Kind.OFFICER,
        email=kwargs.pop("email", "ketua@example.id"),
        scope=Scope.province(),
        cooperative_id=cooperative.pk,
        **kwargs,
    )
    return invitation, urlsplit(invitation.link).path


# --- The activation page ---------------------------------------------------------
def test_activation_page_has_two_password_fields(client, cooperative):
    _invitation, path = _invite(cooperative)

    page = client.get(path)

    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('type="password"') == 2
    assert "Koperasi Sejahtera" in body
    assert page["Cache-Control"].startswith("max-age=0")


def test_activation_signs_in_and_lands_on_the_cooperative(client, cooperative):
    _invitation, path = _invite(cooperative)

    response = client.post(
        path, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/portal/koperasi/{cooperative.pk}/"
    assert response.context["user"].email == "ketua@example.id"
    assert "Akun Anda sudah aktif" in response.content.decode()
    client.logout()
    signed_in = client.post(
        "/portal/masuk/", {"username": "ketua@example.id", "password": PASSWORD}
    )
    assert signed_in.status_code == 302


def test_activation_works_once(client, cooperative):
    _invitation, path = _invite(cooperative)
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()

    again = client.get(path)
    posted = client.post(
        path, {"new_password1": "Lain-Sekali-2026", "new_password2": "Lain-Sekali-2026"}
    )

    assert again.status_code == 410
    assert "Tautan undangan ini sudah dipakai" in again.content.decode()
    assert posted.status_code == 410
    assert User.objects.get(email="ketua@example.id").check_password(PASSWORD)


def test_activation_expired_link_says_so_in_indonesian(client, cooperative):
    invitation, path = _invite(cooperative)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    page = client.get(path)

    assert page.status_code == 410
    assert "Tautan undangan ini sudah kedaluwarsa (berlaku 7 hari)" in (
        page.content.decode()
    )
    assert 'type="password"' not in page.content.decode()


def test_activation_refuses_different_passwords_and_keeps_the_link(client, cooperative):
    _invitation, path = _invite(cooperative)

    response = client.post(
        path, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"}
    )

    assert response.status_code == 200
    assert "Galat:" in response.content.decode()
    assert not User.objects.filter(email="ketua@example.id").exists()
    assert client.get(path).status_code == 200


def test_activation_unknown_token_is_404(client):
    assert client.get("/portal/undangan/bukan-token/").status_code == 404


# --- Staff and district users invite -----------------------------------------------
def test_district_user_invites_an_officer_of_their_district(
    samarinda_client, cooperative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = samarinda_client.post(
            "/portal/staf/undangan/baru/",
            {
                "cooperative_nik": cooperative.nik,
                "name": "Rina",
                "email": "rina@example.id",
                "position": "secretary",
            },
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.cooperative, invitation.position) == (cooperative, "secretary")
    assert mail.outbox[0].to == ["rina@example.id"]
    listing = samarinda_client.get("/portal/staf/undangan/").content.decode()
    assert "rina@example.id" in listing


def test_district_user_cannot_invite_for_another_district(
    balikpapan_client, cooperative
):
    response = balikpapan_client.post(
        "/portal/staf/undangan/baru/",
        {"cooperative_nik": cooperative.nik, "name": "Rina", "email": "r@example.id"},
    )

    assert response.status_code == 200
    assert "tidak ada di wilayah Anda" in response.content.decode()
    assert not Invitation.objects.exists()


def test_other_districts_invitations_are_404(balikpapan_client, cooperative):
    invitation, _path = _invite(cooperative)

    for action in ("kirim-ulang", "cabut"):
        response = balikpapan_client.post(
            f"/portal/staf/undangan/{invitation.pk}/{action}/"
        )
        assert response.status_code == 404
    listing = balikpapan_client.get("/portal/staf/undangan/").content.decode()

    assert "ketua@example.id" not in listing
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_district_user_revokes_and_resends(
    samarinda_client, cooperative, django_capture_on_commit_callbacks
):
    invitation, old_path = _invite(cooperative)

    with django_capture_on_commit_callbacks(execute=True):
        samarinda_client.post(f"/portal/staf/undangan/{invitation.pk}/kirim-ulang/")
    new_link = LINK.search(mail.outbox[-1].body).group(0)
    samarinda_client.post(f"/portal/staf/undangan/{invitation.pk}/cabut/")
    samarinda_client.logout()

    assert samarinda_client.get(old_path).status_code == 404
    assert samarinda_client.get(urlsplit(new_link).path).status_code == 410


def test_officers_do_not_reach_the_invitation_pages(client, cooperative):
    client.force_login(officer_of(cooperative))

    for path in ("/portal/staf/undangan/", "/portal/staf/permintaan-akses/"):
        assert client.get(path).status_code == 404


def test_bulk_page_dry_run_then_send(samarinda_client, cooperative):
    content = (
        "nik_koperasi,nama,nik,surel,no_hp,peran\n"
        f"{cooperative.nik},Siti,6472035506900002,siti@example.id,,ketua\n"
    ).encode()

    checked = samarinda_client.post(
        "/portal/staf/undangan/impor/",
        {"file": SimpleUploadedFile("u.csv", content), "dry_run": "on"},
    )
    sent = samarinda_client.post(
        "/portal/staf/undangan/impor/", {"file": SimpleUploadedFile("u.csv", content)}
    )

    assert "1 baris siap diundang" in checked.content.decode()
    assert sent.status_code == 302
    assert Invitation.objects.get().email == "siti@example.id"


def test_bulk_page_lists_row_errors(samarinda_client, cooperative):
    content = b"nik_koperasi,nama,nik,surel,no_hp,peran\n6472999999999999,A,,a@x.id,,\n"

    response = samarinda_client.post(
        "/portal/staf/undangan/impor/",
        {"file": SimpleUploadedFile("u.csv", content)},
    )

    body = response.content.decode()
    assert "Ada masalah, tidak ada undangan yang dikirim" in body
    assert "Koperasi dengan NIK koperasi ini tidak ada di wilayah Anda." in body


# --- Asking for access ---------------------------------------------------------------
def _ask(client, cooperative_nik, **extra):
    return client.post(
        "/portal/minta-akses/",
        {
            "cooperative_nik": cooperative_nik,
            "nik": "6472035506900002",
            "name": "Siti Aminah",
            "email": "siti@example.id",
            "position": "treasurer",
        },
        **extra,
    )


def test_sign_in_page_links_to_asking_for_access(client):
    page = client.get("/portal/masuk/").content.decode()

    assert "Belum punya akun?" in page
    assert 'href="/portal/minta-akses/"' in page


def test_access_request_end_to_end(
    client, cooperative, django_capture_on_commit_callbacks
):
    decider = DistrictUserFactory(district=district("64.72"))
    with django_capture_on_commit_callbacks(execute=True):
        asked = _ask(client, cooperative.nik)
    request = AccessRequest.objects.get()
    assert asked["Location"] == "/portal/minta-akses/terkirim/"
    assert mail.outbox[0].to == ["siti@example.id"]
    assert decider.notifications.get().title == "Permintaan akses baru"

    client.force_login(decider)
    queue = client.get("/portal/staf/permintaan-akses/").content.decode()
    page = client.get(f"/portal/staf/permintaan-akses/{request.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/portal/staf/permintaan-akses/{request.pk}/", {"decision": "approve"}
        )
    client.logout()
    link = LINK.search(mail.outbox[-1].body).group(0)
    landed = client.post(
        urlsplit(link).path,
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )

    assert "Siti Aminah" in queue
    assert "6472035506900002" not in page
    assert "6472********0002" in page
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.APPROVED
    assert mail.outbox[-1].to == ["siti@example.id"]
    assert landed.redirect_chain[-1][0] == f"/portal/koperasi/{cooperative.pk}/"
    role = CooperativeRole.objects.get(cooperative=cooperative)
    assert (role.person_name, role.position) == ("Siti Aminah", "treasurer")
    assert role.person.user.email == "siti@example.id"


def test_access_request_refused_with_a_reason(
    client, cooperative, samarinda_client, django_capture_on_commit_callbacks
):
    request = services.access_request_create(
        cooperative_nik=cooperative.nik,
        nik="6472035506900002",
        name="Siti",
        email="siti@example.id",
    )
    url = f"/portal/staf/permintaan-akses/{request.pk}/"

    without = samarinda_client.post(url, {"decision": "refuse"})
    with django_capture_on_commit_callbacks(execute=True):
        samarinda_client.post(
            url, {"decision": "refuse", "reason": "Bukan pengurus koperasi ini."}
        )

    assert "Tuliskan alasan penolakan." in without.content.decode()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.REFUSED
    assert "Alasan: Bukan pengurus koperasi ini." in mail.outbox[-1].body
    assert not Invitation.objects.exists()


def test_access_request_of_another_district_is_404(balikpapan_client, cooperative):
    request = services.access_request_create(
        cooperative_nik=cooperative.nik,
        nik="6472035506900002",
        name="Siti",
        email="siti@example.id",
    )

    url = f"/portal/staf/permintaan-akses/{request.pk}/"
    assert balikpapan_client.get(url).status_code == 404
    assert balikpapan_client.post(url, {"decision": "approve"}).status_code == 404
    queue = balikpapan_client.get("/portal/staf/permintaan-akses/")
    assert "Siti" not in queue.content.decode()


def test_access_request_answers_alike_whatever_the_cooperative_nik(
    client, cooperative, django_capture_on_commit_callbacks
):
    unknown = "6472999999999999"

    answers = []
    for nik in (cooperative.nik, unknown):
        with django_capture_on_commit_callbacks(execute=True):
            posted = _ask(client, nik)
        page = client.get(posted["Location"])
        body = re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode()
        )
        answers.append((posted.status_code, posted["Location"], body))

    assert answers[0] == answers[1]
    first, second = (re.sub(r"\d+\)", "N)", m.body) for m in mail.outbox)
    assert first == second
    assert "Koperasi Sejahtera" not in mail.outbox[0].body
    assert {r.district_id for r in AccessRequest.objects.all()} == {"64.72", None}
    staff = Scope.province()
    assert AccessRequest.objects.restrict(staff).count() == 2
    assert AccessRequest.objects.restrict(Scope.district("64.72")).count() == 1


def test_access_request_format_errors_next_to_the_fields(client):
    response = client.post(
        "/portal/minta-akses/", {"cooperative_nik": "12", "nik": "abc", "name": ""}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Masukkan Nomor Induk Koperasi 16 digit angka." in body
    assert not AccessRequest.objects.exists()


def test_access_request_is_rate_limited(client, cooperative, settings):
    settings.ABUSE_LIMITS = {**settings.ABUSE_LIMITS, "access_request": "2/h"}
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"

    codes = [
        _ask(client, cooperative.nik, REMOTE_ADDR=address).status_code for _ in range(3)
    ]

    assert codes == [302, 302, 429]
    assert AccessRequest.objects.count() == 2


def test_staff_decide_a_request_naming_no_cooperative(client):
    request = services.access_request_create(
        cooperative_nik="6472999999999999",
        nik="6472035506900002",
        name="Siti",
        email="siti@example.id",
    )
    client.force_login(StaffFactory())

    approve = client.post(
        f"/portal/staf/permintaan-akses/{request.pk}/", {"decision": "approve"}
    )

    assert "tidak terdaftar" in approve.content.decode()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.OPEN


def test_invitation_list_queries_do_not_grow_with_rows(
    samarinda_client, django_assert_max_num_queries
):
    for n in range(12):
        _invite(CooperativeFactory(district=district("64.72")), email=f"u{n}@x.id")

    with django_assert_max_num_queries(10):
        response = samarinda_client.get("/portal/staf/undangan/")

    assert response.content.decode().count("Kirim ulang") == 12


# --- The officer scope (roles and accepted invitations) ---------------------------
@pytest.mark.parametrize(
    "page", ["", "profil/", "orang/", "laporan/", "program/", "pembiayaan/"]
)
def test_officer_pages_cost_the_same_whether_a_role_or_an_invitation_gave_them(
    client, cooperative, page
):
    _invitation, path = _invite(cooperative)  # no NIK: no role, only the invitation
    token = path.rstrip("/").rsplit("/", 1)[-1]
    invited = services.invitation_accept(token=token, password=PASSWORD)
    assert not CooperativeRole.objects.filter(person__user=invited).exists()
    url = f"/portal/koperasi/{cooperative.pk}/{page}"
    counts = []
    for user in (officer_of(cooperative), invited):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
