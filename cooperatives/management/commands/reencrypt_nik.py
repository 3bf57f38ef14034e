"""`manage.py reencrypt_nik`: after a new key is put first in NIK_ENCRYPTION_KEY,
rewrite every stored NIK with it, so that the old key can be removed."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cooperatives.services import nik_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt every person's NIK with the first NIK_ENCRYPTION_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, batch: int, **options):
        rows = nik_reencrypt(batch=batch)
        self.stdout.write(_("%(rows)s baris NIK dienkripsi ulang.") % {"rows": rows})
