from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.tokens import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by its name."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name=None, **options):
        try:
            # Whoever runs manage.py administers the server: the system acts.
            token = api_token_revoke(name=name, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Token '{token.name}' revoked.")
