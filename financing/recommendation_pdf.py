"""The rekomendasi letter (A4, ReportLab, under the agency's letterhead) with
which an application of a partner-decided scheme goes to the partner: its
number, its date, the applicant and the request."""

import datetime
from io import BytesIO

from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from core import pdf
from core.numbers import format_number, format_rupiah


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _issuer(recommendation) -> str:
    if recommendation.district_id:
        return _("Dinas yang membidangi koperasi dan UKM %(district)s") % {
            "district": recommendation.district.name
        }
    return str(pdf.AGENCY_NAME)


def _facts(recommendation, styles) -> Table:
    application = recommendation.application
    applicant = application.applicant
    rows = [
        (_("Nomor permohonan"), application.number),
        (_("Pemohon"), applicant.name),
        (_("Kabupaten/kota"), application.district.name),
        (_("Skema"), application.scheme.name),
        (_("Nominal permohonan"), format_rupiah(application.amount)),
        (
            _("Tenor"),
            _("%(months)s bulan") % {"months": format_number(application.tenor_months)},
        ),
        (_("Tujuan pembiayaan"), application.get_purpose_display()),
    ]
    table = Table(
        [
            [
                Paragraph(label, styles["Normal"]),
                Paragraph(escape(str(value)), styles["Normal"]),
            ]
            for label, value in rows
        ],
        colWidths=[50 * mm, 130 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def recommendation_pdf(*, recommendation) -> bytes:
    """`recommendation` with its application, applicant, scheme and district."""
    application = recommendation.application
    buffer = BytesIO()
    title = _("Surat Rekomendasi %(number)s") % {"number": recommendation.number}
    document = pdf.document(buffer, title=title)
    styles = getSampleStyleSheet()
    signer = recommendation.issued_by
    story = [
        *pdf.letterhead(styles),
        Paragraph(_("SURAT REKOMENDASI"), styles["Heading2"]),
        Paragraph(
            _("Nomor: %(number)s") % {"number": recommendation.number}, styles["Normal"]
        ),
        Paragraph(
            _("Tanggal: %(date)s") % {"date": _date(recommendation.issued_on)},
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            _("Kepada Yth. Pimpinan %(partner)s")
            % {"partner": application.scheme.partner},
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            _(
                "%(issuer)s merekomendasikan permohonan pembiayaan berikut untuk "
                "dipertimbangkan. Keputusan kredit sepenuhnya berada pada penyalur."
            )
            % {"issuer": _issuer(recommendation)},
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        _facts(recommendation, styles),
        Spacer(1, 4 * mm),
    ]
    if recommendation.notes:
        story += [
            Paragraph(escape(recommendation.notes), styles["Normal"]),
            Spacer(1, 4 * mm),
        ]
    story += [
        Spacer(1, 10 * mm),
        Paragraph(escape(signer.get_full_name() or signer.username), styles["Normal"]),
        Paragraph(_issuer(recommendation), styles["Italic"]),
    ]
    document.build(story)
    return buffer.getvalue()
