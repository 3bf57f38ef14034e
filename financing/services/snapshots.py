"""The monthly portfolio snapshot: loans keep only today's outstanding principal,
so PAR by month is recorded once a month, per district and for the province."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import District

from ..models import PortfolioSnapshot
from ..selectors import ZERO, portfolio_stats

PAR_DAYS = (30, 60, 90)


def portfolio_snapshot_take(
    *, month: datetime.date | None = None, today: datetime.date | None = None
) -> list[PortfolioSnapshot]:
    """Record the portfolio as of `today` under `month` (by default the month
    `today` is in): one row per district (zeros where it has no loans) and one
    for the province (`district` empty). The figures are those of
    `portfolio_stats` (PAR n: outstanding of loans more than n days past due),
    so they agree with `par_report`. Idempotent: taking the same month again
    replaces its rows."""
    today = today or timezone.localdate()
    month = (month or today).replace(day=1)
    province = Scope.province()
    per_district: dict[str | None, dict] = {}
    for days in PAR_DAYS:
        for row in portfolio_stats(
            scope=province, group_by="district", today=today, par_days=days
        ):
            figures = per_district.setdefault(
                row["key"],
                {"loans": row["open_loans"], "outstanding": row["outstanding"]},
            )
            figures[f"par{days}"] = row["par"]
    empty = {"loans": 0, "outstanding": ZERO} | {f"par{d}": ZERO for d in PAR_DAYS}
    rows = {
        code: per_district.get(code, empty)
        for code in District.objects.values_list("pk", flat=True)
    }
    rows[None] = {
        "loans": sum(r["loans"] for r in per_district.values()),
        **{
            key: sum((r[key] for r in per_district.values()), ZERO)
            for key in ("outstanding", *(f"par{d}" for d in PAR_DAYS))
        },
    }
    taken_at = timezone.now()
    with transaction.atomic():
        return [
            PortfolioSnapshot.objects.update_or_create(
                month=month,
                district_id=code,
                defaults={**figures, "taken_at": taken_at},
            )[0]
            for code, figures in rows.items()
        ]
