"""`manage.py demo_logins`: where to sign in and with which demo account, printed by
`make run` after `seed_demo` (SPEC 6.1)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from accounts.tokens import api_token_issue
from demo import registry as demo


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def address_lines() -> list[str]:
    base = site_url()
    return [
        _("Portal pengurus koperasi: %(url)s") % {"url": f"{base}/portal/"},
        _("Admin dinas: %(url)s") % {"url": f"{base}/admin/"},
    ]


def account_lines() -> list[str]:
    usernames = [account.username for account in demo.DEMO_ACCOUNTS]
    existing = set(
        User.objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    lines = [
        _("Akun demo (kata sandi: %(password)s):") % {"password": demo.demo_password()}
    ]
    for account in demo.DEMO_ACCOUNTS:
        missing = "" if account.username in existing else _(" — belum dibuat")
        lines.append(f"  {account.username:<17} {account.description}{missing}")
    if len(existing) < len(usernames):
        lines.append(
            _("Jalankan `python manage.py seed_demo` untuk membuat akun demo.")
        )
    return lines


DEMO_TOKEN_NAME = "demo-dinas-samarinda"  # noqa: S105 a name, not a secret


def api_token_lines() -> list[str]:
    """A fresh demo API token for Samarinda (64.72): only its hash is stored, so the
    demo token is re-issued each time the logins are printed. Only where seed_demo
    ran (the demo district account exists)."""
    if not User.objects.filter(username="dinas.samarinda").exists():
        return []
    old = ApiToken.objects.select_related("user").filter(name=DEMO_TOKEN_NAME).first()
    if old is not None:
        service_user = old.user
        old.delete()
        service_user.delete()
    _token, key = api_token_issue(name=DEMO_TOKEN_NAME, district_code="64.72")
    return [
        "",
        _("Token API demo Dinas Kota Samarinda (64.72):"),
        f"  Authorization: Token {key}",
        _(
            "  Contoh: curl -H 'Authorization: Token %(key)s' %(site)s/api/v1/cooperatives/"
        )
        % {"key": key, "site": site_url()},
    ]


def login_lines() -> list[str]:
    return [*address_lines(), *account_lines(), *api_token_lines()]


class Command(BaseCommand):
    help = _("Menampilkan alamat portal dan akun demo untuk masuk.")

    def handle(self, *args, **options):
        for line in login_lines():
            self.stdout.write(line)
