import csv
import datetime
import io
import os

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperatives.models import District
from reports import services
from reports.models import ReportRun
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    district,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_data():
    verified = AnnualReportFactory(
        fiscal_year=2025,
        rat_held_on=datetime.date(2026, 3, 1),
        status="verified",
        members_male=30,
        members_female=20,
        own_capital=1_000_000,
    )
    AnnualReportFactory(
        cooperative=CooperativeFactory(district=district("64.71")),
        fiscal_year=2025,
        status="verified",
        rat_held_on=datetime.date(2026, 2, 1),
    )
    EnterpriseFactory(annual_revenue=100_000_000)
    EnterpriseFactory(annual_revenue=20_000_000_000, kbli="47111")
    EnterpriseFactory(
        district=district("64.71"),
        annual_revenue=None,
        business_capital=6_000_000_000,
        kbli="56101",
    )
    return verified


def _run(kind, fmt, year=2025, district_code=None, by=None):
    run = services.report_request(
        kind=kind,
        format=fmt,
        year=year,
        district=District.objects.get(pk=district_code) if district_code else None,
        by=by,
    )
    return services.report_generate(run_id=run.pk)


def test_cooperative_recap_xlsx_has_a_styled_frozen_sheet_per_section(
    registry_data, staff_user
):
    run = _run("cooperative_recap", "xlsx", by=staff_user)

    workbook = openpyxl.load_workbook(run.file.path)
    sheet = workbook.worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert run.status == ReportRun.Status.DONE
    assert run.progress == 100
    # Three sections of the registry, then KDMP coverage per district and kecamatan.
    assert len(workbook.worksheets) == 5
    assert [s.title for s in workbook.worksheets[3:]] == [
        "KDMP per kabupatenkota",  # a sheet title may not hold "/"
        "KDMP per kecamatan",
    ]
    assert sheet.freeze_panes == "A4"
    assert sheet["A3"].font.bold
    assert rows["Kota Samarinda"][1:5] == (1, 0, 1, 1)  # its RAT was held in 2026
    assert rows["Kota Samarinda"][5:7] == (30, 20)
    money = workbook.worksheets[1]
    assert money["B4"].number_format == '"Rp"#,##0'


def test_district_run_has_only_that_districts_figures(registry_data):
    run = _run("cooperative_recap", "csv", district_code="64.72")

    with open(run.file.path, encoding="utf-8-sig") as handle:
        text = handle.read()
    assert "Kota Samarinda" in text
    assert "Kota Balikpapan" not in text


def test_csv_starts_with_a_bom_for_excel(registry_data):
    run = _run("enterprise_recap", "csv", year=timezone.localdate().year)

    with open(run.file.path, "rb") as handle:
        raw = handle.read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert ["Kota Samarinda", "1", "0", "1", "0", "2", "0"] in rows
    assert any(row and row[0].startswith("C ") for row in rows)  # KBLI section C
    assert (
        sum(
            1 for row in rows if len(row) == 8 and row[3] in {"10794", "47111", "56101"}
        )
        == 3
    )


def test_pdf_is_a_pdf(registry_data):
    run = _run("cooperative_recap", "pdf")

    with open(run.file.path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_running_a_done_run_again_changes_nothing(registry_data):
    run = _run("cooperative_recap", "xlsx")
    name = run.file.name

    again = services.report_generate(run_id=run.pk)

    run.refresh_from_db()
    assert again is None
    assert run.file.name == name


def test_a_rerun_replaces_the_file_instead_of_adding_one(registry_data):
    run = _run("cooperative_recap", "csv")
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING)

    services.report_generate(run_id=run.pk)

    run.refresh_from_db()
    folder = run.file.storage.path("reports")

    assert sorted(os.listdir(folder)) == [run.filename]


@pytest.mark.parametrize(
    ("kind", "fmt", "year", "field"),
    [
        ("bogus", "xlsx", 2025, "kind"),
        ("cooperative_recap", "docx", 2025, "format"),
        ("cooperative_recap", "csv", 1990, "year"),
        ("cooperative_recap", "csv", 2999, "year"),
    ],
)
def test_bad_requests_name_the_field(kind, fmt, year, field):
    with pytest.raises(ValidationError) as error:
        services.report_request(
            kind=kind, format=fmt, year=year, district=None, by=None
        )

    assert field in error.value.message_dict


def test_a_failing_builder_fails_the_run_with_a_short_reason_and_logs_it(
    monkeypatch, caplog
):
    from reports import builders

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setitem(builders.BUILDERS, "cooperative_recap", broken)
    run = services.report_request(
        kind="cooperative_recap", format="csv", year=2025, district=None, by=None
    )

    with (
        caplog.at_level("ERROR", logger="reports.services"),
        pytest.raises(RuntimeError),
    ):
        services.report_generate(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert run.failure == ReportRun.Failure.ERROR
    logged = caplog.records[-1]
    assert logged.getMessage() == f"report run {run.pk} failed"
    assert "database went away" in str(logged.exc_info[1])


def test_scheduled_run_tells_staff_when_ready(registry_data, mailoutbox):
    from notifications.models import Notification
    from tests.factories import StaffFactory

    staff = StaffFactory(email="rekap@kukm.id")
    run = services.report_schedule_run(
        kind="cooperative_recap", format="xlsx", period="yearly"
    )

    services.report_generate(run_id=run.pk)

    notification = Notification.objects.get(user=staff, kind="report_ready")
    assert f"/admin/reports/reportrun/{run.pk}/change/" == notification.link


def test_a_failed_run_without_a_reason_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    run = services.report_request(
        kind="cooperative_recap", format="csv", year=2025, district=None, by=None
    )

    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.FAILED)
