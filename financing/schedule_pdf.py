"""A loan's installment schedule as an A4 PDF under the agency's heading, for
the applicant to print or keep (ReportLab, no template engine)."""

import datetime
from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from core import pdf
from core.numbers import format_number, format_rupiah


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "j F Y") if day else "—"


def _facts(loan, borrower, styles) -> Table:
    application = loan.application
    rows = [
        (_("Nomor permohonan"), application.number),
        (_("Peminjam"), borrower.name),
        (_("Skema"), f"{application.scheme.name} — {application.scheme.partner}"),
        (_("Pokok pinjaman"), format_rupiah(loan.principal)),
        (
            _("Bunga"),
            _("%(rate)s%% per tahun, %(method)s")
            % {
                "rate": format_number(loan.annual_rate, places=2),
                "method": loan.get_method_display().lower(),
            },
        ),
        (
            _("Tenor"),
            _("%(months)s bulan, termasuk tenggang %(grace)s bulan")
            % {
                "months": format_number(loan.tenor_months),
                "grace": format_number(loan.grace_months),
            }
            if loan.grace_months
            else _("%(months)s bulan") % {"months": format_number(loan.tenor_months)},
        ),
        (_("Tanggal pencairan"), _date(loan.disbursed_on)),
        (_("Sisa pokok"), format_rupiah(loan.outstanding_principal)),
    ]
    table = Table(
        [[Paragraph(label, styles["Normal"]), value] for label, value in rows],
        colWidths=[50 * mm, 130 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _schedule(rows) -> Table:
    header = [
        _("Ke"),
        _("Jatuh tempo"),
        _("Pokok"),
        _("Bunga"),
        _("Angsuran"),
        _("Dibayar"),
        _("Sisa pokok"),
        _("Status"),
    ]
    body = [
        [
            format_number(r["row"].number),
            _date(r["row"].due_date),
            format_rupiah(r["row"].principal),
            format_rupiah(r["row"].interest),
            format_rupiah(r["row"].payment),
            format_rupiah(r["row"].amount_paid),
            format_rupiah(r["row"].balance),
            str(r["label"]),
        ]
        for r in rows
    ]
    widths = [9, 26, 23, 21, 23, 23, 23, 32]
    table = Table([header, *body], colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                *pdf.heading_row_style(),
                ("ALIGN", (2, 1), (6, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, pdf.ZEBRA]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


def schedule_pdf(*, loan, borrower, rows, today: datetime.date) -> bytes:
    """`borrower`: the cooperative or enterprise; `rows`: the installments with
    their state label, as the portal shows them."""
    buffer = BytesIO()
    title = _("Jadwal Angsuran %(number)s") % {"number": loan.application.number}
    document = pdf.document(buffer, title=title)
    styles = getSampleStyleSheet()
    story = [
        *pdf.letterhead(styles),
        Paragraph(title, styles["Heading2"]),
        _facts(loan, borrower, styles),
        Spacer(1, 6 * mm),
        _schedule(rows),
        Spacer(1, 4 * mm),
        Paragraph(
            _("Dicetak dari Portal KUKM Kalimantan Timur pada %(date)s.")
            % {"date": _date(today)},
            styles["Italic"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
