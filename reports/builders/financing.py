"""The financing portfolio report: applications by status, and the loans'
disbursed, outstanding, PAR 30/60/90 and repayment rate by district and by
scheme, and PAR per delinquency band; each table ends with its total.

Every figure is read through the financing app's selectors (`portfolio_stats`,
`par_report`, `application_list`), the ones behind `/api/v1/financing/portfolio/`,
so the report and the API agree to the rupiah. Loans are a snapshot taken on the
day the report is made (the loans keep only today's outstanding principal); the
applications are those made by the end of the year, counted by their status
today, with those submitted in the year beside them."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import District
from financing.models import Application
from financing.selectors import (
    application_list,
    par_report,
    portfolio_stats,
    scheme_list,
)

from .base import Column, Report, Section, total_row
from .registry import _where, after_year, total_label

PAR_DAYS = (30, 60, 90)
ZERO = Decimal(0)


def _applications(scope: Scope, year: int) -> list[dict]:
    counts = {
        row["status"]: row
        for row in application_list(scope=scope)
        .filter(created_at__lt=after_year(year))
        .values("status")
        .annotate(
            total=Count("pk"),
            submitted_in_year=Count("pk", filter=Q(submitted_at__year=year)),
            amount=Sum("amount"),
            approved_amount=Sum("approved_amount"),
        )
        .order_by()
    }
    empty = {"total": 0, "submitted_in_year": 0, "amount": None}
    return [
        {
            "status": str(label),
            "total": counts.get(value, empty)["total"],
            "submitted_in_year": counts.get(value, empty)["submitted_in_year"],
            "amount": counts.get(value, empty)["amount"] or ZERO,
            "approved_amount": counts.get(value, empty).get("approved_amount"),
        }
        for value, label in Application.Status.choices
    ]


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


def _portfolio(
    scope: Scope, group_by: str, today: datetime.date, names: dict
) -> list[dict]:
    """portfolio_stats for PAR 30, with PAR 60 and 90 from the same selector."""
    by_days = {
        days: {
            row["key"]: row
            for row in portfolio_stats(
                scope=scope, group_by=group_by, today=today, par_days=days
            )
        }
        for days in PAR_DAYS
    }
    rows = []
    for key, row in by_days[30].items():
        entry = {
            "name": names.get(key, key),
            "loans": row["loans"],
            "open_loans": row["open_loans"],
            "disbursed": row["disbursed"],
            "outstanding": row["outstanding"],
            "repayment_rate": row["repayment_rate"],
        }
        for days in PAR_DAYS:
            par = by_days[days][key]["par"]
            entry[f"par{days}"] = par
            entry[f"par{days}_ratio"] = _ratio(par, row["outstanding"])
        rows.append(entry)
    return rows


def _portfolio_total(rows: list[dict], label: str) -> dict:
    """The total row; its repayment rate is left out, since the selector gives
    each group's rate and not its amounts due and paid."""
    total = {"name": label}
    for key in ("loans", "open_loans", "disbursed", "outstanding"):
        total[key] = sum((row[key] for row in rows), 0)
    for days in PAR_DAYS:
        total[f"par{days}"] = sum((row[f"par{days}"] for row in rows), ZERO)
        total[f"par{days}_ratio"] = _ratio(total[f"par{days}"], total["outstanding"])
    total["repayment_rate"] = None
    return total


def _portfolio_columns(first: str) -> list[Column]:
    return [
        Column("name", first),
        Column("loans", _("Pinjaman"), "int"),
        Column("disbursed", _("Disalurkan"), "money"),
        Column("outstanding", _("Sisa pokok"), "money"),
        *(Column(f"par{days}", f"PAR {days}", "money") for days in PAR_DAYS),
        *(
            Column(f"par{days}_ratio", f"PAR {days} (%)", "percent")
            for days in PAR_DAYS
        ),
        Column("repayment_rate", _("Tingkat pengembalian"), "percent"),
    ]


def financing_portfolio(
    *, scope: Scope, year: int, district: District | None
) -> Report:
    today = timezone.localdate()
    districts = {d.code: d.name for d in District.objects.all()}
    schemes = {s.code: s.name for s in scheme_list(scope=scope)}
    par = par_report(scope=scope, today=today)
    label = total_label(district)
    application_columns = [
        Column("status", _("Status")),
        Column("total", _("Jumlah permohonan"), "int"),
        Column(
            "submitted_in_year", _("Diajukan tahun %(year)s") % {"year": year}, "int"
        ),
        Column("amount", _("Nominal permohonan"), "money"),
        Column("approved_amount", _("Nominal disetujui"), "money"),
    ]
    applications = _applications(scope, year)
    by_district = _portfolio(scope, "district", today, districts)
    by_scheme = _portfolio(scope, "scheme", today, schemes)
    band_columns = [
        Column("label", _("Kelompok tunggakan")),
        Column("loans", _("Pinjaman"), "int"),
        Column("outstanding", _("Sisa pokok"), "money"),
        Column("par", _("PAR (kelompok ini dan sesudahnya)"), "money"),
        Column("par_ratio", _("PAR (%)"), "percent"),
    ]
    bands = [{**band, "label": str(band["label"])} for band in par["bands"]]
    # PAR is cumulative over the bands: its total is the first band's, not a sum.
    band_total = total_row(bands, band_columns[:3], label)
    if bands:
        band_total.update(par=bands[0]["par"], par_ratio=bands[0]["par_ratio"])
    return Report(
        title=_("Portofolio pembiayaan"),
        subtitle=_(
            "Keadaan pinjaman %(day)s, permohonan sampai 31 Desember %(year)s"
            " — %(where)s"
        )
        % {
            "day": today.strftime("%d-%m-%Y"),
            "year": year,
            "where": _where(district),
        },
        sections=[
            Section(
                title=_("Permohonan per status"),
                columns=application_columns,
                rows=applications,
                total=total_row(applications, application_columns, label),
            ),
            Section(
                title=_("Portofolio per kabupaten/kota"),
                columns=_portfolio_columns(_("Kabupaten/kota")),
                rows=by_district,
                total=_portfolio_total(by_district, label),
            ),
            Section(
                title=_("Portofolio per skema"),
                columns=_portfolio_columns(_("Skema")),
                rows=by_scheme,
                total=_portfolio_total(by_scheme, label),
            ),
            Section(
                title=_("PAR per kelompok tunggakan"),
                columns=band_columns,
                rows=bands,
                chart=("label", "outstanding"),
                total=band_total,
            ),
        ],
    )
