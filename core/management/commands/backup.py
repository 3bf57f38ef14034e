from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Membuat cadangan: pg_dump basis data yang dikonfigurasi dan tar MEDIA_ROOT "
        "dalam satu folder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            help=gettext_lazy("folder tujuan (bawaan: backups/<waktu>/)"),
        )

    def handle(self, *args, **options):
        try:
            folder = backup.backup(options["dir"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Cadangan ditulis ke %(folder)s.") % {"folder": folder})
