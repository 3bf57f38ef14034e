"""Web security: the Content Security Policy and the other security headers, cookie
flags (with the production settings too), no inline script or style in our
templates, and CSRF on every portal form."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.security.test_authorization_matrix import (
    OFFICER_A,
    RULES,
    STAFF,
    all_routes,
    build_world,
    client_for,
    url_of,
)

BASE_DIR = Path(settings.BASE_DIR)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def html_pages(world) -> list[tuple[Client, str]]:
    anonymous = Client()
    staff = client_for(STAFF, world)
    return [
        (anonymous, reverse("portal:login")),
        (anonymous, reverse("programs:catalogue")),
        (anonymous, reverse("financing:simulation")),
        (anonymous, reverse("certificates:verify", args=["matriks-sertifikat-a"])),
        (anonymous, reverse("api-docs")),
        (anonymous, reverse("admin:login")),
        (
            client_for(OFFICER_A, world),
            reverse("portal:dashboard", args=[world.cooperative.pk]),
        ),
        (staff, reverse("reports:dashboard")),
        (staff, reverse("admin:index")),
        (staff, reverse("admin:cooperatives_cooperative_changelist")),
    ]


@pytest.fixture
def world(db):
    return build_world()


def test_html_pages_carry_a_strict_csp_and_security_headers(world):
    for client, url in html_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        csp = csp_directives(response)
        assert csp.get("default-src") == ["'self'"], (url, csp)
        assert csp.get("script-src") == ["'self'"], (url, csp)
        assert csp.get("style-src") == ["'self'"], (url, csp)
        assert csp.get("frame-ancestors") == ["'none'"], (url, csp)
        assert csp.get("object-src") == ["'none'"], (url, csp)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


def test_api_responses_carry_nosniff_and_no_framing(world):
    client = client_for(STAFF, world)
    response = client.get(reverse("api:cooperative-list"))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_swagger_ui_needs_no_inline_script(db):
    client = Client()
    page = client.get(reverse("api-docs"))
    html = page.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "the Swagger UI page loads its scripts"
    for attributes, body in scripts:
        assert "src=" in attributes, attributes
        assert not body.strip(), attributes
    assert "<style" not in html
    init = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    script = client.get(init.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_or_style():
    """The CSP allows neither: an inline script or style would be blocked."""
    folders = [BASE_DIR / "templates"] + [
        path
        for path in BASE_DIR.glob("*/templates")
        if not path.is_relative_to(BASE_DIR / ".venv")
    ]
    found = []
    for folder in folders:
        for template in folder.rglob("*.html"):
            text = template.read_text()
            for pattern, what in INLINE:
                # json_script output is data (type="application/json"), not code.
                for match in pattern.finditer(text):
                    if "application/json" in match.group(0):
                        continue
                    found.append(f"{template.relative_to(BASE_DIR)}: {what}")
    assert not found, "\n".join(found)


def test_session_and_csrf_cookies_are_httponly(world):
    client = Client()
    login = client.get(reverse("portal:login"))
    assert login.cookies["csrftoken"]["httponly"]
    user = world.users[OFFICER_A]
    response = client.post(
        reverse("portal:login"),
        {"username": user.username, "password": "rahasia-kuat-2026"},
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kukm_portal.settings.production",
    "SECRET_KEY": "x-very-long-random-check-key-0123456789abcdefghijklmnop",
    "NIK_ENCRYPTION_KEY": "n-U2QjBMX0Zm5XhG1HqYRkcMSUQ8V0mIrQ6EFcAgqmA=",
    "NIK_HMAC_KEY": "7oZ0Cf7tbqS3aIzPSKrn3ivKsCVz4c9R0f7o2lcdbXw=",
}


def _production(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV}
    for name in ("PYTEST_XDIST_WORKER", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # set by the test run (browser tests), not production
    return subprocess.run(  # noqa: S603 our own interpreter and manage.py
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_make_cookies_secure_and_force_https():
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "DEBUG",
    ]
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        f"print(repr([getattr(s, n) for n in {names!r}]))"
    )
    result = _production("-c", code)
    assert result.returncode == 0, result.stderr
    values = dict(zip(names, eval(result.stdout.strip().splitlines()[-1]), strict=True))  # noqa: S307 our own repr of settings
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["DEBUG"] is False


def test_check_deploy_is_clean_with_production_settings():
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["NIK_ENCRYPTION_KEY", "NIK_HMAC_KEY"])
def test_production_does_not_start_without_a_nik_key(name, monkeypatch):
    monkeypatch.setitem(PRODUCTION_ENV, name, "")
    monkeypatch.delenv(name, raising=False)
    del PRODUCTION_ENV[name]

    result = _production("manage.py", "check")

    assert result.returncode != 0
    assert f"Set the {name} environment variable" in result.stderr


def test_production_refuses_a_malformed_nik_key(monkeypatch):
    monkeypatch.setitem(PRODUCTION_ENV, "NIK_ENCRYPTION_KEY", "terlalu-pendek")

    result = _production("manage.py", "check")

    assert result.returncode != 0
    assert "cooperatives.E001" in result.stderr + result.stdout


# --- CSRF on every portal form ------------------------------------------------------
class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "token": False,
            }
            self.forms.append(self._current)
        elif (
            tag == "input"
            and self._current is not None
            and attrs.get("name") == "csrfmiddlewaretoken"
            and attrs.get("value")
        ):
            self._current["token"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def post_forms(response) -> list[dict]:
    parser = FormParser()
    parser.feed(response.content.decode())
    return [form for form in parser.forms if form["method"] == "post"]


def test_every_post_form_carries_a_csrf_token_and_is_refused_without_it(world):
    """Every POST form on the portal pages an officer of A, staff and the public
    use carries the token; the same POST without it answers 403."""
    pages = []
    officer = client_for(OFFICER_A, world)
    staff = client_for(STAFF, world)
    for route in all_routes():
        rule = RULES.get(route.name)
        if rule is None or route.format_suffix or rule.download:
            continue
        if route.name.startswith("portal:") and OFFICER_A in rule.allow:
            pages.append((OFFICER_A, officer, url_of(route, rule, world)))
        elif rule.allow == {STAFF} and route.name.startswith("portal:"):
            pages.append((STAFF, staff, url_of(route, rule, world)))
    anonymous = Client()
    for name in ("portal:login", "portal:password-reset", "admin:login"):
        pages.append(("anonymous", anonymous, reverse(name)))
    # The pages below hold the forms that change data.
    forms_seen = 0
    refused = []
    for role, client, url in pages:
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        for form in post_forms(response):
            forms_seen += 1
            assert form["token"], f"POST form without csrfmiddlewaretoken on {url}"
            action = form["action"] or response.request["PATH_INFO"]
            strict = Client(enforce_csrf_checks=True)
            if role in world.users:
                strict.force_login(world.users[role])
            answer = strict.post(action, {"x": "1"})
            if answer.status_code != 403:
                refused.append(f"POST {action} without a token: {answer.status_code}")
    assert forms_seen >= 10
    assert not refused, "\n".join(refused)
