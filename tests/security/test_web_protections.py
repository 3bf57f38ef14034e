"""Web protections checked from the outside: the production settings' headers and
cookies on real responses, CSRF on every URL of the site (generated from the URL
configuration and the admin registry), password validators on every password form,
and the login lockout on the admin too."""

from __future__ import annotations

import importlib
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import CooperativeFactory, StaffFactory, officer_of
from tests.security.test_authorization_matrix import (
    OFFICER_A,
    STAFF,
    all_routes,
    build_world,
    rule_for,
    url_of,
)

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-kuat-2026"
WEAK = ["12345678", "password", "sandi"]


@pytest.fixture
def world(db):
    return build_world()


# --- Production settings on real responses ------------------------------------------
SECURITY_SETTINGS = re.compile(
    r"^(SECURE_|SESSION_COOKIE_|CSRF_COOKIE_|X_FRAME_OPTIONS|CONTENT_SECURITY_POLICY)"
)


@pytest.fixture
def production(settings, monkeypatch):
    """The security settings of kukm_portal.settings.production, applied here."""
    monkeypatch.setenv(
        "SECRET_KEY", "x-production-like-test-key-0123456789abcdefghijkl"
    )
    # Production refuses to start without the NIK keys (public test keys here).
    monkeypatch.setenv(
        "NIK_ENCRYPTION_KEY", "n-U2QjBMX0Zm5XhG1HqYRkcMSUQ8V0mIrQ6EFcAgqmA="
    )
    monkeypatch.setenv("NIK_HMAC_KEY", "7oZ0Cf7tbqS3aIzPSKrn3ivKsCVz4c9R0f7o2lcdbXw=")
    module = importlib.import_module("kukm_portal.settings.production")
    for name in dir(module):
        if SECURITY_SETTINGS.match(name):
            setattr(settings, name, getattr(module, name))
    return settings


def cookie_flags(response, name: str) -> dict:
    morsel = response.cookies[name]
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
    }


def test_production_redirects_http_to_https(production):
    response = Client().get("/portal/masuk/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/portal/masuk/"


def test_production_responses_carry_hsts_and_the_other_headers(production):
    response = Client().get("/portal/masuk/", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "includeSubDomains" in hsts
    assert "preload" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp


def test_production_cookies_are_secure_httponly_and_samesite(production):
    officer_of(CooperativeFactory(), username="pengurus.cookie")
    client = Client()
    login = client.get("/portal/masuk/", secure=True)
    assert cookie_flags(login, "csrftoken") == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
    response = client.post(
        "/portal/masuk/",
        {"username": "pengurus.cookie", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    assert cookie_flags(response, production.SESSION_COOKIE_NAME) == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


# --- CSRF on every URL ------------------------------------------------------------------
def admin_object_urls(world) -> list[str]:
    """Change, delete and history pages of every admin model with a row in the world."""
    urls = []
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for page in ("change", "delete", "history"):
            try:
                urls.append(reverse(f"{prefix}_{page}", args=[obj.pk]))
            except NoReverseMatch:
                continue
    return urls


def test_every_url_refuses_a_session_post_without_csrf_token(world):
    """Every URL of the site, as a logged-in session without the token: 403 before
    any view runs. API tokens are not ambient credentials and need no CSRF token;
    a session on the API does (DRF's SessionAuthentication)."""
    urls = set()
    for route in all_routes():
        rule = rule_for(route.name)
        url = url_of(route, rule, world) if rule else None
        if url:
            urls.add(url)
    urls |= set(admin_object_urls(world))
    # UserAdmin names its password page after auth.User, whatever the user model.
    urls.add(reverse("admin:auth_user_password_change", args=[world.users[STAFF].pk]))
    assert len(urls) > 150, len(urls)
    failures = []
    for role in (STAFF, OFFICER_A):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[role])
        for url in sorted(urls):
            response = client.post(url, {"x": "1"})
            # A public API view without authentication takes no POST at all.
            if response.status_code == 405 and url.startswith("/api/"):
                continue
            if response.status_code != 403:
                failures.append(f"{role}: POST {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_post_with_the_token_passes_the_csrf_check(world):
    """The refusal above is the CSRF check, not something else answering 403."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[OFFICER_A])
    page = client.get("/portal/notifikasi/")
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
    ).group(1)
    response = client.post(
        "/portal/notifikasi/dibaca/", {"csrfmiddlewaretoken": token, "id": "0"}
    )
    assert response.status_code != 403


# --- Password validators --------------------------------------------------------------
@pytest.mark.parametrize("weak", WEAK)
def test_password_reset_refuses_a_weak_password(client, mailoutbox, weak):
    user = officer_of(CooperativeFactory(), email="ketua@koperasi.id")
    client.post("/portal/lupa-sandi/", {"email": "ketua@koperasi.id"})
    link = re.search(
        r"http://testserver(/portal/sandi-baru/\S+/)", mailoutbox[0].body
    ).group(1)
    form_url = client.get(link).url

    response = client.post(form_url, {"new_password1": weak, "new_password2": weak})

    user.refresh_from_db()
    assert response.status_code == 200  # the form again, with the errors
    assert response.context["form"].errors["new_password2"]
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("weak", WEAK)
def test_admin_password_forms_refuse_a_weak_password(client, weak):
    staff = StaffFactory(password=PASSWORD)
    other = officer_of(CooperativeFactory())
    client.force_login(staff)

    own = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    theirs = client.post(
        reverse("admin:auth_user_password_change", args=[other.pk]),
        {"password1": weak, "password2": weak, "usable_password": "true"},
    )

    staff.refresh_from_db()
    other.refresh_from_db()
    assert own.status_code == 200
    assert own.context["form"].errors
    assert theirs.status_code == 200
    assert theirs.context["form"].errors
    assert staff.check_password(PASSWORD)
    assert other.check_password(PASSWORD)


# --- Lockout ---------------------------------------------------------------------------
def test_admin_login_is_locked_out_after_failed_attempts(client, settings):
    StaffFactory(username="staf.kunci", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "staf.kunci", "password": "salah"},
            REMOTE_ADDR="10.0.0.7",
        )

    locked = client.post(
        "/admin/login/",
        {"username": "staf.kunci", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
