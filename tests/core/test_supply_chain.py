"""The lock files install what requirements*.txt pin: a pin changed without
`make lock` fails here, before `make install --require-hashes` would."""

import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)


def pins(name: str) -> dict[str, str]:
    text = (BASE_DIR / name).read_text()
    return {re.sub(r"[-_.]+", "-", p).lower(): v for p, v in PIN.findall(text)}


def hashed_pins(name: str) -> dict[str, str]:
    text = (BASE_DIR / name).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    found = {}
    for block in blocks:
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def test_every_requirement_is_locked_with_its_pinned_version_and_hashes():
    runtime = hashed_pins("requirements.lock")
    dev = hashed_pins("requirements-dev.lock")
    for package, version in pins("requirements.txt").items():
        assert runtime.get(package) == version, f"requirements.lock: {package}"
        assert dev.get(package) == version, f"requirements-dev.lock: {package}"
    for package, version in pins("requirements-dev.txt").items():
        assert dev.get(package) == version, f"requirements-dev.lock: {package}"
    # Shared dependencies resolve to the same release in both files.
    assert {p: v for p, v in dev.items() if p in runtime} == runtime
