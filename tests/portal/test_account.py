import re

import pytest

from notifications.models import Notification
from tests.factories import CooperativeFactory, UserFactory, officer_of

pytestmark = pytest.mark.django_db


def test_password_reset_by_email(client, mailoutbox):
    user = officer_of(CooperativeFactory(), email="ketua@koperasi.id")

    client.post("/portal/lupa-sandi/", {"email": "ketua@koperasi.id"})
    link = re.search(
        r"http://testserver(/portal/sandi-baru/\S+/)", mailoutbox[0].body
    ).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    client.post(
        form_url,
        {
            "new_password1": "Sandi-Baru-Kuat-2026",
            "new_password2": "Sandi-Baru-Kuat-2026",
        },
    )

    user.refresh_from_db()
    assert user.check_password("Sandi-Baru-Kuat-2026")


def test_failed_logins_are_locked_out(client, settings):
    officer_of(CooperativeFactory(), username="pengurus.x")
    attempts = [
        client.post(
            "/portal/masuk/",
            {"username": "pengurus.x", "password": "salah"},
            REMOTE_ADDR="10.0.0.9",
        ).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT + 1)
    ]

    locked = client.post(
        "/portal/masuk/",
        {"username": "pengurus.x", "password": "rahasia-kuat-2026"},
        REMOTE_ADDR="10.0.0.9",
    )

    assert attempts[-1] == 429
    assert locked.status_code == 429


def test_notifications_list_and_mark_read(client):
    user = officer_of(CooperativeFactory())
    other = UserFactory()
    mine = Notification.objects.create(
        user=user, kind="x", title="Laporan dikembalikan", body="Alasan"
    )
    Notification.objects.create(
        user=other, kind="x", title="Milik orang lain", body="-"
    )
    client.force_login(user)

    page = client.get("/portal/notifikasi/").content.decode()
    client.post("/portal/notifikasi/dibaca/", {"id": mine.pk})

    mine.refresh_from_db()
    assert "Laporan dikembalikan" in page
    assert "Milik orang lain" not in page
    assert mine.read_at is not None


def test_profile_edit_keeps_identity_read_only(client):
    cooperative = CooperativeFactory(nik="6472000011112222", name="Koperasi Asli")
    client.force_login(officer_of(cooperative))

    response = client.post(
        f"/portal/koperasi/{cooperative.pk}/profil/",
        {
            "address": "Jl. Pahlawan 7",
            "village": "64.72.03.1004",
            "sub_district": "64.72.03",
            "postal_code": "75124",
            "phone": "0541 123456",
            "email": "kop@example.id",
            "name": "Diganti",
            "nik": "6472999999999999",
        },
    )

    cooperative.refresh_from_db()
    assert response.status_code == 302
    assert cooperative.address == "Jl. Pahlawan 7"
    assert cooperative.phone == "+62541123456"
    assert (cooperative.name, cooperative.nik) == ("Koperasi Asli", "6472000011112222")


def test_profile_refuses_a_kecamatan_of_another_district(client):
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))

    response = client.post(
        f"/portal/koperasi/{cooperative.pk}/profil/",
        {"sub_district": "64.71.01", "postal_code": "12"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kode pos" in body or "kode pos" in body
    assert "Ada masalah" in body


def test_english_switch(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/masuk/"})

    response = client.get("/portal/masuk/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
