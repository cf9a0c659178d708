"""Memory a process has freed, given back to the system now and then.

A web worker's requests allocate and free large buffers (rendered pages, posting lists, facet columns rebuilt
after each commit) from several threads. glibc's allocator keeps what was freed inside its heaps for reuse,
so a worker's resident memory rose with the variety of its traffic although what it kept alive stayed within
its caches' budgets: at 100,000 articles, under the long-tail load with edits, a worker's heap held about
100 MB of freed memory after 4,000 requests (``malloc_trim`` gave it back). ``malloc_trim`` is asked at most
once every TRIM_EVERY_SECONDS, after a request, so its cost (a walk over the heap, milliseconds) is paid rarely.
Elsewhere than glibc it does nothing.
"""
import ctypes
import threading
import time

TRIM_EVERY_SECONDS = 10.0

_lock = threading.Lock()
_last = 0.0


def _trim_function():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _trim_function()


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
