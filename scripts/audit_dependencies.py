"""Audit the locked dependencies for known vulnerabilities, with PyPI as the only source.

    python scripts/audit_dependencies.py requirements-dev.lock [--strict]

1. pip-audit (PyPI service) checks every pinned release against PyPI's advisory data
   (the per-release JSON API, https://pypi.org/pypi/<name>/<version>/json).
2. Some PyPI mirrors and proxies serve only the per-project JSON
   (https://pypi.org/pypi/<name>/json), so pip-audit skips every release. For those
   this script falls back to the per-project JSON: a yanked pin fails; a pin that is
   the latest release is audited with that release's advisories; an advisory on the
   latest release with no fixed version affects older pins too, and fails. A pin behind
   the latest release cannot be audited there: it is listed, and fails with --strict
   (or AUDIT_STRICT=1), which CI with full PyPI or OSV access should use.

Exit status 1 on any finding. See docs/security.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PYPI = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.M)


def locked_pins(path: str) -> dict[str, str]:
    with open(path) as lock:
        return {name.lower(): version for name, version in PIN.findall(lock.read())}


def pip_audit(path: str) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            path,
            "--require-hashes",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):  # 1 = vulnerabilities found
        sys.stderr.write(result.stderr)
        raise SystemExit(f"pip-audit failed ({result.returncode})")
    return json.loads(result.stdout)


def project_json(name: str) -> dict | None:
    url = f"{PYPI}/{name}/json"
    if not url.startswith("https://"):
        raise SystemExit(f"refusing a non-HTTPS index: {url}")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 https only, checked above
            return json.load(response)
    except OSError:
        return None


def fallback(name: str, version: str) -> tuple[list[str], str | None]:
    """(findings, reason it is not audited) for one pin, from the per-project JSON."""
    data = project_json(name)
    if data is None:
        return [], "PyPI did not answer"
    files = data["releases"].get(version)
    if not files:
        return [f"{name}=={version}: no such release on PyPI"], None
    if all(f.get("yanked") for f in files):
        return [f"{name}=={version}: yanked ({files[0].get('yanked_reason')})"], None
    latest = data["info"]["version"]
    advisories = data.get("vulnerabilities") or []
    if version == latest:
        return [
            f"{name}=={version}: {v['id']} {v.get('aliases')}" for v in advisories
        ], None
    unfixed = [v for v in advisories if not v.get("fixed_in")]
    findings = [f"{name}=={version}: {v['id']} (unfixed in {latest})" for v in unfixed]
    # A pin on a maintained series (Django LTS) should at least be its newest patch.
    series = version.split(".")[:2]
    newer = [
        v
        for v, files in data["releases"].items()
        if v.split(".")[:2] == series and files and _newer(v, version)
    ]
    patch = f"; newer in its series: {', '.join(sorted(newer))}" if newer else ""
    return findings, f"pinned {version}, latest {latest}{patch}"


def _newer(candidate: str, version: str) -> bool:
    from packaging.version import InvalidVersion, Version

    try:
        new = Version(candidate)
        return not new.is_prerelease and new > Version(version)
    except InvalidVersion:
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lockfiles", nargs="+")
    parser.add_argument(
        "--strict", action="store_true", default=os.environ.get("AUDIT_STRICT") == "1"
    )
    args = parser.parse_args()
    pins: dict[str, str] = {}
    findings: list[str] = []
    skipped: set[str] = set()
    for path in args.lockfiles:
        pins.update(locked_pins(path))
        for dependency in pip_audit(path)["dependencies"]:
            name = dependency["name"].lower()
            if "skip_reason" in dependency:
                skipped.add(name)
            for vuln in dependency.get("vulns", []):
                fixes = ", ".join(vuln.get("fix_versions", [])) or "none"
                findings.append(
                    f"{name}=={dependency['version']}: {vuln['id']} (fixed in {fixes})"
                )
    audited = len(pins) - len(skipped)
    not_audited: list[str] = []
    if skipped:
        with ThreadPoolExecutor(8) as pool:
            names = sorted(skipped)
            results = pool.map(lambda n: fallback(n, pins[n]), names)
            for name, (found, reason) in zip(names, results, strict=True):
                findings += found
                if reason:
                    not_audited.append(f"{name}: {reason}")
                else:
                    audited += 1
    print(
        f"audit: {audited} of {len(pins)} pinned releases audited against PyPI "
        f"({len(pins) - len(skipped)} by pip-audit, the rest by the per-project JSON)"
    )
    if not_audited:
        print(f"audit: {len(not_audited)} not auditable through this PyPI:")
        print("  " + "\n  ".join(not_audited))
    for finding in findings:
        print(f"VULNERABLE {finding}")
    if findings or (args.strict and not_audited):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
