"""Accounts by invitation: agency staff invite a cooperative's officer or a
district office's staff by email; a district office invites the officers of its
own district's cooperatives.

    PENDING → ACCEPTED (the account is made) | REVOKED
    PENDING → EXPIRED (after 7 days) → PENDING again when re-sent

The link carries a signed one-time token; only the SHA-256 of its random part is
stored, so the database cannot give a working link back. Re-sending makes a new
token (the old link stops working) and a new expiry.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.scope import Scope
from core.history import history_note
from core.phone import normalize_phone, validate_phone
from notifications.channels import phone_channel
from notifications.models import PhoneNumber

from ..models import (
    Cooperative,
    CooperativeRole,
    District,
    Invitation,
    PersonReconciliation,
)
from .identities import Recorded, person_identify
from .invitation_messages import invitation_deliver_after_commit
from .people import record_in_cooperative

INVITATION_LIFETIME = datetime.timedelta(days=7)
TOKEN_SALT = "cooperatives.invitation"  # noqa: S105 -- a namespace, not a secret


# --- Tokens ----------------------------------------------------------------------
def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    """(the token for the link, the hash to store)."""
    raw = secrets.token_urlsafe(32)
    return signing.Signer(salt=TOKEN_SALT).sign(raw), _digest(raw)


def token_digest(token: str) -> str | None:
    """The stored hash a link's token stands for; None when its signature is
    wrong (a typed or truncated link is refused without a query)."""
    try:
        raw = signing.Signer(salt=TOKEN_SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    return _digest(raw)


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse(
        "portal:invitation-accept", kwargs={"token": token}
    )


# --- Who may invite whom ---------------------------------------------------------
def _check_authority(*, kind: str, scope: Scope) -> None:
    if kind == Invitation.Kind.DISTRICT and not scope.everything:
        raise ValidationError(
            {"kind": _("Hanya staf dinas provinsi yang dapat mengundang staf dinas.")}
        )
    if not (scope.everything or scope.district_code):
        raise ValidationError(_("Anda tidak dapat mengirim undangan."))


def _check_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        Invitation._meta.get_field("email").clean(email, None)
    except ValidationError as exc:
        raise ValidationError({"email": exc.error_list}) from exc
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Surel ini sudah dipakai akun lain.")})
    return email


def _check_phone(phone: str, *, signs_in: bool) -> str:
    """The number in E.164; one that signs in (the link goes to it) must not be
    another account's."""
    phone = normalize_phone((phone or "").strip()) if (phone or "").strip() else ""
    if not phone:
        return ""
    try:
        validate_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    taken = get_user_model().objects.filter(username=phone).exists() or (
        PhoneNumber.objects.filter(number=phone, verified_at__isnull=False).exists()
    )
    if signs_in and taken:
        raise ValidationError({"phone": _("Nomor HP ini sudah dipakai akun lain.")})
    return phone


def _channel(channel: str | None, *, email: str, phone: str) -> str:
    """Where the link goes: "email", or "phone" (the configured phone channel);
    unsaid, the email when there is one, else the phone."""
    if channel == Invitation.Channel.EMAIL or (not channel and email):
        if not email:
            raise ValidationError({"email": _("Isi surel.")})
        return Invitation.Channel.EMAIL
    offered = phone_channel()
    if offered is None:
        raise ValidationError(
            {"email": _("Isi surel: pesan WhatsApp dan SMS belum tersedia.")}
        )
    if not phone:
        raise ValidationError(
            {"phone": _("Isi nomor HP untuk undangan lewat WhatsApp atau SMS.")}
        )
    return offered


@transaction.atomic
def invitation_create(
    *,
    kind: str,
    scope: Scope,
    email: str = "",
    by=None,
    cooperative_id: int | None = None,
    district_code: str | None = None,
    name: str = "",
    nik: str = "",
    phone: str = "",
    position: str = "",
    language: str | None = None,
    channel: str | None = None,
    batch=None,
) -> Invitation:
    """A new invitation, sent after commit by email or to the phone (`channel`:
    "email", "phone" or unsaid, see `_channel`); the returned invitation carries
    its `link` (shown once: only the token's hash is kept). With a `batch` it is
    queued instead, for the Celery task to send (no link here). A cooperative
    outside the scope raises Cooperative.DoesNotExist (the views answer 404)."""
    _check_authority(kind=kind, scope=scope)
    email = (email or "").strip().lower()
    phone = _check_phone(phone, signs_in=False)
    invitation = Invitation(
        kind=kind,
        name=(name or "").strip(),
        phone=phone,
        position=position or "",
        invited_by=by if getattr(by, "pk", None) else None,
        language=(language or get_language() or "id")[:2],
        channel=_channel(channel, email=email, phone=phone),
    )
    if invitation.channel != Invitation.Channel.EMAIL:
        _check_phone(phone, signs_in=True)
    invitation.email = _check_email(email) if email else ""
    if kind == Invitation.Kind.OFFICER:
        invitation.cooperative = Cooperative.objects.restrict(scope).get(
            pk=cooperative_id
        )
        invitation.district_id = invitation.cooperative.district_id
    else:
        chosen = District.objects.filter(pk=district_code).first()
        if chosen is None:
            raise ValidationError({"district": _("Kabupaten/kota tidak dikenal.")})
        invitation.district = chosen
    if (nik or "").strip():
        if kind != Invitation.Kind.OFFICER:
            raise ValidationError({"nik": _("NIK hanya untuk undangan pengurus.")})
        invitation.person, recorded = person_identify(
            nik=nik,
            name=invitation.name,
            phone=invitation.phone,
            email=invitation.email,
            source=PersonReconciliation.Source.INVITATION,
            by=invitation.invited_by,
            district_id=invitation.district_id,
            cooperative_id=invitation.cooperative_id,
        )
        if invitation.channel == Invitation.Channel.EMAIL:
            invitation.phone = recorded.phone
    _check_pending(invitation)
    if batch is not None:
        return _queue(invitation, batch, by)
    return _send(invitation, by)


def _check_pending(invitation: Invitation) -> None:
    pending = Invitation.objects.pending().filter(
        kind=invitation.kind,
        cooperative=invitation.cooperative,
        district=invitation.district,
    )
    if invitation.email and pending.filter(email=invitation.email).exists():
        raise ValidationError(
            {"email": _("Undangan untuk surel ini masih berlaku; kirim ulang saja.")}
        )
    if invitation.channel != Invitation.Channel.EMAIL and (
        pending.filter(phone=invitation.phone).exclude(channel="email").exists()
    ):
        raise ValidationError(
            {"phone": _("Undangan untuk nomor HP ini masih berlaku; kirim ulang saja.")}
        )


def invitation_mint(invitation: Invitation) -> str:
    """A new token (the old link stops working) and expiry; the link."""
    token, invitation.token_hash = _new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + INVITATION_LIFETIME
    return invitation_link(token)


def _send(invitation: Invitation, by) -> Invitation:
    invitation.link = invitation_mint(invitation)
    invitation.sending, invitation.sending_error = Invitation.Sending.SENT, ""
    invitation.full_clean()
    history_note(invitation, by=by)
    invitation.save()
    invitation_deliver_after_commit(invitation, invitation.link)
    return invitation


def _queue(invitation: Invitation, batch, by) -> Invitation:
    # A link nobody holds until the task mints the one it sends.
    invitation_mint(invitation)
    invitation.sending, invitation.batch = Invitation.Sending.QUEUED, batch
    invitation.full_clean()
    history_note(invitation, by=by)
    invitation.save()
    return invitation


def _locked(invitation_id: int, scope: Scope) -> Invitation:
    return (
        Invitation.objects.restrict(scope)
        .select_for_update(of=("self",))
        .select_related("cooperative", "district")
        .get(pk=invitation_id)
    )


@transaction.atomic
def invitation_resend(*, invitation_id: int, scope: Scope, by=None) -> Invitation:
    """A new link (the old one stops working) valid for another 7 days."""
    invitation = _locked(invitation_id, scope)
    if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.REVOKED):
        raise ValidationError(
            _("Undangan yang sudah diterima atau dicabut tidak dapat dikirim ulang.")
        )
    history_note(invitation, reason="resent", by=by)
    return _send(invitation, by)


@transaction.atomic
def invitation_revoke(*, invitation_id: int, scope: Scope, by=None) -> Invitation:
    invitation = _locked(invitation_id, scope)
    if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.REVOKED):
        raise ValidationError(
            _("Undangan yang sudah diterima atau dicabut tidak dapat dicabut.")
        )
    invitation.revoked_at = timezone.now()
    history_note(invitation, reason="revoked", by=by)
    invitation.full_clean()
    invitation.save()
    return invitation


# --- Accepting -------------------------------------------------------------------
def invitation_unusable_message(invitation: Invitation | None) -> str | None:
    """Why a link cannot be used, in the person's words; None when it can."""
    if invitation is None:
        return _("Tautan undangan ini tidak dikenal. Periksa tautan di surel Anda.")
    return {
        Invitation.Status.ACCEPTED: _(
            "Tautan undangan ini sudah dipakai. Masuk dengan surel dan kata sandi "
            "yang Anda buat."
        ),
        Invitation.Status.REVOKED: _(
            "Undangan ini sudah dicabut. Hubungi dinas yang mengundang Anda."
        ),
        Invitation.Status.EXPIRED: _(
            "Tautan undangan ini sudah kedaluwarsa (berlaku 7 hari). Minta dinas "
            "yang mengundang Anda mengirim ulang undangan."
        ),
    }.get(invitation.status)


def invitation_user(invitation: Invitation):
    """The account the invitation will make (unsaved): the password validators
    compare the password with its name and email. Its messages keep the
    invitation's language (the one its link came in)."""
    user = get_user_model()(
        username=invitation.email or invitation.phone,
        email=invitation.email,
        first_name=invitation.name[:150],
        role=invitation.kind,
        language=invitation.language,
    )
    if invitation.kind == Invitation.Kind.DISTRICT:
        user.district_id = invitation.district_id
    return user


def _username_for(email: str) -> str:
    users = get_user_model().objects
    username, n = email, 1
    while users.filter(username__iexact=username).exists():
        n += 1
        username = f"{email[:140]}.{n}"
    return username


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Make the invited account with the chosen password and return it; the
    link then stops working. An officer invited with a NIK gets the officer role
    in the cooperative (unless they hold it), recorded with the invitation's
    name and contact."""
    digest = token_digest(token)
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("cooperative", "district", "person")
        .filter(token_hash=digest)
        .first()
        if digest
        else None
    )
    problem = invitation_unusable_message(invitation)
    if problem:
        raise ValidationError(problem, code="unusable")
    user = invitation_user(invitation)
    if invitation.email:
        _check_email(invitation.email)
    by_phone = invitation.channel != Invitation.Channel.EMAIL
    if by_phone:
        _check_phone(invitation.phone, signs_in=True)
    user.username = _username_for(user.username)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    if by_phone:
        # The link reached this phone: opening it proves the number.
        PhoneNumber.objects.create(
            user=user, number=invitation.phone, verified_at=timezone.now()
        )
    if invitation.person is not None:
        _officer_role_give(invitation, user)
    invitation.accepted_at, invitation.user = timezone.now(), user
    history_note(invitation, reason="accepted", by=user)  # the new account acted
    invitation.save()
    return user


def _officer_role_give(invitation: Invitation, user) -> None:
    person = invitation.person
    if person.user_id is None:
        person.user = user
        history_note(person, by=user)
        person.save(update_fields=["user", "updated_at"])
    today = timezone.localdate()
    holds = (
        CooperativeRole.objects.current(today)
        .filter(
            person=person,
            cooperative=invitation.cooperative,
            role=CooperativeRole.Role.OFFICER,
        )
        .exists()
    )
    if holds:
        return
    role = CooperativeRole(
        person=person,
        cooperative=invitation.cooperative,
        role=CooperativeRole.Role.OFFICER,
        position=invitation.position,
        starts_on=today,
    )
    name = invitation.name or person.name
    record_in_cooperative(
        role, Recorded(name, invitation.phone, invitation.email), by=user
    )
    role.full_clean()
    history_note(role, by=user)
    role.save()
