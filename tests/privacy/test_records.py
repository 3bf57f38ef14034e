"""The retention sweep on the documents of financing applications (rows,
history and stored files, once the sweep has committed) and on the login
records of django-axes: each acted on the day after its period, not the day
before; a dry run counts them and deletes nothing."""

import pytest
from axes.models import (
    AccessAttempt,
    AccessAttemptExpiration,
    AccessFailureLog,
    AccessLog,
)
from django.core.files.storage import default_storage

from financing.models import ApplicationDocument
from privacy.services import retention_sweep

from .factories import (
    CUT,
    DAY,
    TODAY,
    document_of_loan_closing,
    document_of_rejection,
    login_logs,
    noon,
)

pytestmark = pytest.mark.django_db

LOGS = (AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog)


@pytest.mark.parametrize(
    "document_of", [document_of_loan_closing, document_of_rejection]
)
@pytest.mark.parametrize(("days", "deleted"), [(-1, True), (0, False), (1, False)])
def test_document_and_its_file_go_ten_years_after_the_application_ended(
    django_capture_on_commit_callbacks, document_of, days, deleted
):
    document = document_of(CUT.financing + days * DAY)
    name = document.file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        done = retention_sweep(today=TODAY)

    assert done["documents"] == int(deleted)
    assert ApplicationDocument.objects.filter(pk=document.pk).exists() is not deleted
    assert ApplicationDocument.history.filter(id=document.pk).exists() is not deleted
    assert default_storage.exists(name) is not deleted


def test_document_of_a_loan_still_running_stays(django_capture_on_commit_callbacks):
    document = document_of_loan_closing(CUT.financing - DAY)
    document.application.loan.__class__.objects.filter(
        pk=document.application.loan.pk
    ).update(closed_on=None)

    with django_capture_on_commit_callbacks(execute=True):
        done = retention_sweep(today=TODAY)

    assert done["documents"] == 0
    assert default_storage.exists(document.file.name)


def test_files_are_deleted_only_once_the_sweep_commits(
    django_capture_on_commit_callbacks,
):
    document = document_of_loan_closing(CUT.financing - DAY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retention_sweep(today=TODAY)

    assert len(callbacks) == 1
    assert default_storage.exists(document.file.name)  # not committed yet
    callbacks[0]()
    assert not default_storage.exists(document.file.name)


@pytest.mark.parametrize(("days", "deleted"), [(-1, True), (0, False), (1, False)])
def test_login_records_go_a_year_after_the_attempt(days, deleted):
    login_logs(noon(CUT.logins + days * DAY))

    done = retention_sweep(today=TODAY)

    assert done["login_logs"] == 3 * int(deleted)
    assert {model.objects.exists() for model in LOGS} == {not deleted}


def test_dry_run_counts_documents_and_logins_and_deletes_nothing(
    django_capture_on_commit_callbacks,
):
    document = document_of_loan_closing(CUT.financing - DAY)
    login_logs(noon(CUT.logins - DAY))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        counted = retention_sweep(today=TODAY, dry_run=True)

    assert (counted["documents"], counted["login_logs"]) == (1, 3)
    assert not callbacks
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(document.file.name)
    assert all(model.objects.exists() for model in LOGS)
