"""Memory a process has freed, given back to the system now and then.

A web worker's requests allocate and free large buffers (rendered pages, posting lists, facet columns rebuilt
after each commit) from several threads. glibc's allocator keeps what was freed inside its heaps for reuse,
so a worker's resident memory rose with the variety of its traffic although what it kept alive stayed within
its caches' budgets: at 100,000 articles, under the long-tail load with edits, a worker's heap held about
100 MB of freed memory after 4,000 requests (``malloc_trim`` gave it back). ``malloc_trim`` is asked at most
once every TRIM_EVERY_SECONDS, after a request, so its cost (a walk over the heap, milliseconds) is paid rarely.

glibc also gives each thread that allocates at once a heap (an "arena") of its own, up to eight per core, and
each keeps its own freed memory: a worker of four threads held four. ``limit_arenas`` caps them at
MAX_ARENAS when the app starts (``MALLOC_ARENA_MAX`` does the same from the environment): under the long-tail
load at 100,000 articles the workers ended at 400 and 383 MB against 429 and 457 without the cap, the same
requests per second. Elsewhere than glibc both do nothing.
"""
import ctypes
import threading
import time

TRIM_EVERY_SECONDS = 10.0
MAX_ARENAS = 2
M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h

_lock = threading.Lock()
_last = 0.0


def _libc_function(name):
    try:
        return getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):
        return None


_malloc_trim = _libc_function("malloc_trim")
_mallopt = _libc_function("mallopt")


def limit_arenas(count=MAX_ARENAS):
    """At most ``count`` heaps for all the process's threads; whether the allocator took the setting."""
    return bool(_mallopt and _mallopt(M_ARENA_MAX, count) == 1)


def give_back(*, now=None, force=False):
    """Return freed heap memory to the system, unless it was done less than TRIM_EVERY_SECONDS ago; whether it
    was done."""
    global _last
    if _malloc_trim is None:
        return False
    now = time.monotonic() if now is None else now
    with _lock:
        if not force and now - _last < TRIM_EVERY_SECONDS:
            return False
        _last = now
    _malloc_trim(0)
    return True


def after_request(**kwargs):
    """``request_finished``'s receiver."""
    give_back()
