"""`manage.py invite_user`: invite an officer of a cooperative or a district
office's staff member by email, for scripts and tests (SPEC §6.6):

    invite_user --role officer --cooperative <NIK koperasi> --email <e> [--name N]
    invite_user --role district --district 64.72 --email <e> [--name N]
    invite_user --role officer --cooperative <NIK koperasi> --phone 0812… [--name N]

With --phone and no --email the link goes to the phone (WhatsApp when
configured, else SMS); with both, `--send-to phone` sends it there.

The activation link is printed alone on the last line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.scope import Scope
from accounts.system_actor import acting_as, system_user
from cooperatives.models import Cooperative, Invitation
from cooperatives.services import invitation_create


class Command(BaseCommand):
    help = "Invite a cooperative officer or a district user; prints the link last."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=Invitation.Kind.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="", help="e.g. 081234567890")
        parser.add_argument(
            "--send-to", choices=("email", "phone"), default=None, dest="send_to"
        )
        parser.add_argument("--cooperative", help="NIK koperasi (role officer)")
        parser.add_argument("--district", help="district code, e.g. 64.72")
        parser.add_argument("--name", default="")
        parser.add_argument("--nik", default="", help="the officer's NIK")

    def handle(self, *args, role, email, cooperative, district, name, nik, **opts):
        if not (email or opts["phone"]):
            raise CommandError(_("Isi --email atau --phone."))
        cooperative_id = None
        if role == Invitation.Kind.OFFICER:
            if not cooperative:
                raise CommandError(_("--cooperative wajib untuk peran officer."))
            cooperative_id = (
                Cooperative.objects.filter(nik=cooperative)
                .values_list("pk", flat=True)
                .first()
            )
            if cooperative_id is None:
                raise CommandError(_("Koperasi dengan NIK koperasi ini tidak ada."))
        elif not district:
            raise CommandError(_("--district wajib untuk peran district."))
        try:
            # Whoever runs manage.py administers the server: the system invites.
            with acting_as():
                invitation = invitation_create(
                    kind=role,
                    email=email,
                    scope=Scope.province(),
                    by=system_user(),
                    cooperative_id=cooperative_id,
                    district_code=district,
                    name=name,
                    nik=nik,
                    phone=opts["phone"],
                    channel=opts["send_to"],
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("Undangan untuk %(email)s dikirim; berlaku sampai %(expires)s.")
            % {
                "email": invitation.address,
                "expires": invitation.expires_at.isoformat(),
            }
        )
        self.stdout.write(invitation.link)
