"""The image (`COPY . .`) carries no secret, local data or people's files: the
build context computed with .dockerignore's rules, the way Docker reads them
(moby/patternmatcher: last matching rule wins, a rule matching a folder excludes
what is inside it, `**` spans folders), leaves them out and keeps the code."""

import re
from pathlib import Path

import pytest
from django.conf import settings

DOCKERIGNORE = Path(settings.BASE_DIR) / ".dockerignore"

MUST_STAY_OUT = [
    ".env",
    ".env.production",
    ".data/postgres/base/1/1259",
    ".data/redis/dump.rdb",
    "media/reports/cooperative_recap-2025-kaltim-1.xlsx",
    "media/imports/anggota.csv",
    "backups/kukm-2026-12-01.dump",
    ".venv/bin/python",
    ".venv/lib/python3.11/site-packages/django/__init__.py",
    ".git/config",
    "accounts/__pycache__/tokens.cpython-311.pyc",
    "reports/builders/__pycache__/base.cpython-311.pyc",
    ".pytest_cache/v/cache/lastfailed",
    ".hypothesis/examples/abc",
    ".ruff_cache/0.1/x",
    "staticfiles/css/portal.css",
    ".artifacts/screenshots/home-360.png",
    "celerybeat-schedule.db",
    "bench/results.md",
]
MUST_STAY_IN = [
    ".env.example",
    "manage.py",
    "requirements.lock",
    "Dockerfile",
    "gunicorn.conf.py",
    "kukm_portal/settings/production.py",
    "accounts/tokens.py",
    "reports/migrations/0001_initial.py",
    "templates/base.html",
    "static/css/portal.css",
    "locale/en/LC_MESSAGES/django.mo",
    "cooperatives/reference_data.py",
]


def _rules() -> list[tuple[re.Pattern, bool]]:
    """(regex, excludes) per rule, as moby's ignorefile.ReadAll and
    patternmatcher compile them."""
    rules = []
    for line in DOCKERIGNORE.read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        excludes = not pattern.startswith("!")
        pattern = pattern.lstrip("!").strip().rstrip("/").lstrip("/")
        rules.append((re.compile(_regex(pattern)), excludes))
    return rules


def _regex(pattern: str) -> str:
    out, i = "^", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
            out += ".*" if i >= len(pattern) else "(.*/)?"
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        else:
            out += re.escape(char)
        i += 1
    return out + "$"


def _excluded(path: str, rules) -> bool:
    parts = path.split("/")
    candidates = [path] + ["/".join(parts[: n + 1]) for n in range(len(parts) - 1)]
    excluded = False
    for regex, excludes in rules:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = excludes
    return excluded


@pytest.mark.parametrize(
    "entry",
    [".env", ".data/", "media/", "backups/", ".venv/", ".git/", "staticfiles/"],
)
def test_dockerignore_lists(entry):
    lines = [line.strip() for line in DOCKERIGNORE.read_text().splitlines()]

    assert entry in lines


@pytest.mark.parametrize("path", MUST_STAY_OUT)
def test_build_context_leaves_out(path):
    assert _excluded(path, _rules()), f"{path} would be copied into the image"


@pytest.mark.parametrize("path", MUST_STAY_IN)
def test_build_context_keeps(path):
    assert not _excluded(path, _rules()), f"{path} would be missing from the image"
