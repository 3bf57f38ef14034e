"""A block of a CSV's rows, checked a column at a time (pyarrow): which rows
the row path would certainly take as they are (columnar.py), and the parts of
their final lines.

A row is vouched for only where every cell the import reads is of a shape
whose value the row path stores as the file writes it: printable text without
a backslash, spaces around it the only ones str.strip would take; digits of
the model field's length (amounts without a leading zero, so the text is the
Decimal's); place and cooperative cells whose parse (the row path's own,
called once a distinct value) raises nothing. Any other row is left to the
row path, and nothing is lost by leaving one: it only costs its time."""

import pyarrow as pa
import pyarrow.compute as pc
from django.core.exceptions import ImproperlyConfigured, ValidationError

from ...models import Enterprise
from ...rules import CAPITAL_BOUNDS, REVENUE_BOUNDS
from .direct import ENTERPRISE_LINE, NULL, WRITTEN_KEYS
from .kinds import OWNER_NAME_MAX, PLACE_COLUMNS, PLACES_MAX, EnterpriseRules
from .reading import clean_cells

# Text the row path stores as it is: the first and last characters printable
# ASCII (not a space, a backslash or, first, the quote of an exported `'=…`),
# none a control character or a backslash (COPY's escapes) in between.
TEXT = r"^ *(?:[!-&(-\[\]-~](?:[^\x00-\x1f\x7f\\]*[!-\[\]-~])?)? *$"
# A NIK validate_person_nik accepts: day 01-31 (41-71), month 01-12, not 0000.
NIK = (
    r"^ *[0-9]{6}(?:0[1-9]|[12][0-9]|3[01]|4[1-9]|[56][0-9]|7[01])"
    r"(?:0[1-9]|1[0-2])[0-9]{2}(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9]) *$"
)
ANY_TEXT = "[!-~]"  # a cell str.strip leaves something of
# The line's columns before TAIL (direct.ENTERPRISE_LINE): id, nib, name |
# owner id | owner name … scale.
FIELDS = ("%d", "%s", "%s", "%d", "%s", "%s", "%s", "%s", "", "%s", "%s", "%d",
          "%s", "%s", "%d", "%s", "%s")  # fmt: skip
if not ENTERPRISE_LINE.startswith("\t".join(FIELDS)):
    raise ImproperlyConfigured("columnar_rows.py does not build ENTERPRISE_LINE")
TAIL = ENTERPRISE_LINE[len("\t".join(FIELDS)) + 1 :]


def _digits(most: int, *, empty: bool = True) -> str:
    """A number without a leading zero, of at most `most` digits (or none)."""
    number = f"(?:0|[1-9][0-9]{{0,{most - 1}}})"
    return f"^ *{number}{'?' if empty else ''} *$"


class Checks:
    """A job's column checks: the header's positions, the parsers of the
    columns checked once a distinct value, their answers so far."""

    def __init__(self, rules: EnterpriseRules):
        self.rules, self.positions = rules, rules.positions
        self.parsers = {name: parse for name, _index, parse in rules.plan}
        self.places = [name for name in PLACE_COLUMNS if name in self.positions]
        self.found: dict[tuple[str, str], tuple] = {}  # (column, text) → answer
        # Every key an answer let through (direct.WRITTEN_KEYS): the load's
        # keys are checked from these at its end, a superset of those written.
        self.written: dict[str, set] = {column: set() for column in WRITTEN_KEYS}
        field = Enterprise._meta.get_field
        self.shapes = {
            "nib": _exact_digits(field("nib").max_length),
            "kbli": _exact_digits(field("kbli").max_length),
            "owner_nik": NIK,
            "kbli_version": _one_of(v for v, _ in field("kbli_version").choices),
            "employees": _digits(9),  # below 2**31 - 1 (PositiveIntegerField)
        }
        for name in ("business_capital", "annual_revenue"):
            money = field(name)
            self.shapes[name] = _digits(money.max_digits - money.decimal_places)
        self.longest = {
            "name": field("name").max_length,
            "address": field("address").max_length,
            "owner_name": OWNER_NAME_MAX,
        }
        # A cell left empty: what the row path stores for it (its parser's value).
        self.empty = {
            name: form % self.parsers[name]("")
            for name, form in (
                ("kbli_version", "%d"), ("business_capital", "%s"), ("employees", "%d")
            )
            if name in self.positions
        }  # fmt: skip
        for bounds in (REVENUE_BOUNDS, CAPITAL_BOUNDS):
            if any(upper != int(upper) for _scale, upper in bounds):
                raise ImproperlyConfigured("columnar_rows.py compares whole amounts")

    def answer(self, names: tuple[str, ...], text: str) -> tuple:
        """(passes, stored texts) for one distinct value of `names`' cells
        (joined by \\x1f): the row path's parsers and place checks, once."""
        key = (names, text)
        found = self.found.get(key)
        if found is None:
            found = self._answer(names, text.split("\x1f"))
            if len(self.found) < PLACES_MAX:
                self.found[key] = found
        return found

    def _answer(self, names, texts) -> tuple:
        values = {}
        for name, text in zip(names, texts, strict=True):
            try:
                values[name] = self.parsers[name](text)
            except (ValidationError, ValueError):
                return (False,)
        if names == ("cooperative",):
            value = values["cooperative"]
            self.written["cooperative_id"].add(value)
            return True, NULL if value is None else str(value)
        codes, errors = self.rules.place_found(values)
        if errors:
            return (False,)
        get = codes.get
        for name in PLACE_COLUMNS:
            self.written[f"{name}_id"].add(get(name))
        return (
            True,
            get("district"),
            get("sub_district") or NULL,
            get("village") or NULL,
        )


def _one_of(values) -> str:
    return f"^ *(?:{'|'.join(str(value) for value in values)})? *$"


def _exact_digits(length: int) -> str:
    return f"^ *[0-9]{{{length}}} *$"


class Block:
    """One block of the file's rows (a pyarrow RecordBatch, rows without a
    cell left out): for each row, whether it is vouched for, and for those
    the values the reading thread needs and the parts of the final line."""

    def __init__(self, batch: pa.RecordBatch, checks: Checks):
        self.checks = checks
        self.columns = _non_empty(batch).columns
        self.size = len(self.columns[0]) if self.columns else 0
        self._trimmed = {}
        fast = self._vouched()
        self.fast_numbers = fast.to_numpy(zero_copy_only=False)
        self.slow = pc.indices_nonzero(pc.invert(fast)).to_pylist()
        none = pa.scalar(None, pa.string())
        nib = pc.if_else(fast, self.trimmed("nib"), none)
        self.nib_numbers = pc.cast(nib, pa.int64())  # null: a row left to the row path
        nik = self.trimmed("owner_nik")
        self.nik_numbers = pc.fill_null(
            pc.cast(pc.if_else(fast, nik, none), pa.int64()), 0
        ).to_numpy()
        self.niks = nik.to_pylist()
        self.owner_names = self.trimmed("owner_name").to_pylist()

    def cells(self, index: int) -> list[str]:
        """The row as reading.file_rows gives it."""
        return clean_cells([column[index].as_py() for column in self.columns])

    def trimmed(self, name: str) -> pa.Array:
        found = self._trimmed.get(name)
        if found is None:
            column = self.columns[self.checks.positions[name]]
            found = self._trimmed[name] = pc.utf8_trim(column, " ")
        return found

    def _shaped(self, name: str, pattern: str) -> pa.Array:
        return pc.match_substring_regex(
            self.columns[self.checks.positions[name]], pattern
        )

    def _text(self, name: str, least: int = 0) -> pa.Array:
        ok = self._shaped(name, TEXT)
        length = pc.utf8_length(self.trimmed(name))
        ok = pc.and_(ok, pc.less_equal(length, self.checks.longest[name]))
        return pc.and_(ok, pc.greater_equal(length, least)) if least else ok

    def _vouched(self) -> pa.Array:
        """Which rows the row path would take as they are; the line parts
        (`pre`: nib, name; `rest`: owner name … the end) of every row."""
        checks, present = self.checks, self.checks.positions
        ok = pc.and_(self._text("name", 1), self._text("owner_name", 1))
        for name, pattern in checks.shapes.items():
            if name in present:
                ok = pc.and_(ok, self._shaped(name, pattern))
        if "address" in present:
            ok = pc.and_(ok, self._text("address"))
            address = self.trimmed("address")
        else:
            address = pa.scalar(EnterpriseRules.DEFAULTS["address"])
        ok, (district, sub_district, village) = self._answers(
            ok, tuple(checks.places), 3
        )
        cooperative = pa.scalar(NULL)
        if "cooperative" in present:
            ok, (cooperative,) = self._answers(ok, ("cooperative",), 1)
        capital, revenue, scale = self._amounts(ok)
        self.pre = pc.binary_join_element_wise(
            self.trimmed("nib"), self.trimmed("name"), "\t"
        )
        self.rest = pc.binary_join_element_wise(
            self.trimmed("owner_name"), district, sub_district, village, "",
            address, self.trimmed("kbli"),
            self._or_empty("kbli_version", EnterpriseRules.DEFAULTS["kbli_version"]),
            capital, revenue,
            self._or_empty("employees", EnterpriseRules.DEFAULTS["employees"]),
            cooperative, scale, TAIL, "\t",
        )  # fmt: skip
        return ok

    def _or_empty(self, name: str, absent) -> pa.Array | pa.Scalar:
        """The column's text, or what the row path stores for an empty cell."""
        if name not in self.checks.positions:
            return pa.scalar(str(absent))
        text = self.trimmed(name)
        return pc.if_else(pc.equal(text, ""), self.checks.empty[name], text)

    def _answers(self, ok, names: tuple[str, ...], width: int):
        """`ok` and each row's stored texts for `names`' cells: the answer of
        the row path once a distinct value (Checks.answer)."""
        texts = [self.trimmed(name) for name in names]
        for name in names:
            ok = pc.and_(ok, self._shaped(name, TEXT))
        joined = (
            texts[0] if len(texts) == 1 else pc.binary_join_element_wise(*texts, "\x1f")
        )
        joined = pc.if_else(ok, joined, pa.scalar(None, pa.string()))
        encoded = pc.dictionary_encode(joined)
        answers = [
            self.checks.answer(names, text) for text in encoded.dictionary.to_pylist()
        ]
        passes = pa.array([answer[0] for answer in answers], pa.bool_())
        ok = pc.and_(ok, pc.fill_null(pc.take(passes, encoded.indices), False))
        stored = []
        for at in range(width):
            values = pa.array([a[at + 1] if a[0] else "" for a in answers], pa.string())
            stored.append(pc.fill_null(pc.take(values, encoded.indices), ""))
        return ok, stored

    def _amounts(self, ok) -> tuple:
        """The capital's and revenue's texts as stored, and rules.sme_scale's
        scale, compared as whole numbers (their shapes fit 64 bits)."""
        present = self.checks.positions
        zero = self.checks.empty.get("business_capital", "0")
        if "business_capital" in present:
            capital = self._or_empty("business_capital", 0)
            capital = pc.if_else(ok, capital, zero)
        else:
            capital = pa.array([zero] * self.size, pa.string())
        if "annual_revenue" in present:
            text = self.trimmed("annual_revenue")
            known = pc.and_(ok, pc.not_equal(text, ""))
            revenue = pc.if_else(known, text, NULL)
            revenue_number = pc.cast(pc.if_else(known, text, "0"), pa.int64())
        else:
            known = pa.array([False] * self.size, pa.bool_())
            revenue, revenue_number = pa.scalar(NULL), pa.scalar(0, pa.int64())
        capital_number = pc.cast(capital, pa.int64())
        scale = pc.if_else(
            known,
            _scale(revenue_number, REVENUE_BOUNDS),
            _scale(capital_number, CAPITAL_BOUNDS),
        )
        return capital, revenue, scale


def _scale(amount, bounds):
    """rules.sme_scale's choice within one set of bounds."""
    scale = pa.scalar("large")
    for name, upper in reversed(bounds):
        scale = pc.if_else(pc.less_equal(amount, int(upper)), name, scale)
    return scale


def _non_empty(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The rows with a cell str.strip leaves something of (reading's
    _numbered_rows skips the others): certain where a cell holds printable
    ASCII, else the row's cells stripped here."""
    certain = None
    for column in batch.columns:
        found = pc.match_substring_regex(column, ANY_TEXT)
        certain = found if certain is None else pc.or_(certain, found)
        if pc.all(certain).as_py():
            return batch
    if certain is None:
        return batch
    keep = certain.to_pylist()
    for index in pc.indices_nonzero(pc.invert(certain)).to_pylist():
        cells = [column[index].as_py() for column in batch.columns]
        keep[index] = any(clean_cells(cells))
    return batch.filter(pa.array(keep, pa.bool_()))
