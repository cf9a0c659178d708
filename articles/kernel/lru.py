"""A dict bounded by the total weight of what it keeps, the least recently used dropped first.

Decoded posting lists (weighed in postings), kept search pages (weighed in bytes) and snippets (one each) are
kept this way: each process holds what recent requests used, within a bound that does not grow with the archive.
"""
from collections import OrderedDict
import threading


class WeighedLRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.weight = 0
        self._entries = OrderedDict()  # {key: (value, weight)}
        self._lock = threading.Lock()

    def get(self, key):
        """The value kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key, value, weight):
        """Keep ``value`` and return it; the least recently used go until the whole weighs at most the
        capacity (the newest stays, whatever it weighs)."""
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (value, weight)
                self.weight += weight
            while self.weight > self.capacity and len(self._entries) > 1:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.weight -= dropped
        return value

    def keys(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.weight = 0
