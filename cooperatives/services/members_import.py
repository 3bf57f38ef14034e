"""Members in bulk from a CSV file (columns nik, nama, jenis_kelamin, no_hp,
surel, mulai). Every row is checked the same way whether its NIK is known anywhere
or not (services.identities), so the answer tells nothing about people outside the
cooperative; the cooperative records the name and contact the file gives."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_note
from core.uploads import csv_check

from ..models import Cooperative, CooperativeRole, Person, PersonReconciliation
from .identities import person_identify, validated_candidate
from .people import record_in_cooperative

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
SEX_WORDS = {
    "l": Person.Sex.MALE,
    "laki-laki": Person.Sex.MALE,
    "pria": Person.Sex.MALE,
    "male": Person.Sex.MALE,
    "m": Person.Sex.MALE,
    "p": Person.Sex.FEMALE,
    "perempuan": Person.Sex.FEMALE,
    "wanita": Person.Sex.FEMALE,
    "female": Person.Sex.FEMALE,
    "f": Person.Sex.FEMALE,
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
# Errors name the CSV's own column, not the model field.
CSV_COLUMN_OF = {
    "name": "nama",
    "sex": "jenis_kelamin",
    "phone": "no_hp",
    "email": "surel",
}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (row, column, message)


def _read_rows(file) -> list[dict]:
    raw = file.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("Berkas terlalu besar (paling besar 2 MB).")})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            {"file": _("Berkas harus berupa CSV dengan pengodean UTF-8.")}
        ) from exc
    try:
        csv_check(raw)  # a spreadsheet or other binary renamed .csv
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    if not rows:
        raise ValidationError(
            {"file": _("Berkas kosong atau tanpa baris judul kolom.")}
        )
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError({"file": _("Paling banyak 5.000 baris per berkas.")})
    return [
        {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        for row in rows
    ]


def _parse_date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 a date only
        except ValueError:
            continue
    return None


def _member_from_row(
    row: dict,
) -> tuple[dict, datetime.date | None, list[tuple[str, str]]]:
    errors = []
    sex_word = (row.get("jenis_kelamin") or row.get("sex") or "").lower()
    person = {
        "nik": row.get("nik", ""),
        "name": row.get("nama") or row.get("name", ""),
        "sex": SEX_WORDS.get(sex_word, ""),  # blank: the NIK's
        "phone": row.get("no_hp") or row.get("phone", ""),
        "email": row.get("surel") or row.get("email", ""),
    }
    if sex_word and not person["sex"]:
        errors.append(("jenis_kelamin", _("Tulis L atau P.")))
    started = row.get("mulai") or row.get("starts_on") or ""
    starts_on = _parse_date(started) if started else timezone.localdate()
    if starts_on is None:
        errors.append(("mulai", _("Tanggal tidak dikenali; tulis seperti 31-12-2025.")))
    try:
        validated_candidate(**person)  # alike for known and unknown NIKs
    except ValidationError as exc:
        errors.extend(
            (CSV_COLUMN_OF.get(name, name), " ".join(messages))
            for name, messages in exc.message_dict.items()
        )
    return person, starts_on, errors


@transaction.atomic
def members_import_csv(*, cooperative_id: int, file, by=None) -> ImportResult:
    """Add members from CSV (columns nik, nama, jenis_kelamin, no_hp, surel, mulai).

    Every row is checked first; one bad row imports nothing, and the result names
    each bad row and column. Rows of people who are already members are skipped."""
    cooperative = Cooperative.objects.get(pk=cooperative_id)
    rows = _read_rows(file)
    result = ImportResult()
    parsed = []
    seen = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        person, starts_on, errors = _member_from_row(row)
        if person["nik"] in seen:
            errors.append(("nik", _("NIK ini muncul lebih dari sekali dalam berkas.")))
        seen.add(person["nik"])
        result.errors.extend((number, column, message) for column, message in errors)
        parsed.append((person, starts_on))
    if result.errors:
        return result
    current = set(
        CooperativeRole.objects.filter(
            cooperative_id=cooperative_id,
            role=CooperativeRole.Role.MEMBER,
            ends_on__isnull=True,
        ).values_list("person_id", flat=True)
    )
    for person_data, starts_on in parsed:
        identity, recorded = person_identify(
            **person_data,
            source=PersonReconciliation.Source.MEMBER_IMPORT,
            by=by,
            district_id=cooperative.district_id,
            cooperative_id=cooperative.pk,
        )
        if identity.pk in current:
            continue
        member = CooperativeRole(
            cooperative=cooperative,
            person=identity,
            role=CooperativeRole.Role.MEMBER,
            starts_on=starts_on,
        )
        record_in_cooperative(member, recorded, by=by)
        history_note(member, by=by)
        member.save()
        current.add(identity.pk)
        result.created += 1
    return result
