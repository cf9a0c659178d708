"""Writing again what a failed index write left in the outbox, from a web process, now and then.

An index write after a commit that fails (a read-only or full disk, a lock held too long) leaves its
articles' rows in the outbox (:mod:`.outbox`); every command and process start drains them, and so does the
process that saw the failure, a little later, without waiting for a restart.
"""
from datetime import timedelta
import logging
import threading
import time

from django.utils import timezone

from . import outbox

logger = logging.getLogger(__name__)

RETRY_EVERY = 10.0  # seconds between a process's looks at the outbox once one of its writes failed
RETRY_AT_MOST = 300.0  # the longest wait between two looks while the index still refuses writes
LEFT_FOR = 30.0  # an outbox row this old was left by a failed write, not by one under way
_state = {"due": 0.0, "wait": RETRY_EVERY, "thread": None, "armed": 0}
_lock = threading.Lock()


def later():
    """Look at the outbox again after requests, now and then, until it holds no row older than LEFT_FOR.

    Until a write fails a request pays nothing for this; afterwards, at most every RETRY_EVERY seconds, a
    thread of its own (so no request waits for the index lock) reads the oldest row and, when it is old,
    drains the outbox: the rows of any process, a job worker's too.
    """
    from django.core.signals import request_finished

    with _lock:
        _state["due"], _state["wait"] = time.monotonic() + RETRY_EVERY, RETRY_EVERY
        _state["armed"] += 1
        request_finished.connect(_if_due, dispatch_uid="index_outbox_retry", weak=False)


def _if_due(**kwargs):
    with _lock:
        if time.monotonic() < _state["due"] or (_state["thread"] and _state["thread"].is_alive()):
            return
        _state["due"] = float("inf")  # set again when the attempt ends
        _state["thread"] = threading.Thread(target=_in_thread, name="index-outbox-retry", daemon=True)
        _state["thread"].start()


def _in_thread():
    from django.db import connection

    try:
        drain_old_rows()
    finally:
        connection.close()  # this thread's own connection


def drain_old_rows():
    """Drain the outbox if its oldest row is older than LEFT_FOR seconds; stop looking once it holds none.
    A failure waits twice as long before the next attempt (up to RETRY_AT_MOST seconds)."""
    from django.core.signals import request_finished

    from ..models import IndexOutbox

    armed, done = _state["armed"], False
    try:
        oldest = IndexOutbox.objects.order_by("id").values_list("queued_at", flat=True).first()
        if oldest is not None and oldest < timezone.now() - timedelta(seconds=LEFT_FOR):
            logger.info("indexed %d article(s) a failed write left in the index outbox", outbox.drain())
            _state["wait"] = RETRY_EVERY
            oldest = IndexOutbox.objects.order_by("id").values_list("queued_at", flat=True).first()
        done = oldest is None
    except Exception:  # the index or the database still refuses: the rows wait for the next attempt
        logger.warning("the index outbox could not be drained yet; trying again later", exc_info=True)
        _state["wait"] = min(_state["wait"] * 2, RETRY_AT_MOST)
    with _lock:
        _state["due"] = time.monotonic() + _state["wait"]
        if done and armed == _state["armed"]:  # no write failed meanwhile
            request_finished.disconnect(_if_due, dispatch_uid="index_outbox_retry")
