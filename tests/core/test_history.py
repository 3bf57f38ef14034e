"""Change history people can read (issue 22.1): values formatted as Indonesians
write them, reasons in words, who acted (also in a task), no empty rows, starting
records for rows without history, and the admin's history page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.models import registered_models

from accounts.system_actor import acting_as
from cooperatives import services as registry_services
from cooperatives.models import AnnualReport, Cooperative, Person
from core.admin import HistoryAdmin
from core.history import START_REASON, history_entries, history_start_missing
from core.history.values import field_value
from financing.models import Application, Loan
from kukm_portal.celery import app
from tests.factories import AnnualReportFactory, CooperativeFactory, StaffFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _field(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    ("model", "name", "value", "shown"),
    [
        (Cooperative, "kind", Cooperative.Kind.CONSUMER, "Konsumen"),
        (AnnualReport, "status", "verified", "Diverifikasi"),
        (AnnualReport, "own_capital", Decimal("1250000.00"), "Rp1.250.000"),
        (AnnualReport, "own_capital", Decimal("1250000.50"), "Rp1.250.001"),
        (Loan, "annual_rate", Decimal("6.00"), "6,00"),
        (AnnualReport, "rat_held_on", datetime.date(2026, 12, 4), "4 Desember 2026"),
        (
            AnnualReport,
            "submitted_at",
            datetime.datetime(2026, 12, 4, 5, 46, 11, 263073, tzinfo=UTC),
            "4 Desember 2026 13.46 WITA",
        ),
        (Loan, "approver_disbursed", True, "Ya"),
        (Loan, "approver_disbursed", False, "Tidak"),
        (AnnualReport, "rat_held_on", None, "—"),
        (
            Application,
            "checklist",
            {"KTP": True, "NPWP": False},
            "KTP: Ya; NPWP: Tidak",
        ),
        (
            Application,
            "eligibility",
            [{"rule": "tenor"}, {"rule": "amount"}],
            "2 butir",
        ),
        (Application, "eligibility", [], "—"),
        (Person, "nik_hash", "abc123", "(tersembunyi)"),
    ],
)
def test_field_value_reads_as_people_write_it(model, name, value, shown):
    assert field_value(_field(model, name), value, {}) == shown


def test_field_value_names_a_related_row_or_says_it_is_gone():
    cooperative = CooperativeFactory(name="Koperasi Maju")
    field = _field(AnnualReport, "cooperative")
    related = {(Cooperative, cooperative.pk): str(cooperative)}

    assert field_value(field, cooperative.pk, related) == "Koperasi Maju"
    assert field_value(field, 999999, related) == "#999999 (sudah dihapus)"


def _entries(report):
    records = report.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    return history_entries(records)


def test_a_return_reads_with_its_reason_the_actor_and_the_status_label():
    staff = StaffFactory(first_name="Sari", last_name="Dewi")
    report = AnnualReportFactory()
    registry_services.annual_report_submit(report_id=report.pk, by=staff)
    why = "Neraca belum ditandatangani pengurus."

    registry_services.annual_report_return(report_id=report.pk, by=staff, reason=why)

    latest = _entries(report)[0]
    assert latest.actor == "Sari Dewi"
    assert latest.reason == f"Dikembalikan untuk diperbaiki: {why}"
    assert ("Status", "Diajukan", "Dikembalikan") in [
        (line.label, line.old, line.new) for line in latest.lines
    ]
    assert latest.at.endswith(" WITA")
    assert "return" not in latest.reason


def test_a_save_without_a_visible_change_is_left_out_but_creation_shows():
    report = AnnualReportFactory()
    report.save()  # same values: a record with nothing to read
    report.save()

    entries = _entries(report)

    assert report.history.count() == 3
    assert [entry.action for entry in entries] == ["created"]


@app.task(name="tests.core.annual_report_verify_task")
def annual_report_verify_task(report_id: int, user_id: int) -> None:
    """A task as the apps write them: ids in, one service call with `by`."""
    from accounts.models import User

    registry_services.annual_report_verify(
        report_id=report_id, by=User.objects.get(pk=user_id)
    )


def test_a_service_called_from_a_task_records_its_by_not_the_system():
    staff = StaffFactory(first_name="Budi", last_name="Santoso")
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)

    annual_report_verify_task.apply(args=[report.pk, staff.pk])  # as a worker runs it

    latest = report.history.latest("history_id")
    assert latest.history_user == staff
    assert _entries(report)[0].actor == "Budi Santoso"


def test_a_write_nobody_asked_for_names_the_system_account():
    report = AnnualReportFactory()

    with acting_as():
        AnnualReport.objects.get(pk=report.pk).save()
        report.refresh_from_db()
        report.members_male += 1
        report.save()

    assert _entries(report)[0].actor == "Sistem (tugas terjadwal dan perintah)"


def test_history_start_missing_writes_one_starting_record_per_row_once():
    seeded = Cooperative.objects.bulk_create(  # no history, as a bulk load leaves it
        [CooperativeFactory.build(), CooperativeFactory.build()]
    )
    kept = CooperativeFactory()  # has its own history already

    first = history_start_missing()
    second = history_start_missing()

    assert first["cooperatives.Cooperative"] == len(seeded)
    assert second["cooperatives.Cooperative"] == 0
    for cooperative in seeded:
        (record,) = Cooperative.history.filter(id=cooperative.pk)
        assert (record.history_type, record.history_change_reason) == (
            "+",
            START_REASON,
        )
        assert record.name == cooperative.name
    assert Cooperative.history.filter(id=kept.pk).count() == 1


def test_the_first_edit_after_a_starting_record_shows_what_changed():
    (cooperative,) = Cooperative.objects.bulk_create([CooperativeFactory.build()])
    history_start_missing(app_labels={"cooperatives"})
    old_name = cooperative.name

    registry_services.cooperative_update(
        cooperative_id=cooperative.pk, data={"name": "Koperasi Baru"}, by=StaffFactory()
    )

    changed, start = history_entries(
        Cooperative.history.filter(id=cooperative.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    assert (start.action, start.actor) == ("start", "Sistem (catatan awal)")
    assert [(line.old, line.new) for line in changed.lines if line.old == old_name] == [
        (old_name, "Koperasi Baru")
    ]


def test_every_admin_of_a_model_with_history_reads_it_readably():
    plain = [
        model._meta.label
        for model in registered_models.values()
        if model in admin.site._registry
        and not isinstance(admin.site._registry[model], HistoryAdmin)
    ]

    assert plain == []


def _verified_report_with_history(edits: int):
    staff = StaffFactory()
    report = AnnualReportFactory()
    for index in range(edits):
        registry_services.annual_report_update(
            report_id=report.pk, data={"members_male": 41 + index}, by=staff
        )
    registry_services.annual_report_verify(report_id=report.pk, by=staff)
    return report


def _history_page(client, report):
    url = f"/admin/cooperatives/annualreport/{report.pk}/history/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_admin_history_page_is_readable(staff_client):
    report = _verified_report_with_history(edits=1)

    page, _queries = _history_page(staff_client, report)

    assert "Diverifikasi" in page
    assert "WITA" in page
    assert "Draf" in page
    for raw in (">verified<", "→ verified", "None", "+00:00", "(pk="):
        assert raw not in page


def test_the_admin_history_page_costs_the_same_queries_however_long(staff_client):
    short = _verified_report_with_history(edits=1)
    long = _verified_report_with_history(edits=25)

    _page, few = _history_page(staff_client, short)
    _page, many = _history_page(staff_client, long)

    assert many == few


def test_starting_records_work_on_a_migrations_state_too():
    from django.db.migrations.loader import MigrationLoader

    state_apps = MigrationLoader(connection).project_state().apps
    (cooperative,) = Cooperative.objects.bulk_create([CooperativeFactory.build()])

    written = history_start_missing(apps=state_apps, app_labels={"cooperatives"})

    assert written["cooperatives.Cooperative"] == 1
    assert Cooperative.history.get(id=cooperative.pk).history_change_reason == (
        START_REASON
    )


def test_a_registry_write_from_a_task_names_its_by():
    staff = StaffFactory(first_name="Rina", last_name="Wati")
    cooperative = CooperativeFactory()

    with acting_as():  # as every task runs (kukm_portal.celery.SystemActorTask)
        registry_services.cooperative_update(
            cooperative_id=cooperative.pk, data={"name": "Koperasi Rina"}, by=staff
        )

    latest = Cooperative.history.filter(id=cooperative.pk).latest("history_id")
    assert latest.history_user == staff


def test_an_import_changing_a_row_without_history_reads_as_a_change():
    from tests.cooperatives.test_imports_services import csv_file, run

    (seeded,) = Cooperative.objects.bulk_create(  # as the demo seed leaves a row
        [CooperativeFactory.build(nik="6472000000000001", name="Koperasi Lama")]
    )
    header = ["nik", "name", "kind", "district"]
    rows = [{"nik": seeded.nik, "name": "Koperasi Baru", "kind": "Konsumen",
             "district": "64.72"}]  # fmt: skip

    job = run("cooperatives", csv_file(rows, header))

    assert job.status == "done", job.failure
    changed, start = history_entries(
        Cooperative.history.filter(id=seeded.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    assert start.action == "start"
    assert ("Koperasi Lama", "Koperasi Baru") in [
        (line.old, line.new) for line in changed.lines
    ]
    assert changed.reason == f"Impor data, tugas #{job.pk}"
