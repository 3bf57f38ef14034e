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
