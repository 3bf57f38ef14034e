"""Who may be nominated to a program: the registration window, the audience, the
program's district and the caller's own scope. Each refusal names its field and
says why, in Indonesian, without naming the person (a refusal must not tell a
caller what another scope recorded about them)."""

import datetime
from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import Cooperative, CooperativeRole, Enterprise, Person
from cooperatives.models.scoping import officer_cooperative_ids

from ..models import Enrolment, Program

# Who counts as "officers" for a program aimed at them: pengurus, pengawas and the
# hired manager (pengelola), who are the usual participants of management training.
OFFICER_ROLES = (
    CooperativeRole.Role.OFFICER,
    CooperativeRole.Role.SUPERVISOR,
    CooperativeRole.Role.MANAGER,
)


def _window_errors(program: Program, today: datetime.date) -> list[str]:
    if program.status != Program.Status.PUBLISHED:
        return [_("Program ini tidak sedang menerima pendaftaran.")]
    if today < program.registration_opens:
        return [
            _("Pendaftaran program ini baru dibuka pada %(date)s.")
            % {"date": date_format(program.registration_opens, "j F Y")}
        ]
    if today > program.registration_closes:
        return [
            _("Pendaftaran program ini sudah ditutup pada %(date)s.")
            % {"date": date_format(program.registration_closes, "j F Y")}
        ]
    return []


def _audience_errors(
    program: Program,
    person: Person,
    cooperative: Cooperative | None,
    today: datetime.date,
    scope: Scope | None,
) -> dict[str, list[str]]:
    audience = program.Audience
    if program.audience in (audience.OFFICERS, audience.MEMBERS) and not cooperative:
        return {
            "cooperative": [_("Pilih koperasi yang mengusulkan peserta ini.")],
        }
    if program.audience == audience.OFFICERS:
        holds_role = (
            CooperativeRole.objects.current(today)
            .filter(person=person, cooperative=cooperative, role__in=OFFICER_ROLES)
            .exists()
        )
        if not holds_role:
            return {
                "person": [
                    _(
                        "Program ini untuk pengurus, pengawas dan pengelola koperasi; "
                        "peserta ini tidak tercatat memegang jabatan itu di "
                        "%(cooperative)s."
                    )
                    % {"cooperative": cooperative.name}
                ]
            }
    if program.audience == audience.SMES and not _enterprises(person, program, scope):
        if program.district_id:
            message = _(
                "Program ini untuk pelaku UMKM di %(district)s; peserta ini tidak "
                "tercatat sebagai pemilik usaha di sana."
            ) % {"district": program.district.name}
        else:
            message = _(
                "Program ini untuk pelaku UMKM; peserta ini tidak tercatat sebagai "
                "pemilik usaha."
            )
        return {"person": [message]}
    return {}


def _enterprises(person: Person, program: Program, scope: Scope | None = None):
    """The person's enterprises that can bring them to the program; for a caller
    with a scope, only those the caller can see (another district's registry is
    not revealed by the answer)."""
    enterprises = Enterprise.objects.filter(owner=person).order_by("pk")
    if scope is not None:
        enterprises = enterprises.restrict(scope)
    if program.district_id:
        enterprises = enterprises.filter(district=program.district_id)
    return enterprises


def nomination_district(
    program: Program,
    person: Person,
    cooperative: Cooperative | None,
    scope: Scope | None = None,
) -> str | None:
    """Where the participant comes from: the nominating cooperative's district, or
    for an SME owner without one, their enterprise's."""
    if cooperative is not None:
        return cooperative.district_id
    return (
        _enterprises(person, program, scope).values_list("district", flat=True).first()
    )


def in_scope(scope: Scope, district_code: str | None, cooperative_id: int | None):
    if scope.everything:
        return True
    if scope.district_code:
        return district_code == scope.district_code
    if scope.officer_user_id and cooperative_id:
        return (
            officer_cooperative_ids(scope.officer_user_id)
            .filter(cooperative_id=cooperative_id)
            .exists()
        )
    return False


def nomination_errors(
    *,
    program: Program,
    person: Person,
    cooperative: Cooperative | None,
    today: datetime.date,
    scope: Scope | None = None,
) -> dict[str, list[str]]:
    """Every reason this nomination is refused, by field; empty when it may go on."""
    errors = defaultdict(list)
    errors["program"] += _window_errors(program, today)
    if cooperative is not None and cooperative.status != Cooperative.Status.REGISTERED:
        errors["cooperative"].append(_("Koperasi ini sudah dibubarkan."))
    if (
        cooperative is not None
        and program.district_id
        and cooperative.district_id != program.district_id
    ):
        errors["cooperative"].append(
            _("Program ini khusus untuk koperasi di %(district)s.")
            % {"district": program.district.name}
        )
    for field, messages in _audience_errors(
        program, person, cooperative, today, scope
    ).items():
        errors[field] += messages
    district = nomination_district(program, person, cooperative, scope)
    if scope is not None and not in_scope(
        scope, district, cooperative.pk if cooperative else None
    ):
        field = "cooperative" if cooperative is not None else "person"
        errors[field].append(_("Peserta ini di luar wilayah Anda."))
    already = Enrolment.objects.filter(program=program, person=person).exclude(
        status=Enrolment.Status.CANCELLED
    )
    if scope is not None:
        # Only the caller's own nominations refuse: another scope's is invisible
        # to it, so the answer cannot tell that this NIK was nominated elsewhere
        # (docs/security.md, "People across scopes"); staff see them all.
        already = already.restrict(scope)
    if already.exists():
        errors["person"].append(_("Orang ini sudah terdaftar di program ini."))
    return {field: messages for field, messages in errors.items() if messages}
