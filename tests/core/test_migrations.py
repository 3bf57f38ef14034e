"""Migrations: every one applies forward from an empty database, the schema-evolving
ones (everything after each app's initial migrations) are replayed backward and
forward over demo data, and each is reversible or declared irreversible here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

BASE_DIR = Path(settings.BASE_DIR)
OUR_APPS = [
    # core's data migration (the history's starting records) depends on the
    # domain apps' later migrations, so going back over them unapplies it too.
    "core",
    "accounts",
    "api",
    "notifications",
    "cooperatives",
    "programs",
    "financing",
    "reports",
]
# (app, migration) -> why it cannot be reversed. A new irreversible migration must
# be listed here, deliberately.
IRREVERSIBLE: dict[tuple[str, str], str] = {}
# Rows the round trip over demo data must keep (their tables exist from 0001).
COUNTED = [
    "cooperatives_cooperative",
    "cooperatives_person",
    "cooperatives_enterprise",
    "cooperatives_annualreport",
    "programs_enrolment",
    "financing_application",
    "financing_loan",
    "financing_installment",
    "accounts_user",
]


def our_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        key: migration
        for key, migration in loader.disk_migrations.items()
        if key[0] in OUR_APPS
    }


def test_every_migration_is_reversible_or_declared_irreversible():
    migrations = our_migrations()
    irreversible = {
        key
        for key, migration in migrations.items()
        if any(not operation.reversible for operation in migration.operations)
    }
    assert irreversible == set(IRREVERSIBLE), (
        "irreversible migrations not declared in IRREVERSIBLE, or declared ones "
        f"that are reversible: {sorted(irreversible ^ set(IRREVERSIBLE))}"
    )
    # RunPython / RunSQL without a reverse are the usual way to lose reversibility.
    assert len(migrations) >= len(OUR_APPS)


def first_release_targets() -> dict[str, str]:
    """Per app, its newest migration in the first release: the initial migrations and
    everything they depend on (and the declared irreversible ones, which cannot be
    gone back over). What comes after is replayed over the demo data."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    closure: set[tuple[str, str]] = set()
    for key, migration in loader.disk_migrations.items():
        if key[0] in OUR_APPS and (migration.initial or key in IRREVERSIBLE):
            closure |= set(loader.graph.forwards_plan(key))
    targets = {}
    for app, name in closure:
        if app in OUR_APPS and name > targets.get(app, ""):
            targets[app] = name
    return targets


def scratch_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


def maintenance(statement: sql.Composable) -> None:
    db = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as admin:
        admin.execute(statement)


# One interpreter for the whole scenario: Django starts once, not once per step.
SCENARIO = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection

steps = json.loads(sys.argv[1])
def counts():
    with connection.cursor() as cursor:
        result = {}
        for table in steps["counted"]:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            result[table] = cursor.fetchone()[0]
        return result

call_command("migrate", verbosity=0)
call_command("seed_demo", cooperatives=4, enterprises=4, years=1, verbosity=0)
before = counts()
for app, name in steps["targets"]:
    call_command("migrate", app, name, verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM django_migrations")
    applied_back = cursor.fetchone()[0]
call_command("migrate", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM django_migrations")
    applied = cursor.fetchone()[0]
print(json.dumps({"before": before, "after": counts(),
                  "applied_back": applied_back, "applied": applied}))
"""


def run_scenario(url: str, targets: dict[str, str]) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "kukm_portal.settings.test",
    }
    # Dependents first, so going back one app never drags another below its target.
    order = [(app, targets[app]) for app in reversed(OUR_APPS) if app in targets]
    steps = json.dumps({"targets": order, "counted": COUNTED})
    result = subprocess.run(  # noqa: S603 our own interpreter and script
        [sys.executable, "-c", SCENARIO, steps],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # a loaded 2-core machine replays ~90 migrations slowly
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def scratch_database(db):
    name = f"{connection.settings_dict['NAME']}_migrations"
    maintenance(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    maintenance(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield scratch_url(name)
    maintenance(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


# Slow (every migration forward, demo data, the replay back and forth, in a
# subprocess): it runs in `make check`, which CI runs too.
@pytest.mark.slow
def test_migrations_apply_from_empty_and_replay_over_demo_data(scratch_database):
    targets = first_release_targets()
    later = [key for key in our_migrations() if key[1] > targets.get(key[0], "")]
    assert later, "no migration after the first release to replay"

    result = run_scenario(scratch_database, targets)

    # Every migration applied from empty; the later ones went back and forward again.
    assert result["applied_back"] == result["applied"] - len(later)
    assert all(result["before"].values()), result["before"]
    assert result["after"] == result["before"]
