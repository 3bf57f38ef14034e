"""A compact set of integer keys, for the keys of a file seen so far."""

from array import array
from bisect import bisect_left
from heapq import merge


class Keys:
    """Every key of the file so far (the keys are validated digits): the recent
    ones in a set, the older ones in a sorted array of 8-byte integers, searched
    by bisection. 344,581 keys take ~3 MB, where a set of them takes 28 MB."""

    RECENT = 32_768
    LARGEST = 2**63 - 1  # longer keys (none valid today) stay in the set

    def __init__(self):
        self.old, self.recent = array("q"), set()

    def __contains__(self, key: int) -> bool:
        if key in self.recent:
            return True
        at = bisect_left(self.old, key)
        return at < len(self.old) and self.old[at] == key

    def add(self, key: int) -> None:
        self.recent.add(key)
        if len(self.recent) >= self.RECENT:
            small = sorted(k for k in self.recent if k <= self.LARGEST)
            self.old = array("q", merge(self.old, small))
            self.recent = {k for k in self.recent if k > self.LARGEST}


class KeyIds:
    """{128-bit key: id} for the owners of a first load (direct.py): open
    addressing in three arrays of 8-byte integers, ~36 bytes an owner where a
    dict of Python ints takes over 100. A key is the first 128 bits of a NIK's
    HMAC (hi, lo): two NIKs sharing them is as likely as guessing the key."""

    def __init__(self, size: int = 1 << 16):
        self._allocate(size)

    def _allocate(self, size: int) -> None:
        self.mask, self.count = size - 1, 0
        self.hi, self.lo = array("Q", bytes(8 * size)), array("Q", bytes(8 * size))
        self.ids = array("q", bytes(8 * size))  # 0: an empty slot (ids start at 1)

    def get(self, hi: int, lo: int) -> int | None:
        slot, ids = hi & self.mask, self.ids
        while found := ids[slot]:
            if self.hi[slot] == hi and self.lo[slot] == lo:
                return found
            slot = (slot + 1) & self.mask
        return None

    def setdefault(self, hi: int, lo: int, key_id: int) -> int | None:
        """The key's id if added before, else None, `key_id` added as its id
        (one probe where `get` then `add` take two)."""
        slot, ids = hi & self.mask, self.ids
        while found := ids[slot]:
            if self.hi[slot] == hi and self.lo[slot] == lo:
                return found
            slot = (slot + 1) & self.mask
        self.hi[slot], self.lo[slot], ids[slot] = hi, lo, key_id
        self._added()
        return None

    def add(self, hi: int, lo: int, key_id: int) -> None:
        """A key not yet added."""
        self._put(hi, lo, key_id)
        self._added()

    def _added(self) -> None:
        self.count += 1
        if 3 * self.count > 2 * (self.mask + 1):  # two thirds full: double
            hi_old, lo_old, ids_old = self.hi, self.lo, self.ids
            count = self.count
            self._allocate(2 * (self.mask + 1))
            self.count = count
            for slot, found in enumerate(ids_old):
                if found:
                    self._put(hi_old[slot], lo_old[slot], found)

    def _put(self, hi: int, lo: int, key_id: int) -> None:
        slot, ids = hi & self.mask, self.ids
        while ids[slot]:
            slot = (slot + 1) & self.mask
        self.hi[slot], self.lo[slot], ids[slot] = hi, lo, key_id
