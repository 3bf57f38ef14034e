"""`manage.py seed_demo`: realistic Kalimantan Timur demo data and the demo accounts
(SPEC 6.3). Idempotent for the same arguments; production never runs it.

Each app that has demo data adds its step to `handle()`, after the registry."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.system_actor import acting_as, system_user
from cooperatives.services.imports.deferred_history import deferred_history_complete
from core.history import history_start_missing
from core.numbers import format_number
from demo import financing as financing_demo
from demo import kdmp as kdmp_demo
from demo import programs as programs_demo
from demo import registry as registry_demo


class Command(BaseCommand):
    help = _("Mengisi data demo Kalimantan Timur dan akun demo (idempoten).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--cooperatives", type=int, default=300, help=_("jumlah koperasi")
        )
        parser.add_argument(
            "--enterprises", type=int, default=2000, help=_("jumlah UMKM")
        )
        parser.add_argument(
            "--years", type=int, default=4, help=_("jumlah tahun buku laporan RAT")
        )
        parser.add_argument("--seed", type=int, default=2026, help=_("benih acak"))

    def handle(self, *args, **options):
        # The history names the `sistem` account for every row this writes.
        with acting_as(system_user()):
            self._seed(options)

    def _seed(self, options):
        if options["cooperatives"] < 0 or options["enterprises"] < 0:
            raise CommandError(_("Jumlah koperasi dan UMKM tidak boleh negatif."))
        if options["years"] < 1:
            raise CommandError(_("--years paling sedikit 1."))
        counts = registry_demo.seed_registry(
            cooperatives=options["cooperatives"],
            enterprises=options["enterprises"],
            years=options["years"],
            seed=options["seed"],
            password=registry_demo.demo_password(),
        )
        today = timezone.localdate()
        seed = options["seed"]
        counts.update(
            programs_demo.seed(random.Random(f"{seed}:programs"), today=today)
        )
        counts.update(kdmp_demo.seed(random.Random(f"{seed}:kdmp"), today=today))
        counts.update(
            financing_demo.seed(random.Random(f"{seed}:financing"), today=today)
        )
        # Rows seeded without a history record get their starting point (an
        # import's rows theirs first, as imported).
        deferred_history_complete()
        history_start_missing(by_id=system_user().pk)
        self.stdout.write(self.style.SUCCESS(_("Data demo siap.")))
        for label, number in counts.items():
            self.stdout.write(f"  {label}: {format_number(number)}")
