from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "pg_dump of the configured database and a tar of MEDIA_ROOT into one folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, help="target folder (default backups/<timestamp>/)"
        )

    def handle(self, *args, **options):
        try:
            folder = backup.backup(options["dir"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
