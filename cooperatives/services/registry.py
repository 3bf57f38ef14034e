"""Registry writes: cooperatives and enterprises, validated by the models' rules.

A KDMP stands for its village (one per village, cooperatives.models.kdmp): its
cooperative changes village only with a reason (a correction, recorded in the
change history), to a village without a KDMP, and the KDMP moves along, so the
coverage counts follow it instead of silently reading the old village as none."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import history_note

from ..models import Cooperative, Enterprise, Kdmp, PersonReconciliation
from .identities import person_identify, reconciliation_queue, recorded_name_check
from .writes import create_validated, delete_checked, update_validated

# Not a model field: why a KDMP's cooperative changes village (admin, API).
VILLAGE_CHANGE_REASON = "village_change_reason"


@transaction.atomic
def cooperative_create(*, data: dict, by) -> Cooperative:
    data = {k: v for k, v in data.items() if k != VILLAGE_CHANGE_REASON}
    return create_validated(Cooperative, data, by=by)


@transaction.atomic
def cooperative_update(*, cooperative_id: int, data: dict, by) -> Cooperative:
    data = dict(data)
    reason = (data.pop(VILLAGE_CHANGE_REASON, "") or "").strip()
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative_id)
    kdmp = Kdmp.objects.select_for_update().filter(cooperative=cooperative).first()
    moved_from = cooperative.village_id
    if reason:
        history_note(cooperative, reason=reason)
    cooperative = update_validated(cooperative, data, by=by)
    if kdmp is not None and cooperative.village_id != moved_from:
        _kdmp_move(kdmp, to=cooperative.village_id, reason=reason, by=by)
    return cooperative


def _kdmp_move(kdmp: Kdmp, *, to: str | None, reason: str, by) -> None:
    if to is None:
        raise ValidationError(
            {"village": _("Koperasi KDMP harus tetap mempunyai desa/kelurahan.")}
        )
    if Kdmp.objects.filter(village_id=to).exists():
        raise ValidationError(
            {"village": Kdmp._meta.get_field("village").error_messages["unique"]}
        )
    if not reason:
        raise ValidationError(
            {
                VILLAGE_CHANGE_REASON: _(
                    "Koperasi ini KDMP desa/kelurahannya: tuliskan alasan "
                    "memindahkannya ke desa/kelurahan lain (misalnya koreksi data)."
                )
            }
        )
    history_note(kdmp, reason=reason)
    update_validated(kdmp, {"village_id": to}, by=by)


@transaction.atomic
def cooperative_delete(*, cooperative_id: int, by) -> None:
    delete_checked(
        Cooperative.objects.select_for_update().get(pk=cooperative_id), by=by
    )


OWNER_FIELD_OF = {"nik": "owner_nik", "name": "owner_name"}


def _owner_errors(error: ValidationError) -> ValidationError:
    """The identity's field names as the enterprise's (`nik` → `owner_nik`)."""
    return ValidationError(
        {OWNER_FIELD_OF.get(k, k): v for k, v in error.message_dict.items()}
    )


def _with_owner(data: dict, *, by, enterprise: Enterprise | None = None) -> dict:
    """Swap `owner_nik`/`owner_name` for the owner and the name this enterprise
    records. A NIK always comes with a name, known NIK or not (the answer must not
    tell whether it is known); a name alone renames the owner on this enterprise
    only. The identity is never changed (services.identities)."""
    data = dict(data)
    nik, name = data.pop("owner_nik", None), data.pop("owner_name", None)
    district = data.get("district")
    where = {
        "source": PersonReconciliation.Source.ENTERPRISE,
        "by": by,
        "district_id": district.pk
        if district
        else getattr(enterprise, "district_id", None),
    }
    if nik:
        if not (name or "").strip():
            raise ValidationError({"owner_name": _("Isi nama pemilik usaha.")})
        try:
            owner, recorded = person_identify(nik=nik, name=name, **where)
        except ValidationError as error:
            raise _owner_errors(error) from error
        data["owner"], data["owner_name"] = owner, recorded.name
    elif name is not None:
        if enterprise is None:
            raise ValidationError({"owner_nik": _("Isi NIK pemilik usaha.")})
        try:
            data["owner_name"] = recorded_name_check(name)
        except ValidationError as error:
            raise _owner_errors(error) from error
        reconciliation_queue(
            person=enterprise.owner, supplied_name=data["owner_name"], **where
        )
    return data


@transaction.atomic
def enterprise_create(*, data: dict, by) -> Enterprise:
    return create_validated(Enterprise, _with_owner(data, by=by), by=by)


@transaction.atomic
def enterprise_update(*, enterprise_id: int, data: dict, by) -> Enterprise:
    enterprise = (
        Enterprise.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=enterprise_id)
    )
    data = _with_owner(data, by=by, enterprise=enterprise)
    if "scale_override" in data:
        data["scale_override_by"] = by if data["scale_override"] else None
    return update_validated(enterprise, data, by=by)


# What an owner changes of their business themselves (the portal).
ENTERPRISE_ADDRESS_FIELDS = ("sub_district", "village", "address")


@transaction.atomic
def enterprise_address_update(*, enterprise_id: int, data: dict, by) -> Enterprise:
    """The owner's change of the business address: those fields only, whatever
    else `data` holds; the model checks the village is in the kecamatan and the
    kecamatan in the enterprise's district."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    data = {k: v for k, v in data.items() if k in ENTERPRISE_ADDRESS_FIELDS}
    return update_validated(enterprise, data, by=by)


@transaction.atomic
def enterprise_delete(*, enterprise_id: int, by) -> None:
    delete_checked(Enterprise.objects.select_for_update().get(pk=enterprise_id), by=by)
