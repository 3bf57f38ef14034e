"""Asking for access from the sign-in page: someone names a cooperative by its
NIK koperasi and asks for an officer's account.

    OPEN → APPROVED (an invitation is sent) | REFUSED (with a reason)

The person asking is answered the same whatever the NIK koperasi is (known,
unknown, active or not): the same page and the same acknowledgment email, which
names no cooperative. A request naming no known cooperative reaches agency staff
only, who refuse it with a reason.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.scope import Scope
from core.history import history_note
from notifications.services import email_send_after_commit, notification_create

from ..models import AccessRequest, Cooperative, Invitation
from ..nik_crypto import encrypt_nik
from ..validators import validate_cooperative_nik, validate_person_nik
from .invitation_messages import phone_note_after_commit
from .invitations import invitation_create


def _validated(**fields) -> dict:
    errors = {}
    for key, check in (
        ("cooperative_nik", validate_cooperative_nik),
        ("nik", validate_person_nik),
    ):
        fields[key] = (fields[key] or "").strip()
        try:
            check(fields[key])
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def access_request_create(
    *,
    cooperative_nik: str,
    nik: str,
    name: str,
    email: str,
    position: str = "",
    language: str | None = None,
    phone: str = "",
) -> AccessRequest:
    data = _validated(cooperative_nik=cooperative_nik, nik=nik)
    cooperative = Cooperative.objects.filter(nik=data["cooperative_nik"]).first()
    request = AccessRequest(
        cooperative_nik=data["cooperative_nik"],
        cooperative=cooperative,
        district_id=cooperative.district_id if cooperative else None,
        nik_encrypted=encrypt_nik(data["nik"]),
        name=(name or "").strip(),
        email=(email or "").strip().lower(),
        phone=(phone or "").strip(),
        position=position or "",
        language=(language or get_language() or "id")[:2],
    )
    request.full_clean()
    request.save()
    _acknowledge(request)
    if request.district_id:
        _tell_district(request)
    return request


def _acknowledge(request: AccessRequest) -> None:
    with translation.override(request.language):
        subject = _("Permintaan akses Portal KUKM diterima")
        body = _(
            "Yth. %(name)s,\n\n"
            "Permintaan akses Anda ke Portal KUKM Kalimantan Timur sudah kami "
            "terima (nomor %(id)s). Dinas akan memeriksanya dan menjawab lewat "
            "surel ini, biasanya dalam 5 hari kerja.\n\n"
            "Jika Anda tidak meminta akses, abaikan surel ini."
        ) % {"name": request.name, "id": request.pk}
    email_send_after_commit(to=request.email, subject=subject, body=body)


def _tell_district(request: AccessRequest) -> None:
    """An in-app note (and its email) to the district office's users."""
    deciders = get_user_model().objects.filter(
        role="district", district_id=request.district_id, is_active=True
    )
    for user in deciders:
        notification_create(
            user=user,
            kind="access_request",
            title=lambda: _("Permintaan akses baru"),
            body=lambda: (
                _("Permintaan akses #%(id)s menunggu keputusan Anda.")
                % {"id": request.pk}
            ),
            link=reverse("portal:access-request-decide", args=[request.pk]),
        )


def _locked(request_id: int, scope: Scope) -> AccessRequest:
    request = (
        AccessRequest.objects.restrict(scope)
        .select_for_update(of=("self",))
        .select_related("cooperative")
        .get(pk=request_id)
    )
    if request.status != AccessRequest.Status.OPEN:
        raise ValidationError(_("Permintaan ini sudah diputuskan."))
    return request


@transaction.atomic
def access_request_approve(*, request_id: int, scope: Scope, by) -> AccessRequest:
    """Approve: the person gets an invitation to the cooperative (the
    invitation's email is the answer)."""
    request = _locked(request_id, scope)
    if request.cooperative is None:
        raise ValidationError(
            _(
                "NIK koperasi pada permintaan ini tidak terdaftar. Tolak permintaan "
                "ini dan tuliskan alasannya."
            )
        )
    request.invitation = invitation_create(
        kind=Invitation.Kind.OFFICER,
        email=request.email,
        scope=scope,
        by=by,
        cooperative_id=request.cooperative_id,
        name=request.name,
        nik=request.nik,
        phone=request.phone,
        position=request.position,
        language=request.language,
        channel="email",
    )
    with translation.override(request.language):
        _phone_note(
            request,
            _("Permintaan akses Portal KUKM disetujui"),
            _(
                "Permintaan akses Anda (nomor %(id)s) disetujui. Tautan untuk "
                "membuat kata sandi dikirim ke surel %(email)s."
            )
            % {"id": request.pk, "email": request.email},
        )
    return _decide(request, AccessRequest.Status.APPROVED, by=by)


def _phone_note(request: AccessRequest, title: str, body: str) -> None:
    phone_note_after_commit(
        number=request.phone,
        reference=f"kukm-access-{request.pk}",
        language=request.language,
        title=title,
        body=body,
    )


@transaction.atomic
def access_request_refuse(
    *, request_id: int, scope: Scope, by, reason: str
) -> AccessRequest:
    request = _locked(request_id, scope)
    request.reason = (reason or "").strip()
    if not request.reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan.")})
    _decide(request, AccessRequest.Status.REFUSED, by=by)
    with translation.override(request.language):
        subject = _("Permintaan akses Portal KUKM ditolak")
        body = _(
            "Yth. %(name)s,\n\n"
            "Permintaan akses Anda (nomor %(id)s) ke Portal KUKM Kalimantan Timur "
            "tidak dapat kami setujui.\n\nAlasan: %(reason)s\n\n"
            "Anda dapat mengajukan permintaan baru setelah memperbaikinya."
        ) % {"name": request.name, "id": request.pk, "reason": request.reason}
        _phone_note(
            request,
            subject,
            _("Permintaan akses Anda (nomor %(id)s) ditolak. Alasan: %(reason)s")
            % {"id": request.pk, "reason": request.reason},
        )
    email_send_after_commit(to=request.email, subject=subject, body=body)
    return request


def _decide(request: AccessRequest, status: str, *, by) -> AccessRequest:
    request.status = status
    request.decided_by = by if getattr(by, "pk", None) else None
    request.decided_at = timezone.now()
    request.full_clean()
    history_note(request, by=by)
    request.save()
    return request
