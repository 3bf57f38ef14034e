# ruff: noqa: S608 -- table and column names come from the models, values are parameters
"""The registry's two loaders: enterprises (with their owners, found or created
by the hash of their NIK) and cooperatives (see loading.Loader)."""

from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _

from ...models import Cooperative, Enterprise, Person, PersonReconciliation
from ...nik_crypto import nik_encrypter
from .direct import DirectLoad, DirectRows
from .history import with_history
from .keys import Keys
from .kinds import CooperativeRules
from .loading import NORMAL, STAGE, Loader, scale_sql


class EnterpriseLoader(Loader):
    model = Enterprise
    key = "nib"
    joined = ("owner_hash",)
    DUPLICATE = _("nib: NIB ini muncul lebih dari sekali dalam berkas.")
    ELSEWHERE = _("nib: UMKM dengan NIB ini terdaftar di luar wilayah Anda.")
    NO_OWNER = _("owner_nik: Isi NIK pemilik usaha.")
    models_written = (Person,)
    direct = {
        "nib": "nib", "name": "name", "district": "district_id",
        "sub_district": "sub_district_id", "village": "village_id", "address": "address",
        "kbli": "kbli", "kbli_version": "kbli_version",
        "business_capital": "business_capital", "annual_revenue": "annual_revenue",
        "employees": "employees", "cooperative": "cooperative_id",
    }  # fmt: skip

    def __init__(self, cursor, rules, **kwargs):
        super().__init__(cursor, rules, **kwargs)
        self.execute(
            f"ALTER TABLE {STAGE} ADD COLUMN owner_encrypted bytea, "
            "ADD COLUMN owner_sex text, ADD COLUMN owner_id bigint, "
            "ADD COLUMN owner_differs boolean NOT NULL DEFAULT false, "
            "ADD COLUMN owner_seen boolean"
        )
        self.stage_columns += ["owner_encrypted", "owner_sex", "owner_seen"]
        # The owners' NIK hashes of the earlier batches (their first 60 bits)
        # and of this one, on the thread that reads the file: an owner met
        # before is looked up, a new one inserted without a lookup.
        self.owners, self.batch_owners = Keys(), set()
        self.encrypt = nik_encrypter()
        # No owner stored yet (a first load): each batch inserts its owners
        # first and looks them all up once, not twice.
        self.no_people = not self.execute(
            f"SELECT EXISTS (SELECT FROM {Person._meta.db_table})"
        ).fetchone()[0]
        # Both empty, and a load large enough to hold the tables alone: COPY
        # straight into them (direct.py), if the job gets them.
        self.first_load = None
        if self.fresh and self.no_people and not self.indexes.small:
            self.first_load = DirectLoad.start(self)

    @property
    def rejects_later(self) -> bool:
        return not self.first_load

    def stage(self, rows, row, extra):
        if self.first_load:
            return self.first_load.stage(rows, row, extra)
        return super().stage(rows, row, extra)

    def seal(self, rows) -> None:
        if self.first_load:
            self.first_load.seal(rows)

    def load(self, rows):
        if self.first_load:
            return self.first_load.write(rows)
        return super().load(rows)

    def finish(self) -> None:
        if self.first_load:
            self.first_load.finish()
        super().finish()

    def batch(self):
        if self.first_load:
            return DirectRows()
        for key in self.batch_owners:
            self.owners.add(key)
        self.batch_owners.clear()
        return super().batch()

    def staged(self, row, nik):
        """The owner's NIK encrypted here, on the thread that reads the file
        (its clear text never leaves this process), with the sex it tells, and
        whether an earlier batch named the same NIK."""
        if not nik:
            return (*row, None, None, None)
        key = int(row[3][:15], 16) if self.no_people else None
        if key is not None:  # only a first load looks at it (people_alone)
            self.batch_owners.add(key)
        # bytea's text form: formatting it needs no call into the connection,
        # which the database thread is using (staging.StagedRows).
        return (
            *row, "\\x" + self.encrypt(nik).hex(), Person.sex_from_nik(nik),
            key is not None and key in self.owners,
        )  # fmt: skip

    def prepare(self) -> list[tuple[int, str]]:
        """Owners: each row's found by the hash of its NIK (one index lookup a
        row), the new ones inserted, names that differ from the identity's
        queued for staff."""
        person = Person._meta.db_table
        differs = NORMAL.format("p.name") + " <> " + NORMAL.format("s.owner_name")
        found = "WHERE p.nik_hash = s.owner_hash"
        if self.people_alone() and self.unindexed is None:
            # Owners' table empty and the job's: its NIK-hash index built at
            # the end; the rare lookups (an owner of an earlier batch) hash it.
            self.unindexed = self.indexes.drop_unique(person, "nik_hash")
        if self.no_people:
            # The batch's rows take their new owners from the insert itself
            # (hashed: no lookup), and those of earlier batches by lookup.
            self.execute("SET LOCAL enable_hashjoin = on")
            self.insert_people(
                f"UPDATE {STAGE} s SET owner_id = p.id, owner_differs = {differs} "
                f"FROM written p WHERE p.nik_hash = s.owner_hash"
            )
            self.execute("SET LOCAL enable_hashjoin = off")
            found += " AND s.owner_id IS NULL AND s.owner_hash IS NOT NULL"
        if not self.unindexed or self.owners_missing():
            with self.hashed():
                self.execute(
                    f"UPDATE {STAGE} s SET owner_id = p.id, owner_differs = "
                    f"{differs} FROM {person} p {found}"
                )
        # A row without a NIK keeps the owner of the enterprise it updates.
        if not self.fresh:
            self.execute(
                f"UPDATE {STAGE} s SET owner_id = p.id, owner_differs = "
                f"s.owner_name IS NOT NULL AND {differs} FROM {self.table} t "
                f"JOIN {person} p ON p.id = t.owner_id "
                f"WHERE s.owner_hash IS NULL AND t.nib = s.nib"
            )
        if (not self.no_people or self.owners_missing()) and self.hashed_insert():
            with self.hashed():
                self.execute(
                    f"UPDATE {STAGE} s SET owner_id = p.id FROM {person} p "
                    f"WHERE s.owner_id IS NULL AND p.nik_hash = s.owner_hash"
                )
        rejected = [
            (line, str(self.NO_OWNER))
            for line in self.lines(
                f"DELETE FROM {STAGE} WHERE owner_id IS NULL RETURNING line"
            )
        ]
        self.reconcile()
        return rejected

    unindexed = None  # the owners' NIK-hash index dropped for a first load

    @contextmanager
    def hashed(self):
        """Lookups by NIK hash without its index (a first load): a hash join."""
        if not self.unindexed:
            yield
            return
        for setting in ("enable_hashjoin", "enable_seqscan"):
            self.execute(f"SET LOCAL {setting} = on")
        yield
        for setting in ("enable_hashjoin", "enable_seqscan"):
            self.execute(f"SET LOCAL {setting} = off")

    def hashed_insert(self) -> int:
        with self.hashed():
            return self.insert_people(checked=True)

    def owners_missing(self) -> bool:
        """A first load's row whose owner an earlier batch named was not found:
        that row was rejected (or two NIK hashes share their first 60 bits)."""
        return self.execute(
            f"SELECT EXISTS (SELECT FROM {STAGE} WHERE owner_id IS NULL "
            f"AND owner_hash IS NOT NULL)"
        ).fetchone()[0]

    def insert_people(self, then="SELECT count(*) FROM written", checked=False):
        """The owners not found, one a NIK (named as the file's last row with
        that NIK names them): how many (or what `then` does with them). In a
        first load, the rows whose owner no earlier batch named, unless
        `checked` (each looked up)."""
        person = Person._meta.db_table
        new, conflict = "", "ON CONFLICT (nik_hash) DO NOTHING"
        found_sql = f"SELECT FROM {person} p WHERE p.nik_hash = s.owner_hash"
        if self.people_alone():  # no conflict to fear (see Loader.on_conflict)
            new, conflict = f"WHERE NOT EXISTS ({found_sql}) ", ""
            if not checked:
                new = "WHERE NOT s.owner_seen "
        write = (
            f"INSERT INTO {person} (nik_encrypted, nik_hash, name, sex, phone, "
            f"email, created_at, updated_at) SELECT owner_encrypted, owner_hash, "
            f"owner_name, owner_sex, '', '', now(), now() FROM (SELECT DISTINCT ON "
            f"(owner_hash) * FROM {STAGE} WHERE owner_hash IS NOT NULL AND "
            f"owner_id IS NULL ORDER BY owner_hash, line DESC) s {new}"
            # In key order: the NIK hash index is random, a sorted batch
            # touches each of its pages once.
            f"ORDER BY owner_hash {conflict} RETURNING *"
        )
        sql = with_history(Person, write, "+", then)
        return self.write(Person, sql)

    def people_alone(self) -> bool:
        """No owner stored before the job, their table held by it (no other writer)."""
        return self.no_people and Person._meta.db_table in self.indexes.tables

    def reconcile(self) -> None:
        self.execute(
            f"INSERT INTO {PersonReconciliation._meta.db_table} (person_id, "
            f"supplied_name, source, district_id, status, created_at, supplied_by_id)"
            f" SELECT DISTINCT ON (owner_id, owner_name) owner_id, owner_name, "
            f"%(source)s, district_id, 'open', now(), %(by)s FROM {STAGE} "
            f"WHERE owner_differs "
            f"ON CONFLICT (person_id, supplied_name) WHERE status = 'open' DO NOTHING",
            {**self.params, "source": PersonReconciliation.Source.ENTERPRISE_IMPORT},
        )

    def assignments(self):
        revenue = (
            "s.annual_revenue"
            if "annual_revenue" in self.present
            else ("t.annual_revenue")
        )
        capital = (
            "s.business_capital"
            if "business_capital" in self.present
            else ("t.business_capital")
        )
        scale = (
            f"CASE WHEN t.scale_override <> '' THEN t.scale_override "
            f"ELSE {scale_sql(revenue, capital)} END"
        )
        return [
            *super().assignments(),
            ("owner_id", "s.owner_id"),
            ("owner_name", "COALESCE(s.owner_name, t.owner_name)"),
            ("scale", scale),
        ]

    def unchanged(self):
        """The owner is the same when the row names no NIK, or the stored
        owner's NIK hash is the row's."""
        pairs = [pair for pair in self.assignments() if pair[0] != "owner_id"]
        return (
            "",
            f"AND (s.owner_hash IS NULL OR t.owner_id = (SELECT p.id FROM "
            f"{Person._meta.db_table} p WHERE p.nik_hash = s.owner_hash))",
            pairs,
        )

    def insert_values(self):
        return [
            *super().insert_values(),
            ("owner_id", "s.owner_id"),
            ("owner_name", "COALESCE(s.owner_name, '')"),
            ("scale", scale_sql("s.annual_revenue", "s.business_capital")),
            ("scale_override", "''"),
            ("scale_override_reason", "''"),
        ]


class CooperativeLoader(Loader):
    model = Cooperative
    key = "nik"
    direct = {
        column.removesuffix("_id"): column for column, _type in CooperativeRules.stage
    }
    DUPLICATE = _("nik: NIK koperasi ini muncul lebih dari sekali dalam berkas.")
    ELSEWHERE = _("nik: Koperasi dengan NIK ini terdaftar di luar wilayah Anda.")
