"""The monthly portfolio snapshot behind the dashboard's PAR by month: its figures
are the portfolio selectors', it is idempotent, scoped and scheduled."""

import datetime
from decimal import Decimal

import pytest

from accounts.scope import Scope
from financing.models import PortfolioSnapshot
from financing.selectors import par_by_month, par_report, portfolio_stats
from financing.services import portfolio_snapshot_take
from financing.tasks import portfolio_snapshot_task
from tests.factories import CooperativeFactory, district

from .factories import LoanFactory

pytestmark = pytest.mark.django_db

M = Decimal(1_000_000)
SAMARINDA, BALIKPAPAN = "64.72", "64.71"


@pytest.fixture
def portfolio(today):
    """Open loans, as of today (T), outstanding and oldest unpaid installment:
    Samarinda 8 M (T-10), 15 M (T-45), 6 M (T-70); Balikpapan 25 M (T-100) and
    a closed loan. → province 4 loans, 54 M, PAR 30 46 M, PAR 60 31 M, PAR 90
    25 M; Samarinda 3 loans, 29 M, 21 M, 6 M, 0."""
    ago = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    for code, outstanding, oldest, closed_on in [
        (SAMARINDA, 8, ago(10), None),
        (SAMARINDA, 15, ago(45), None),
        (SAMARINDA, 6, ago(70), None),
        (BALIKPAPAN, 25, ago(100), None),
        (BALIKPAPAN, 0, None, ago(5)),
    ]:
        LoanFactory(
            application__cooperative=CooperativeFactory(district=district(code)),
            principal=30 * M,
            outstanding_principal=outstanding * M,
            oldest_unpaid_due_on=oldest,
            disbursed_on=ago(400),
            first_due_on=ago(370),
            closed_on=closed_on,
        )


def _row(month, code):
    return PortfolioSnapshot.objects.get(month=month, district_id=code)


def test_snapshot_figures_are_the_portfolio_selectors(portfolio, today):
    portfolio_snapshot_take(today=today)

    month = today.replace(day=1)
    province = _row(month, None)
    report = par_report(scope=Scope.province(), today=today)
    par = {band["min_days"]: band["par"] for band in report["bands"]}
    assert (province.loans, province.outstanding) == (4, 54 * M)
    assert (province.loans, province.outstanding) == (
        report["loans"],
        report["outstanding"],
    )
    assert (province.par30, province.par60, province.par90) == (46 * M, 31 * M, 25 * M)
    assert (province.par30, province.par60, province.par90) == (
        par[31],
        par[61],
        par[91],
    )
    for days in (30, 60, 90):
        for stats in portfolio_stats(
            scope=Scope.province(), today=today, par_days=days
        ):
            row = _row(month, stats["key"])
            assert row.loans == stats["open_loans"]
            assert row.outstanding == stats["outstanding"]
            assert getattr(row, f"par{days}") == stats["par"]
    samarinda = _row(month, SAMARINDA)
    assert (samarinda.loans, samarinda.par30, samarinda.par60, samarinda.par90) == (
        3,
        21 * M,
        6 * M,
        0,
    )
    quiet = _row(month, "64.01")  # a district without loans has a row of zeros
    assert (quiet.loans, quiet.outstanding, quiet.par30) == (0, 0, 0)


def test_taking_a_month_twice_keeps_one_row_per_district(portfolio, today):
    first = portfolio_snapshot_take(today=today)
    LoanFactory(
        application__cooperative=CooperativeFactory(district=district(SAMARINDA)),
        outstanding_principal=2 * M,
        oldest_unpaid_due_on=today,
    )

    second = portfolio_snapshot_take(today=today)

    month = today.replace(day=1)
    assert len(first) == len(second) == PortfolioSnapshot.objects.count()
    assert PortfolioSnapshot.objects.filter(month=month, district=None).count() == 1
    assert _row(month, None).outstanding == 56 * M
    assert _row(month, SAMARINDA).loans == 4


def test_a_month_is_labelled_by_its_first_day(portfolio, today):
    portfolio_snapshot_take(month=datetime.date(2026, 3, 17), today=today)

    assert set(PortfolioSnapshot.objects.values_list("month", flat=True)) == {
        datetime.date(2026, 3, 1)
    }


def test_par_by_month_shows_the_scope_its_own_rows_oldest_first(portfolio, today):
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    long_ago = datetime.date(today.year - 2, today.month, 1)
    for month in (this_month, last_month, long_ago):
        portfolio_snapshot_take(month=month, today=today)

    province = list(par_by_month(scope=Scope.province(), today=today))
    samarinda = list(par_by_month(scope=Scope.district(SAMARINDA), today=today))

    assert [row.month for row in province] == [last_month, this_month]
    assert {row.district_id for row in province} == {None}
    assert [row.month for row in samarinda] == [last_month, this_month]
    assert {row.district_id for row in samarinda} == {SAMARINDA}
    assert samarinda[-1].outstanding == 29 * M
    assert not par_by_month(scope=Scope.nothing(), today=today).exists()
    assert len(par_by_month(scope=Scope.province(), months=25, today=today)) == 3


def test_par_by_month_is_one_query(portfolio, today, django_assert_num_queries):
    portfolio_snapshot_take(today=today)

    with django_assert_num_queries(1):
        list(par_by_month(scope=Scope.district(SAMARINDA), today=today))


def test_the_task_takes_this_months_snapshot(portfolio, today):
    rows = portfolio_snapshot_task.apply().get()

    assert rows == PortfolioSnapshot.objects.filter(month=today.replace(day=1)).count()
    assert _row(today.replace(day=1), None).par30 == 46 * M


def test_the_snapshot_is_scheduled_monthly_in_celery_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.select_related("crontab").get(
        task="financing.tasks.portfolio_snapshot_task"
    )

    assert task.enabled
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month) == ("30", "0", "1")
    assert (crontab.month_of_year, crontab.day_of_week) == ("*", "*")
    assert str(crontab.timezone) == "Asia/Makassar"
