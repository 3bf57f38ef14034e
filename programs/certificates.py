"""The certificate PDF (ReportLab), drawn on demand from the enrolment: the
participant's name, the program, its dates and hours, the signatory, and a QR code
of the public verification page. Never the NIK."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import PRIMARY, agency_upper, province, set_properties, training_unit

from .models import Enrolment

QR_SIZE = 32 * mm


def _qr(canvas: Canvas, url: str, x: float, y: float) -> None:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def certificate_pdf(enrolment: Enrolment, *, verify_url: str) -> bytes:
    """The certificate of a completed participant as PDF bytes."""
    program = enrolment.program
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)

    def _centered(canvas, y: float, text: str, font: str, size: int) -> None:
        # Long names and titles shrink to fit inside the border.
        while size > 7 and stringWidth(text, font, size) > width - 40 * mm:
            size -= 1
        canvas.setFont(font, size)
        canvas.drawCentredString(width / 2, y, text)

    set_properties(
        canvas,
        title=_("Sertifikat %(number)s") % {"number": enrolment.certificate_number},
    )

    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(4)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setFillColor(PRIMARY)
    _centered(
        canvas,
        height - 30 * mm,
        province(),
        "Helvetica-Bold",
        12,
    )
    _centered(
        canvas,
        height - 36 * mm,
        agency_upper(),
        "Helvetica-Bold",
        12,
    )
    _centered(canvas, height - 42 * mm, training_unit(), "Helvetica", 11)
    _centered(canvas, height - 62 * mm, _("SERTIFIKAT"), "Helvetica-Bold", 30)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    _centered(
        canvas,
        height - 70 * mm,
        _("Nomor: %(number)s") % {"number": enrolment.certificate_number},
        "Helvetica",
        11,
    )
    _centered(canvas, height - 84 * mm, _("diberikan kepada"), "Helvetica", 12)
    _centered(
        canvas, height - 97 * mm, enrolment.participant_name, "Helvetica-Bold", 24
    )
    if enrolment.cooperative_id:
        _centered(
            canvas, height - 105 * mm, enrolment.cooperative.name, "Helvetica", 12
        )
    _centered(
        canvas,
        height - 118 * mm,
        _("atas kelulusannya sebagai peserta %(kind)s")
        % {"kind": program.get_kind_display()},
        "Helvetica",
        12,
    )
    _centered(canvas, height - 127 * mm, program.title, "Helvetica-Bold", 15)
    _centered(
        canvas,
        height - 136 * mm,
        _("%(dates)s, %(venue)s — %(hours)s jam pelajaran (JP)")
        % {
            "dates": program.dates_display,
            "venue": program.venue or "-",
            "hours": program.hours,
        },
        "Helvetica",
        11,
    )

    sign_x = width - 75 * mm
    canvas.setFont("Helvetica", 11)
    issued = date_format(enrolment.certificate_issued_on, "j F Y")
    canvas.drawCentredString(
        sign_x, 58 * mm, _("Samarinda, %(date)s") % {"date": issued}
    )
    canvas.drawCentredString(sign_x, 52 * mm, program.signatory_title or "")
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawCentredString(sign_x, 28 * mm, program.signatory_name or "")

    _qr(canvas, verify_url, 22 * mm, 22 * mm)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(
        22 * mm + QR_SIZE + 4 * mm,
        30 * mm,
        _("Periksa keaslian sertifikat ini:"),
    )
    canvas.drawString(22 * mm + QR_SIZE + 4 * mm, 26 * mm, verify_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
