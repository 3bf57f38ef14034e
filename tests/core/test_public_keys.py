"""manage.py and Celery refuse to start with the keys published in the repository
when DEBUG is off (issue 16, item 7): one clear line, a non-zero exit."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from cooperatives.nik_crypto import generate_key
from kukm_portal.settings.public_keys import (
    LOCAL_NIK_HMAC_KEY,
    TEST_BACKUP_ENCRYPTION_KEY,
    TEST_NIK_ENCRYPTION_KEY,
)

KEYS = ("NIK_ENCRYPTION_KEY", "NIK_HMAC_KEY", "BACKUP_ENCRYPTION_KEY", "DEBUG")


def _run(command: list[str], **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in KEYS}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(variables)
    return subprocess.run(  # noqa: S603 our own commands
        command,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _manage(*args, **variables) -> subprocess.CompletedProcess:
    return _run([sys.executable, "manage.py", *args], **variables)


def _own_keys() -> dict[str, str]:
    return {
        "NIK_ENCRYPTION_KEY": generate_key(),
        "NIK_HMAC_KEY": generate_key(),
        "BACKUP_ENCRYPTION_KEY": generate_key(),
    }


def _refused_in_one_line(result, *names) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ImproperlyConfigured: ")
    assert "kunci publik" in lines[0]
    for name in names:
        assert name in lines[0]


def test_manage_py_refuses_the_local_keys_with_debug_off():
    result = _manage("check", DEBUG="false")

    _refused_in_one_line(
        result, "NIK_ENCRYPTION_KEY", "NIK_HMAC_KEY", "BACKUP_ENCRYPTION_KEY"
    )


@pytest.mark.parametrize(
    ("name", "public"),
    [
        ("NIK_ENCRYPTION_KEY", TEST_NIK_ENCRYPTION_KEY),
        ("NIK_HMAC_KEY", LOCAL_NIK_HMAC_KEY),
        ("BACKUP_ENCRYPTION_KEY", TEST_BACKUP_ENCRYPTION_KEY),
    ],
)
def test_production_settings_refuse_any_public_key(name, public):
    keys = _own_keys() | {name: public}

    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="kukm_portal.settings.production",
        SECRET_KEY="production-like-secret-for-the-test-0123456789abcdef",
        **keys,
    )

    _refused_in_one_line(result, name)


def test_own_keys_start_with_debug_off():
    result = _manage("check", DEBUG="false", **_own_keys())

    assert result.returncode == 0, result.stderr


def test_the_local_keys_are_fine_with_debug_on():
    result = _manage("check", DEBUG="true")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("program", ["worker", "beat"])
def test_celery_refuses_the_local_keys_with_debug_off(program):
    result = _run(
        [sys.executable, "-m", "celery", "-A", "kukm_portal", program],
        DEBUG="false",
    )

    _refused_in_one_line(result, "NIK_ENCRYPTION_KEY")
