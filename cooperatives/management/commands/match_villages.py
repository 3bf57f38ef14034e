"""`manage.py match_villages`: match the free-text villages of cooperatives and
enterprises to the coded villages where the name means one village of the row's
kecamatan (else its district), as the migration did, then list the rows left for
staff as CSV (kind, id, name, district, kecamatan, text) on standard output.

    manage.py match_villages [--list-only]"""

import csv

from django.core.management.base import BaseCommand
from django.db import transaction

from cooperatives.models import Cooperative, Enterprise, Village
from cooperatives.selectors import unmatched_village_rows
from cooperatives.services.villages import match_village_names

KINDS = (("cooperative", Cooperative), ("enterprise", Enterprise))


class Command(BaseCommand):
    help = "Match free-text villages to coded ones; list the unmatched as CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list-only", action="store_true", help="list, do not match"
        )

    def handle(self, *args, list_only: bool, **options):
        if not list_only:
            with transaction.atomic():
                for kind, model in KINDS:
                    matched, unmatched = match_village_names(model, Village)
                    self.stderr.write(
                        f"{kind}: {matched} matched, {unmatched} left for staff"
                    )
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["kind", "id", "name", "district", "sub_district", "village"])
        for kind, model in KINDS:
            for row in unmatched_village_rows(model).iterator():
                writer.writerow([kind, *row])
