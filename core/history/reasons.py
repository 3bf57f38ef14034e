"""The reasons services give a change (`_change_reason`, short English codes kept
stable for tests and audits), in the words staff read."""

import re

from django.utils.translation import gettext_lazy as _

from .actors import START_REASON

REASONS = {
    START_REASON: _("Catatan awal (data yang sudah ada)"),
    "create": _("Dibuat"),
    "update": _("Diubah"),
    "submit": _("Diajukan"),
    "verify": _("Diverifikasi"),
    "return": _("Dikembalikan untuk diperbaiki"),
    "withdraw": _("Ditarik oleh pemohon"),
    "assign reviewer": _("Peninjau ditetapkan"),
    "review": _("Mulai ditinjau"),
    "approve": _("Disetujui"),
    "reject": _("Ditolak"),
    "disburse": _("Dicairkan"),
    # financing.services.loans.APPROVER_DISBURSED: four eyes relaxed by setting.
    "disburse by the approver (FINANCING_ALLOW_SAME_APPROVER_DISBURSER)": _(
        "Dicairkan oleh pejabat yang juga menyetujui (pengecualian aturan empat "
        "mata diizinkan pengaturan)"
    ),
    "cancel": _("Dibatalkan"),
    "program cancelled": _("Dibatalkan karena program dibatalkan"),
    "promoted from waitlist": _("Naik dari daftar tunggu"),
    "certificate issued": _("Sertifikat diterbitkan"),
    "evaluate": _("Evaluasi dicatat"),
    "complete": _("Diselesaikan"),
    "cooperative record corrected": _("Data koperasi peserta dikoreksi"),
    "resent": _("Undangan dikirim ulang"),
    "revoked": _("Undangan dicabut"),
    "accepted": _("Undangan diterima"),
    # cooperatives.services: changes a service makes to follow another change.
    "last RAT from the verified reports": _(
        "Tanggal RAT terakhir diperbarui dari laporan RAT yang diverifikasi"
    ),
    "recorded with another role": _(
        "Nama dan kontak disamakan dengan peran lain orang ini di koperasi"
    ),
}
NUMBERED = [
    (re.compile(r"^import #(\d+)$"), _("Impor data, tugas #%(n)s")),
    (re.compile(r"^reconciliation (\d+)$"), _("Rekonsiliasi identitas #%(n)s")),
]
# A reason's own words, kept on the row: a return says why.
EXPLAINED_BY = {"return": "return_reason"}


def reason_words(code: str, record, status_labels: dict) -> str:
    """`code` in words; a status value (programs record the status they move to)
    by its label; an unknown reason as it was written."""
    if not code:
        return ""
    words = REASONS.get(code)
    if words is None:
        for pattern, template in NUMBERED:
            if match := pattern.match(code):
                return str(template) % {"n": match.group(1)}
        if code in status_labels:
            return str(_("Status menjadi %(status)s") % {"status": status_labels[code]})
        return code
    words = str(words)
    if (field := EXPLAINED_BY.get(code)) and (why := getattr(record, field, "")):
        return f"{words}: {why}"
    return words
