"""The program outcomes report: each program of the year with its participants,
completions and certificates, a summary per kind of program, and the mentored
cooperatives that became active again.

Counts come from `reports.selectors.enrolment_outcome_stats` (the dashboard's
too) on the programs app's selectors, so the figures agree everywhere."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import District
from programs.models import Program
from programs.selectors import mentoring_reactivation_stats, program_list

from ..selectors import completion_rate, enrolment_outcome_stats
from .base import Column, Report, Section, total_row
from .registry import _where, total_label

ZERO = {"participants": 0, "completed": 0, "certificates": 0}


def _outcome_columns() -> list[Column]:
    return [
        Column("participants", _("Peserta"), "int"),
        Column("completed", _("Lulus"), "int"),
        Column("completion_rate", _("Tingkat kelulusan"), "percent"),
        Column("certificates", _("Sertifikat"), "int"),
    ]


def _programs(scope: Scope, year: int, outcomes: dict) -> list[dict]:
    """The year's programs in scope (drafts left out), and any program that
    participants in scope were enrolled in, so the rows add up to the totals."""
    listed = program_list(scope=scope).filter(year=year).exclude(status="draft")
    programs = (
        Program.objects.filter(Q(pk__in=listed.values("pk")) | Q(pk__in=outcomes))
        .select_related("district")
        .order_by("kind", "starts_on", "code")
    )
    rows = []
    for program in programs:
        counts = outcomes.get(program.pk, ZERO)
        rows.append(
            {
                "code": program.code,
                "title": program.title,
                "kind": str(program.get_kind_display()),
                "kind_value": program.kind,
                "district": program.district.name
                if program.district
                else _("Seluruh provinsi"),
                "status": str(program.get_status_display()),
                "quota": program.quota,
                **{key: counts[key] for key in ZERO},
                "completion_rate": completion_rate(
                    counts["completed"], counts["participants"]
                ),
            }
        )
    return rows


def _per_kind(rows: list[dict]) -> list[dict]:
    summary = []
    for value, label in Program.Kind.choices:
        mine = [row for row in rows if row["kind_value"] == value]
        totals = {key: sum(row[key] for row in mine) for key in ZERO}
        summary.append(
            {
                "kind": str(label),
                "programs": len(mine),
                "quota": sum(row["quota"] for row in mine),
                **totals,
                "completion_rate": completion_rate(
                    totals["completed"], totals["participants"]
                ),
            }
        )
    return summary


def _mentoring(scope: Scope, year: int) -> list[dict]:
    return [
        {
            **row,
            "reactivation_rate": completion_rate(
                row["reactivated"], row["inactive_at_start"]
            ),
        }
        for row in mentoring_reactivation_stats(scope=scope)
        if row["year"] <= year
    ]


def _rated(rows: list[dict], columns: list[Column], label: str, rate: str) -> dict:
    """The total row, with the rate recomputed from the summed counts."""
    total = total_row(rows, columns, label)
    part, whole = (
        ("reactivated", "inactive_at_start")
        if rate == "reactivation_rate"
        else ("completed", "participants")
    )
    total[rate] = completion_rate(total[part], total[whole])
    return total


def program_outcomes(*, scope: Scope, year: int, district: District | None) -> Report:
    outcomes = {
        row["program"]: row
        for row in enrolment_outcome_stats(
            scope=scope, group_by="program", program__year=year
        )
    }
    rows = _programs(scope, year, outcomes)
    kinds = _per_kind(rows)
    mentoring = _mentoring(scope, year)
    kind_columns = [
        Column("kind", _("Jenis program")),
        Column("programs", _("Program"), "int"),
        Column("quota", _("Kuota"), "int"),
        *_outcome_columns(),
    ]
    program_columns = [
        Column("code", _("Kode")),
        Column("title", _("Judul")),
        Column("kind", _("Jenis")),
        Column("district", _("Kabupaten/kota")),
        Column("status", _("Status")),
        Column("quota", _("Kuota"), "int"),
        *_outcome_columns(),
    ]
    mentoring_columns = [
        Column("year", _("Tahun program")),
        Column("mentored", _("Koperasi didampingi"), "int"),
        Column("inactive_at_start", _("Tidak aktif saat mulai"), "int"),
        Column("reactivated", _("Aktif kembali (RAT)"), "int"),
        Column("reactivation_rate", _("Tingkat aktif kembali"), "percent"),
    ]
    label = total_label(district)
    return Report(
        title=_("Hasil program pelatihan dan pendampingan"),
        subtitle=_("Tahun anggaran %(year)s — %(where)s")
        % {"year": year, "where": _where(district)},
        sections=[
            Section(
                title=_("Ringkasan per jenis program"),
                columns=kind_columns,
                rows=kinds,
                chart=("kind", "participants"),
                total=_rated(kinds, kind_columns, label, "completion_rate"),
            ),
            Section(
                title=_("Program tahun ini"),
                columns=program_columns,
                rows=rows,
                total=_rated(rows, program_columns, label, "completion_rate"),
            ),
            Section(
                title=_("Koperasi dampingan yang aktif kembali"),
                columns=mentoring_columns,
                rows=mentoring,
                total=_rated(mentoring, mentoring_columns, label, "reactivation_rate"),
            ),
        ],
    )
