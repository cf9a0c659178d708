"""A worker gives the memory it freed back to the system (glibc's malloc_trim), at most once in a while."""

import pytest

from articles.kernel import freed


def resident_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


@pytest.mark.skipif(freed._malloc_trim is None, reason="malloc_trim is glibc's; nothing to give back elsewhere")
def test_freed_heap_memory_goes_back_to_the_system():
    buffers = [bytearray(4096) for _ in range(60_000)]  # 240 MB from the heap (each above pymalloc's sizes)
    kept = buffers[::200]  # a few stay alive, scattered, so the heap cannot simply shrink from its top
    del buffers
    before = resident_mb()
    assert freed.give_back(force=True)
    assert resident_mb() < before - 100
    assert len(kept) == 300


def test_asked_at_most_once_in_a_while():
    if freed._malloc_trim is None:
        assert freed.give_back(force=True) is False
        return
    assert freed.give_back(now=10_000.0, force=True)
    assert not freed.give_back(now=10_000.0 + freed.TRIM_EVERY_SECONDS / 2)
    assert freed.give_back(now=10_000.0 + freed.TRIM_EVERY_SECONDS + 1)


def test_every_request_ends_with_the_check(client, db, monkeypatch):
    calls = []
    monkeypatch.setattr(freed, "give_back", lambda **kwargs: calls.append(kwargs) or False)
    client.get("/")
    assert calls


HEAPS_OF_EIGHT_THREADS = """
import ctypes, sys, tempfile, threading
from articles.kernel import freed
if sys.argv[1] == "capped":
    assert freed.limit_arenas()
all_allocated = threading.Barrier(8)
def allocate(kept):
    kept.extend(bytearray(2048) for _ in range(200))  # from malloc (above pymalloc's sizes), in this thread
    all_allocated.wait()  # every thread alive at once: an exited thread's heap would go to the next one
kept = []
threads = [threading.Thread(target=allocate, args=(kept,)) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL("libc.so.6")
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile(suffix=".xml") as report:
    stream = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    print(open(report.name).read().count("<heap nr="))
"""


@pytest.mark.skipif(freed._mallopt is None, reason="arenas are glibc's")
def test_a_processs_threads_share_at_most_two_heaps():
    import subprocess
    import sys

    def heaps(mode):
        return int(subprocess.run([sys.executable, "-c", HEAPS_OF_EIGHT_THREADS, mode], check=True,
                                  capture_output=True, text=True).stdout)

    assert heaps("capped") <= freed.MAX_ARENAS < heaps("uncapped")
