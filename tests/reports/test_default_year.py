"""RAT-based figures default to the last fiscal year whose reports are due
(cooperatives.rules.rat_fiscal_year_due): the report requests, the schedule and
the dashboard's RAT figures."""

import datetime

import pytest
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.rules import rat_fiscal_year_due
from reports import services
from reports.selectors import registry_figures
from tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "today", "year"),
    [
        ("cooperative_recap", datetime.date(2026, 12, 4), 2025),
        ("cooperative_recap", datetime.date(2026, 6, 30), 2024),
        ("enterprise_recap", datetime.date(2026, 6, 30), 2026),
        ("financing_portfolio", datetime.date(2026, 12, 4), 2026),
    ],
)
def test_report_default_year(kind, today, year):
    assert services.report_default_year(kind=kind, today=today) == year


@pytest.mark.parametrize("period", ["monthly", "yearly"])
def test_scheduled_cooperative_recap_is_of_the_fiscal_year_due(period):
    due = rat_fiscal_year_due(timezone.localdate())

    run = services.report_schedule_run(
        kind="cooperative_recap", format="csv", period=period
    )

    assert run.year == due


def test_scheduled_yearly_enterprise_recap_is_of_the_year_that_ended():
    run = services.report_schedule_run(
        kind="enterprise_recap", format="csv", period="yearly"
    )

    assert run.year == timezone.localdate().year - 1


def test_dashboard_rat_figures_are_of_the_fiscal_year_asked_for():
    AnnualReportFactory(
        fiscal_year=2024,
        status="verified",
        rat_held_on=datetime.date(2025, 3, 1),
        members_male=10,
        members_female=5,
    )

    figures = registry_figures(scope=Scope.province(), year=2026, fiscal_year=2024)

    assert figures["fiscal_year"] == 2024
    assert figures["key"]["rat_reported"]["value"] == 1
    assert figures["key"]["members"]["value"] == 15
