"""Registry writes: cooperatives and enterprises, validated by the models' rules."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Cooperative, Enterprise, Person
from .writes import create_validated, update_validated


@transaction.atomic
def cooperative_create(*, data: dict, by) -> Cooperative:
    return create_validated(Cooperative, data)


@transaction.atomic
def cooperative_update(*, cooperative_id: int, data: dict, by) -> Cooperative:
    return update_validated(
        Cooperative.objects.select_for_update().get(pk=cooperative_id), data
    )


def _with_owner(data: dict) -> dict:
    """Swap `owner_nik`/`owner_name` for the owner Person, found by NIK or created."""
    data = dict(data)
    nik, name = data.pop("owner_nik", None), data.pop("owner_name", None)
    if nik:
        owner, created = Person.objects.get_or_create_by_nik(
            nik, name=name or "", sex=Person.sex_from_nik(nik)
        )
        if created:
            owner.full_clean()
        elif name and owner.name != name:
            owner.name = name
            owner.save(update_fields=["name", "updated_at"])
        data["owner"] = owner
    elif name and "owner" not in data:
        raise ValidationError({"owner_nik": _("Isi NIK pemilik usaha.")})
    return data


@transaction.atomic
def enterprise_create(*, data: dict, by) -> Enterprise:
    return create_validated(Enterprise, _with_owner(data))


@transaction.atomic
def enterprise_update(*, enterprise_id: int, data: dict, by) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    data = _with_owner(data)
    if "scale_override" in data:
        data["scale_override_by"] = by if data["scale_override"] else None
    return update_validated(enterprise, data)
