"""`manage.py privacy_retention [--dry-run]`: run the retention sweep now (beat
runs it every night) and print, per kind, how many records were acted on; with
--dry-run, how many would be, changing nothing."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.services import retention_sweep

LABELS = {
    "persons": gettext_lazy("Orang dianonimkan"),
    "accounts": gettext_lazy("Akun portal dihapus"),
    "invitations": gettext_lazy("Undangan akun dihapus"),
    "access_requests": gettext_lazy("Permintaan akses dihapus"),
    "owner_signups": gettext_lazy("Pendaftaran pemilik UMKM dihapus"),
    "documents": gettext_lazy("Dokumen permohonan pembiayaan dihapus"),
    "login_logs": gettext_lazy("Catatan masuk dihapus"),
}


class Command(BaseCommand):
    help = "Anonymise or delete the personal data past its retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only count what would be acted on",
        )

    def handle(self, *args, dry_run: bool, **options):
        counts = retention_sweep(dry_run=dry_run)
        self.stdout.write(
            _("Uji coba: tidak ada yang diubah. Yang akan diproses:")
            if dry_run
            else _("Masa simpan data pribadi: yang diproses:")
        )
        for kind, label in LABELS.items():
            self.stdout.write(f"  {label}: {counts[kind]}")
