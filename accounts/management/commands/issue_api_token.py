from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.tokens import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a district office (or province-wide with --staff). The key is printed once, alone on the last line."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--district", help="Kemendagri code, e.g. 64.72")
        scope.add_argument("--staff", action="store_true", help="province-wide token")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--days",
            type=int,
            help="days the token stays valid (default: API_TOKEN_LIFETIME_DAYS, 365)",
        )

    def handle(self, *args, district=None, staff=False, name=None, days=None, **options):  # fmt: skip
        try:
            token, key = api_token_issue(
                name=name, district_code=None if staff else district, days=days
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        scope = (
            "province-wide"
            if token.is_province_wide
            else f"district {token.district_id}"
        )
        until = timezone.localtime(token.expires_at).date().isoformat()
        self.stdout.write(
            f"Token '{token.name}' issued ({scope}), valid until {until}. "
            "Keep the key; it is not shown again:"
        )
        self.stdout.write(key)
