from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Mengganti basis data dan MEDIA_ROOT dengan sebuah cadangan "
        "(pg_restore --clean); bawaannya cadangan terbaru di backups/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help=gettext_lazy("folder cadangan"))
        parser.add_argument(
            "--noinput",
            action="store_true",
            help=gettext_lazy("tanpa meminta konfirmasi"),
        )

    def handle(self, *args, **options):
        try:
            folder = options["dir"] or backup.latest_backup()
            if not options["noinput"]:
                question = _(
                    "Ganti basis data dan media dengan %(folder)s? Ketik 'ya': "
                ) % {"folder": folder}
                if input(question).strip().lower() not in ("ya", "yes"):
                    raise CommandError(_("Pemulihan dibatalkan."))
            manifest = backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Dipulihkan dari %(folder)s (dibuat %(created)s). Jalankan "
                "`python manage.py migrate` bila kodenya lebih baru dari cadangan."
            )
            % {"folder": folder, "created": manifest["created"]}
        )
