"""Django's file cache with every operation done under one lock the processes of a machine share.

Django's ``FileBasedCache.add`` checks whether the key's file exists, then writes it: two workers adding the
same key at the same moment may both succeed. And any read that finds an expired file deletes it by name, so a
reader that opened the old file may delete the new one another process has just written in its place. The
anonymous exports' slots (``articles/web/exports.py``) are taken with ``add`` by every worker at once, so
here each operation holds an exclusive ``flock`` on a file beside the entries: one at a time on the machine,
each a few hundred microseconds.
"""
import contextlib
import fcntl
import os

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

LOCK_NAME = "lock"  # not ending in .djcache, so clear() and culling leave it alone


class LockedFileCache(FileBasedCache):
    @contextlib.contextmanager
    def _locked(self):
        self._createdir()
        descriptor = os.open(os.path.join(self._dir, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor is closed, or the process dies
            yield
        finally:
            os.close(descriptor)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            if super().has_key(key, version):
                return False
            super().set(key, value, timeout, version)
            return True

    def get(self, key, default=None, version=None):
        with self._locked():
            return super().get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            super().set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().touch(key, timeout, version)

    def delete(self, key, version=None):
        with self._locked():
            return super().delete(key, version)

    def has_key(self, key, version=None):
        with self._locked():
            return super().has_key(key, version)

    def clear(self):
        with self._locked():
            super().clear()
