"""Villages typed as free text, matched to the coded villages: a name is matched
where it is unambiguous within the row's kecamatan (or, without one, within its
district); the rest stay unmatched with their text, for staff to settle (the
admin's "desa belum dicocokkan" filter, `manage.py match_villages`).

The functions take the models as arguments so that the data migration can pass
its historical ones."""

import re
from collections import defaultdict

_PREFIX = re.compile(r"^(desa|kelurahan|kel\.?|ds\.?)\s+")
_SPACES = re.compile(r"\s+")


def village_key(name: str) -> str:
    """`Desa  Sungai Pinang Dalam` and `sungai pinang dalam` are one key."""
    text = _SPACES.sub(" ", (name or "").replace(".", ". ")).strip().casefold()
    return _SPACES.sub(" ", _PREFIX.sub("", text)).strip()


class VillageIndex:
    """Every village by (kecamatan, key) and by (district, key)."""

    def __init__(self, village_model):
        self.by_sub_district = defaultdict(list)
        self.by_district = defaultdict(list)
        self.codes = set()
        for code, name in village_model.objects.values_list("code", "name"):
            self.codes.add(code)
            key = village_key(name)
            self.by_sub_district[(code[:8], key)].append(code)
            self.by_district[(code[:5], key)].append(code)

    def match(self, name: str, *, district: str | None, sub_district: str | None):
        """The code of the one village `name` can mean, else None."""
        key = village_key(name)
        if not key:
            return None
        if sub_district:
            found = self.by_sub_district.get((sub_district, key), [])
        else:
            found = self.by_district.get((district, key), [])
        return found[0] if len(found) == 1 else None


def match_village_names(record_model, village_model) -> tuple[int, int]:
    """Set the village (and, when blank, the kecamatan) of the rows of
    `record_model` whose free-text village names one village; (matched,
    unmatched) counts. Rows are updated in place, without touching `updated_at`."""
    index = VillageIndex(village_model)
    pending = record_model.objects.filter(village__isnull=True).exclude(village_name="")
    matched, unmatched = defaultdict(list), 0
    for pk, name, district, sub_district in pending.values_list(
        "pk", "village_name", "district_id", "sub_district_id"
    ).iterator(chunk_size=5000):
        code = index.match(name, district=district, sub_district=sub_district)
        if code is None:
            unmatched += 1
        else:
            matched[code].append(pk)
    for code, ids in matched.items():
        for start in range(0, len(ids), 5000):
            record_model.objects.filter(pk__in=ids[start : start + 5000]).update(
                village_id=code, sub_district_id=code[:8]
            )
    return sum(len(ids) for ids in matched.values()), unmatched
