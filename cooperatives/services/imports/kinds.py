"""What a row of each kind must hold: its columns (the export's, Indonesian
headers accepted), the references it names (district, kecamatan, village by
code or name, cluster, cooperative: read once per job, not per row), and the checks
that span cells (the village within the kecamatan within the district). A row
becomes the tuple the loader copies into its staging table, or a reason."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ...models import Cluster, Cooperative, District, Enterprise, SubDistrict, Village
from ...nik_crypto import nik_hasher
from ...validators import address_errors, validate_person_nik
from ..villages import VillageIndex
from .columns import Column, cell_errors, header_map, model_columns
from .reading import header_key

OWNER_NAME_MAX = 150
PLACE_COLUMNS = ("district", "sub_district", "village")
ABSENT = object()  # a column the file does not have
PLACES_MAX = 50_000  # distinct combinations remembered (villages: ~1,000)


def _references(scope_district: str | None):
    districts = {}
    for code, name in District.objects.values_list("code", "name"):
        districts[header_key(code)] = code
        districts.setdefault(header_key(name), code)
    sub_districts = {}
    for code, district, name in SubDistrict.objects.values_list(
        "code", "district_id", "name"
    ):
        sub_districts[header_key(code)] = code
        sub_districts.setdefault((district, header_key(name)), code)
    return districts, sub_districts


def _lookup(mapping: dict, message: str):
    def parse(text: str):
        if not text:
            return None
        found = mapping.get(text)  # a code as exported: no normalising needed
        if found is None:
            found = mapping.get(header_key(text))
        if found is None:
            raise ValidationError(message % {"code": text[:50]})
        return found

    return parse


class RowRules:
    """Base: maps the header, parses each cell, then the cross-cell checks."""

    model = None
    key = ""  # the natural key column
    names: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = {}
    ignored: frozenset[str] = frozenset()
    required: tuple[str, ...] = ()
    # The staging table's columns after `line`: (column, SQL type), in tuple order.
    stage: tuple[tuple[str, str], ...] = ()

    def __init__(self, header: list[str], *, district_id: str | None):
        self.district_id = district_id
        self.districts, self.sub_districts = _references(district_id)
        self.villages = VillageIndex(Village)
        self.places: dict[tuple, tuple[dict, list[str]]] = {}
        columns = self.columns()
        self.positions = header_map(header, columns, set(self.ignored))
        missing = [name for name in self.required if name not in self.positions]
        if "village" in self.positions and "sub_district" not in self.positions:
            missing.append("sub_district")  # a village is written with its kecamatan
        if missing:
            raise ValidationError(
                _("Kolom wajib tidak ada: %(columns)s. Gunakan kolom hasil ekspor.")
                % {"columns": ", ".join(missing)}
            )
        parsers = {column.name: column.parse for column in columns}
        self.plan = [
            (name, index, parsers[name]) for name, index in self.positions.items()
        ]

    @property
    def present(self) -> set[str]:
        return set(self.positions)

    def columns(self) -> list[Column]:
        columns = model_columns(self.model, self.plain_names(), self.aliases)
        districts = Column(
            "district",
            _lookup(self.districts, _("Kode kabupaten/kota %(code)s tidak dikenal.")),
            ("kabupaten/kota", "kabupaten", "kota", "kab/kota", "kode kabupaten/kota"),
        )
        return [
            *columns,
            districts,
            Column("sub_district", str, ("kecamatan",)),
            Column("village", str.strip, ("desa/kelurahan", "desa", "kelurahan")),
        ]

    def plain_names(self):
        coded = {"district", "sub_district", "village"}
        return [n for n in self.names if n not in coded]

    def parse(self, cells: list[str]) -> tuple[dict, list[str]]:
        values, errors = {}, []
        width = len(cells)
        for name, index, parse in self.plan:
            try:
                values[name] = parse(cells[index] if index < width else "")
            except (ValidationError, ValueError) as error:
                errors.append(f"{name}: {' '.join(cell_errors(error))}")
        found = self.place_found(values)
        values.update(found[0])
        errors += found[1]
        return values, errors

    def place_found(self, values: dict) -> tuple[dict, list[str]]:
        """The place columns' codes and errors for a row's parsed values. They
        take few distinct values in a file: each combination checked once,
        then looked up."""
        get = values.get
        key = (
            get("district", ABSENT),
            get("sub_district", ABSENT),
            get("village", ABSENT),
        )
        found = self.places.get(key)
        if found is None:
            found = self._place(dict(values))
            if len(self.places) < PLACES_MAX:
                self.places[key] = found
        return found

    def _place(self, values: dict) -> tuple[dict, list[str]]:
        """The place columns' codes (district, kecamatan, village) and errors."""
        errors = []
        district = values.get("district")
        if "district" in values and district is None:
            errors.append(f"district: {_('Isi kabupaten/kota.')}")
        if district and self.district_id and district != self.district_id:
            errors.append(f"district: {_('Kabupaten/kota ini di luar wilayah Anda.')}")
        sub_district = values.get("sub_district")
        if sub_district:
            codes = self.sub_districts
            code = (
                codes.get(sub_district)
                or codes.get(header_key(sub_district))
                or codes.get((district, header_key(sub_district)))
            )
            if code is None:
                errors.append(
                    "sub_district: "
                    + _("Kode kecamatan %(code)s tidak dikenal.")
                    % {"code": sub_district[:50]}
                )
            values["sub_district"] = code
        elif "sub_district" in values:
            values["sub_district"] = None
        self._village(values, errors)
        if not any(e.startswith("sub_district: ") for e in errors):
            for name, message in address_errors(
                district, values.get("sub_district"), values.get("village")
            ).items():
                errors.append(f"{name}: {message}")
        return {name: values[name] for name in PLACE_COLUMNS if name in values}, errors

    def _village(self, values: dict, errors: list[str]) -> None:
        """A village's code, or its name within the row's kecamatan (else its
        district) where it names one village; a kecamatan left blank is the
        village's."""
        text = values.get("village")
        if not text:
            if "village" in values:
                values["village"] = None
            return
        if text in self.villages.codes:
            code = text
        else:
            code = self.villages.match(
                text,
                district=values.get("district"),
                sub_district=values.get("sub_district"),
            )
        if code is None:
            errors.append(
                "village: "
                + _("Desa/kelurahan %(name)s tidak dikenal di wilayah ini.")
                % {"name": text[:50]}
            )
            values["village"] = None
            return
        values["village"] = code
        if not values.get("sub_district") and code[:5] == values.get("district"):
            values["sub_district"] = code[:8]


class EnterpriseRules(RowRules):
    model = Enterprise
    key = "nib"
    names = (
        "nib", "name", "district", "sub_district", "village", "address", "kbli",
        "kbli_version", "business_capital", "annual_revenue", "employees",
    )  # fmt: skip
    aliases = {
        "nib": ("nomor induk berusaha",),
        "name": ("nama", "nama usaha"),
        "kbli": ("kbli",),
        "business_capital": ("modal",),
        "annual_revenue": ("omzet", "omset", "penjualan tahunan"),
        "employees": ("jumlah tenaga kerja",),
    }
    ignored = frozenset({"id", "scale", "scale_override", "created_at", "updated_at"})
    required = ("nib", "name", "district", "kbli")
    stage = (
        ("nib", "text"), ("name", "text"), ("owner_hash", "text"),
        ("owner_name", "text"), ("district_id", "text"), ("sub_district_id", "text"),
        ("village_id", "text"), ("address", "text"), ("kbli", "text"),
        ("kbli_version", "smallint"), ("business_capital", "numeric"),
        ("annual_revenue", "numeric"), ("employees", "integer"),
        ("cooperative_id", "bigint"),
    )  # fmt: skip
    DEFAULTS = {"village": None, "address": "", "kbli_version": 2020, "employees": 0}

    def __init__(self, header, *, district_id):
        cooperatives = Cooperative.objects.all()
        if district_id:
            cooperatives = cooperatives.filter(district_id=district_id)
        self.cooperatives = {}
        for pk, nik in cooperatives.values_list("pk", "nik"):
            self.cooperatives[str(pk)] = pk
            if nik:
                self.cooperatives[nik] = pk
        self.hash_nik = nik_hasher()
        super().__init__(header, district_id=district_id)

    def columns(self):
        return [
            *super().columns(),
            Column("owner_nik", str.strip, ("nik pemilik",)),
            Column("owner_name", str.strip, ("nama pemilik", "nama pemilik (dicatat)")),
            Column(
                "cooperative",
                _lookup(self.cooperatives, _("Koperasi %(code)s tidak ditemukan.")),
                ("koperasi", "nik koperasi"),
            ),
        ]

    def row(self, line: int, cells: list[str]):
        """(stage tuple, owner NIK or None) or (None, reason)."""
        values, errors = self.parse(cells)
        nik, owner_hash = values.get("owner_nik") or "", None
        owner_name = values.get("owner_name") or None
        if nik:
            try:
                validate_person_nik(nik)
                owner_hash = self.hash_nik(nik)
            except ValidationError as error:
                errors.append(f"owner_nik: {' '.join(error.messages)}")
            if not owner_name:
                errors.append(f"owner_name: {_('Isi nama pemilik usaha.')}")
        if owner_name and len(owner_name) > OWNER_NAME_MAX:
            errors.append(
                f"owner_name: {_('Paling banyak %(n)s karakter.') % {'n': OWNER_NAME_MAX}}"
            )
        if errors:
            return None, "; ".join(errors)
        get = values.get
        d = self.DEFAULTS
        return (
            line, get("nib"), get("name"), owner_hash, owner_name, get("district"),
            get("sub_district"), get("village", d["village"]),
            get("address", d["address"]), get("kbli"),
            get("kbli_version", d["kbli_version"]), get("business_capital", 0),
            get("annual_revenue"), get("employees", d["employees"]),
            get("cooperative"),
        ), (nik or None)  # fmt: skip


class CooperativeRules(RowRules):
    model = Cooperative
    key = "nik"
    names = (
        "nik", "name", "kind", "form", "management", "membership_area", "sector",
        "loop_status", "district", "sub_district", "village", "address",
        "postal_code", "legal_entity_number", "legal_entity_date", "established_on",
        "npwp", "phone", "email", "status",
    )  # fmt: skip
    aliases = {
        "nik": ("nik koperasi", "nomor induk koperasi"),
        "name": ("nama", "nama koperasi"),
        "kind": ("jenis", "jenis koperasi"),
        "form": ("bentuk",),
        "sector": ("sektor", "sektor usaha"),
        "legal_entity_number": ("nomor badan hukum",),
        "legal_entity_date": ("tanggal badan hukum",),
        "phone": ("telepon", "nomor telepon"),
        "email": ("email", "surel"),
        "status": ("status",),
    }
    ignored = frozenset(
        {"id", "is_active", "last_rat_year", "last_rat_on", "member_count",
         "created_at", "updated_at"}
    )  # fmt: skip
    required = ("nik", "name", "kind", "district")
    stage = (
        ("nik", "text"), ("name", "text"), ("kind", "text"), ("form", "text"),
        ("management", "text"), ("membership_area", "text"), ("cluster_id", "bigint"),
        ("sector", "text"), ("loop_status", "text"), ("district_id", "text"),
        ("sub_district_id", "text"), ("village_id", "text"), ("address", "text"),
        ("postal_code", "text"), ("legal_entity_number", "text"),
        ("legal_entity_date", "date"), ("established_on", "date"), ("npwp", "text"),
        ("phone", "text"), ("email", "text"), ("status", "text"),
    )  # fmt: skip

    def __init__(self, header, *, district_id):
        self.clusters = {}
        for pk, code, name in Cluster.objects.values_list("pk", "code", "name"):
            self.clusters[header_key(code)] = pk
            self.clusters.setdefault(header_key(name), pk)
        super().__init__(header, district_id=district_id)

    def columns(self):
        return [
            *super().columns(),
            Column(
                "cluster",
                _lookup(self.clusters, _("Kelompok koperasi %(code)s tidak dikenal.")),
                ("kelompok", "kelompok koperasi"),
            ),
        ]

    def row(self, line: int, cells: list[str]):
        values, errors = self.parse(cells)
        founded, legal = values.get("established_on"), values.get("legal_entity_date")
        if founded and legal and legal < founded:
            errors.append(
                "legal_entity_date: "
                + _("Tanggal badan hukum tidak boleh sebelum tanggal berdiri.")
            )
        if errors:
            return None, "; ".join(errors)
        get = values.get
        defaults = {
            "form": Cooperative.Form.PRIMARY.value,
            "management": Cooperative.Management.CONVENTIONAL.value,
            "membership_area": Cooperative.MembershipArea.DISTRICT.value,
            "status": Cooperative.Status.REGISTERED.value,
        }
        out = [line]
        for column, _type in self.stage:
            name = column.removesuffix("_id") if column.endswith("_id") else column
            out.append(get(name, defaults.get(name, "")) if name in values or name
                       in defaults else _blank(column))  # fmt: skip
        return tuple(out), None


def _blank(column: str):
    return None if column.endswith(("_id", "_date", "_on")) else ""


RULES = {"enterprises": EnterpriseRules, "cooperatives": CooperativeRules}
