"""`manage.py privacy_retention [--dry-run]`, the nightly task and its schedule."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from audit.models import PersonalDataAccess
from cooperatives.models import Person
from privacy.retention import years_before
from privacy.tasks import retention_sweep_task
from tests.factories import CooperativeRoleFactory
from tests.workers import thread_worker, wait_for

pytestmark = pytest.mark.django_db


def _person_gone_six_years() -> Person:
    """A member whose role ended 6 years ago, recorded 7 years ago."""
    today = timezone.localdate()
    role = CooperativeRoleFactory(
        starts_on=years_before(today, 8), ends_on=years_before(today, 6)
    )
    Person.objects.filter(pk=role.person_id).update(
        created_at=timezone.now() - datetime.timedelta(days=7 * 366)
    )
    return role.person


def test_command_dry_run_prints_what_would_be_done_and_changes_nothing():
    person = _person_gone_six_years()
    out = StringIO()

    call_command("privacy_retention", "--dry-run", stdout=out)

    person.refresh_from_db()
    assert out.getvalue().splitlines() == [
        "Uji coba: tidak ada yang diubah. Yang akan diproses:",
        "  Orang dianonimkan: 1",
        "  Akun portal dihapus: 0",
        "  Undangan akun dihapus: 0",
        "  Permintaan akses dihapus: 0",
        "  Pendaftaran pemilik UMKM dihapus: 0",
        "  Dokumen permohonan pembiayaan dihapus: 0",
        "  Catatan masuk dihapus: 0",
    ]
    assert person.anonymised_at is None


def test_command_prints_what_was_done():
    person = _person_gone_six_years()
    out = StringIO()

    call_command("privacy_retention", stdout=out)

    person.refresh_from_db()
    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "Masa simpan data pribadi: yang diproses:",
        "  Orang dianonimkan: 1",
    ]
    assert person.name == Person.ANONYMISED_NAME


def test_task_runs_the_sweep_and_a_second_run_does_nothing():
    person = _person_gone_six_years()

    first = retention_sweep_task()
    second = retention_sweep_task()

    person.refresh_from_db()
    assert first["persons"] == 1
    assert set(second.values()) == {0}
    assert person.anonymised_at is not None


def test_beat_runs_the_sweep_every_night_wita():
    task = PeriodicTask.objects.get(task="privacy.tasks.retention_sweep_task")

    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")
    assert str(task.crontab.timezone) == "Asia/Makassar"


@pytest.mark.django_db(transaction=True)
def test_task_delivered_twice_to_a_real_worker_acts_once():
    person = _person_gone_six_years()
    audited = PersonalDataAccess.objects.filter(action="retention")

    with thread_worker():
        retention_sweep_task.delay()
        retention_sweep_task.delay()
        wait_for(lambda: Person.objects.filter(anonymised_at__isnull=False).exists())
        wait_for(lambda: audited.exists())

    person.refresh_from_db()
    assert person.name == Person.ANONYMISED_NAME
    assert list(audited.values_list("export_kind", "rows")) == [("persons", 1)]
