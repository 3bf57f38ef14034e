"""UMKM owners' accounts: a sign-up with the NIB and the owner's NIK, proven by a
one-time code.

    start → MATCHED (code to the enterprise's registered email)
          | NEW (no enterprise with this NIB: code to the typed email; once proven
                 the enterprise is made PENDING for its district office)
          | UNMATCHED (NIB known but the NIK, the email or the account do not fit:
                 nothing is sent)
    confirm(code, password) → the owner's account, linked to the enterprise

Every sign-up takes the same path and gets the same answer (a row, a code, the
code page), so the answers never tell whether a NIB or a NIK exists (UU 27/2022,
docs/security.md). The code is short-lived, stored only as a salted hash, and
dies after MAX_ATTEMPTS wrong tries.
"""

import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from core.history import history_note
from notifications.services import email_send_after_commit

from ..models import Enterprise, OwnerSignup, Person
from ..nik_crypto import decrypt_nik, encrypt_nik, hash_nik

CODE_LIFETIME = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5


def _code_hash(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
    return f"{salt}${digest}"


def _code_matches(code: str, stored: str) -> bool:
    salt, _sep, _digest = stored.partition("$")
    return hmac.compare_digest(_code_hash(code, salt), stored)


def code_invalid_message() -> str:
    return _(
        "Kode salah atau sudah tidak berlaku. Periksa kode di surel Anda, atau "
        "daftar ulang untuk mendapat kode baru."
    )


def _email_free(email: str) -> bool:
    address = email or "-"
    taken = (
        get_user_model()
        .objects.filter(Q(email__iexact=address) | Q(username__iexact=address))
        .exists()
    )
    return bool(email) and not taken


def _kind_of(enterprise, nik_hash: str, email: str) -> tuple[str, str]:
    """(kind, the address the code goes to). The same queries on every path."""
    send_to = enterprise.owner.email if enterprise is not None else email
    free = _email_free(send_to)
    if enterprise is None:
        return (OwnerSignup.Kind.NEW, email) if free else ("", "")
    if (
        free
        and hmac.compare_digest(enterprise.owner.nik_hash or "", nik_hash)
        and enterprise.owner_user_id is None
    ):
        return OwnerSignup.Kind.MATCHED, send_to
    return "", ""


def owner_signup_start(
    *,
    nib: str,
    nik: str,
    email: str,
    owner_name: str,
    business_name: str,
    district_id: str,
    kbli: str,
    today: datetime.date | None = None,
) -> OwnerSignup:
    """Record a sign-up and send its code where it may go; the same answer for
    every input."""
    nik_hash = hash_nik(nik)
    enterprise = Enterprise.objects.select_related("owner").filter(nib=nib).first()
    kind, send_to = _kind_of(enterprise, nik_hash, email)
    code = f"{secrets.randbelow(10**6):06d}"
    signup = OwnerSignup.objects.create(
        kind=kind or OwnerSignup.Kind.UNMATCHED,
        nib=nib,
        nik_encrypted=encrypt_nik(nik),
        nik_hash=nik_hash,
        email=send_to,
        enterprise=enterprise if kind == OwnerSignup.Kind.MATCHED else None,
        details={
            "owner_name": owner_name,
            "business_name": business_name,
            "district_id": district_id,
            "kbli": kbli,
            "email": email,
        },
        code_hash=_code_hash(code),
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    if send_to:
        email_send_after_commit(
            to=send_to,
            subject=_("Kode pendaftaran Portal KUKM: %(code)s") % {"code": code},
            body=_(
                "Kode pendaftaran akun pemilik UMKM Anda: %(code)s\n\n"
                "Kode berlaku 15 menit. Jangan berikan kode ini kepada siapa pun, "
                "termasuk petugas dinas.\n\nJika Anda tidak mendaftar, abaikan surel "
                "ini."
            )
            % {"code": code},
        )
    return signup


def _refuse_or_count(signup_id: int, code: str) -> OwnerSignup | None:
    """The sign-up, locked, when the code opens it; else counts the try."""
    signup = OwnerSignup.objects.select_for_update().filter(pk=signup_id).first()
    if signup is None:
        return None
    usable = (
        signup.used_at is None
        and signup.attempts < MAX_ATTEMPTS
        and signup.expires_at > timezone.now()
        and signup.kind != OwnerSignup.Kind.UNMATCHED
    )
    if usable and _code_matches(code, signup.code_hash):
        return signup
    signup.attempts += 1
    signup.save(update_fields=["attempts"])
    return None


def _pending_enterprise(signup: OwnerSignup, user) -> Enterprise:
    details = signup.details
    owner, _created = Person.objects.get_or_create_by_nik(
        decrypt_nik(signup.nik_encrypted), name=details["owner_name"]
    )
    enterprise = Enterprise(
        nib=signup.nib,
        name=details["business_name"],
        owner=owner,
        owner_name=details["owner_name"],
        district_id=details["district_id"],
        kbli=details["kbli"],
        status=Enterprise.Status.PENDING,
        owner_user=user,
    )
    enterprise.full_clean(exclude=["owner", "nib"])
    history_note(
        enterprise,
        by=user,
        reason=_("Didaftarkan pemiliknya; menunggu verifikasi dinas."),
    )
    enterprise.save()
    return enterprise


def owner_signup_confirm(*, signup_id: int, code: str, password: str):
    """The owner's account once the code is right; a ValidationError (the same
    one for every refusal) otherwise."""
    with transaction.atomic():
        signup = _refuse_or_count(signup_id, code)
        if (
            signup is not None
            and signup.kind == OwnerSignup.Kind.NEW
            and Enterprise.objects.filter(nib=signup.nib).exists()
        ):
            signup = None  # registered meanwhile by someone else
        if signup is not None:
            user = get_user_model().objects.create_user(
                username=signup.email,
                email=signup.email,
                password=password,
                role="owner",
                first_name=signup.details.get("owner_name", "")[:150],
            )
            if signup.kind == OwnerSignup.Kind.NEW:
                enterprise = _pending_enterprise(signup, user)
            else:
                enterprise = Enterprise.objects.select_for_update().get(
                    pk=signup.enterprise_id
                )
                enterprise.owner_user = user
                history_note(enterprise, by=user, reason=_("Akun pemilik dibuat."))
                enterprise.save(update_fields=["owner_user"])
            signup.used_at = timezone.now()
            signup.user = user
            signup.enterprise = enterprise
            signup.save(update_fields=["used_at", "user", "enterprise"])
            return user
    raise ValidationError({"code": code_invalid_message()})


def enterprise_verify(*, enterprise_id: int, by) -> Enterprise:
    """A district office (or agency staff) confirms an owner's sign-up: the
    enterprise counts from now on. Outside the caller's scope: DoesNotExist."""
    with transaction.atomic():
        enterprise = (
            Enterprise.objects.restrict(Scope.for_user(by))
            .select_for_update()
            .get(pk=enterprise_id)
        )
        if enterprise.status != Enterprise.Status.PENDING:
            raise ValidationError(_("UMKM ini sudah terverifikasi."))
        enterprise.status = Enterprise.Status.VERIFIED
        history_note(enterprise, by=by, reason=_("Diverifikasi dinas."))
        enterprise.save(update_fields=["status"])
        owner = enterprise.owner_user
        if owner is not None and owner.email:
            email_send_after_commit(
                to=owner.email,
                subject=_("UMKM Anda sudah diverifikasi"),
                body=_("%(name)s sudah diverifikasi dinas dan tercatat di Portal KUKM.")
                % {"name": enterprise.name},
            )
    return enterprise
