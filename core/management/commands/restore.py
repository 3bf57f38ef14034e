from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Replaces the configured database and MEDIA_ROOT with a backup "
        "(pg_restore --clean); the newest under backups/ by default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="the backup folder")
        parser.add_argument(
            "--noinput", action="store_true", help="do not ask for confirmation"
        )

    def handle(self, *args, **options):
        try:
            folder = options["dir"] or backup.latest_backup()
            if not options["noinput"]:
                answer = input(
                    f"Replace the database and the media with {folder}? Type 'yes': "
                )
                if answer.strip() != "yes":
                    raise CommandError("Restore cancelled.")
            manifest = backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {folder} (taken {manifest['created']}). "
            "Run `python manage.py migrate` if the code is newer than the backup."
        )
