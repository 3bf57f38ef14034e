"""Registry writes: cooperatives and enterprises, validated by the models' rules."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Cooperative, Enterprise, PersonReconciliation
from .identities import person_identify, reconciliation_queue, recorded_name_check
from .writes import create_validated, delete_checked, update_validated


@transaction.atomic
def cooperative_create(*, data: dict, by) -> Cooperative:
    return create_validated(Cooperative, data, by=by)


@transaction.atomic
def cooperative_update(*, cooperative_id: int, data: dict, by) -> Cooperative:
    return update_validated(
        Cooperative.objects.select_for_update().get(pk=cooperative_id), data, by=by
    )


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


@transaction.atomic
def enterprise_delete(*, enterprise_id: int, by) -> None:
    delete_checked(Enterprise.objects.select_for_update().get(pk=enterprise_id), by=by)
