"""Writes made by Celery tasks and management commands name an actor in the change
history: the inactive `sistem` account (issue 16, item 5)."""

import time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.scope import Scope
from accounts.system_actor import SYSTEM_USERNAME, acting_as, system_user
from cooperatives import services as registry_services
from cooperatives.models import Cooperative
from financing.models import Application
from kukm_portal.celery import app
from reports import services as report_services
from tests.factories import CooperativeFactory
from tests.workers import thread_worker

pytestmark = pytest.mark.django_db


@app.task(name="tests.accounts.cooperative_rename_task")
def cooperative_rename_task(cooperative_id: int, name: str) -> None:
    """A task as the apps write them: ids in, one service call."""
    registry_services.cooperative_update(
        cooperative_id=cooperative_id, data={"name": name}, by=system_user()
    )


def _wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.django_db(transaction=True)
def test_a_write_by_a_task_on_a_real_worker_names_the_system_account():
    cooperative = CooperativeFactory(name="Koperasi Lama")

    with thread_worker():
        cooperative_rename_task.delay(cooperative.pk, "Koperasi Baru")
        _wait_for(lambda: Cooperative.objects.filter(name="Koperasi Baru").exists())

    latest = Cooperative.history.filter(id=cooperative.pk).latest("history_id")
    assert latest.name == "Koperasi Baru"
    assert latest.history_user is not None
    assert latest.history_user.username == SYSTEM_USERNAME


def test_the_system_account_cannot_sign_in_and_sees_nothing():
    user = system_user()

    assert system_user() == user  # one account
    assert not user.is_active
    assert not user.has_usable_password()
    assert Scope.for_user(user) == Scope.nothing()


def test_an_actor_already_set_is_kept(staff_user):
    cooperative = CooperativeFactory()

    # As inside a request (or a command acting as a named user): a task
    # function called there directly, not queued, does not replace the actor.
    with acting_as(staff_user), acting_as():
        registry_services.cooperative_update(
            cooperative_id=cooperative.pk, data={"name": "Diubah"}, by=staff_user
        )

    latest = Cooperative.history.filter(id=cooperative.pk).latest("history_id")
    assert latest.history_user == staff_user


def test_seed_demo_names_the_system_account_in_the_history():
    call_command("seed_demo", cooperatives=3, enterprises=4, years=1, stdout=StringIO())

    histories = [
        model for model in apps.get_models() if model.__name__.startswith("Historical")
    ]
    for history in histories:
        assert not history.objects.filter(history_user=None).exists(), history
    assert Application.history.filter(history_user__username=SYSTEM_USERNAME).exists()


def test_a_scheduled_report_is_requested_by_the_system_account():
    run = report_services.report_schedule_run(
        kind="cooperative_recap", format="xlsx", period="yearly"
    )

    assert run.requested_by.username == SYSTEM_USERNAME
