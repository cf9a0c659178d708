"""Whether a reader's copy of a page is still current: the archive's change counter and the index's state.

Every committed write to the archive bumps one counter row, once per transaction, not once per record. A
bulk write (an ingest: one transaction per file) bumps it at most once a second and once at its end instead:
a bump per file was an eighth of the ingest's storing time. A public page's validator is that counter, when it
changed, and the search index's state (an index rebuilt or updated after the database), so a conditional
request is answered 304 before any view runs.
"""
from contextlib import contextmanager
import contextvars
import datetime
import hashlib
import threading
import time

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from ..kernel.oncommit import once_on_commit
from ..kernel.statements import Statement

SETTLE_SECONDS = 1.0
_bulk = threading.local()


def _bump(names=False):
    from ..models import ArchiveChange

    changes = {"counter": F("counter") + 1, "changed_at": timezone.now()}
    if names:
        changes["names_counter"] = F("names_counter") + 1
    if not ArchiveChange.objects.filter(pk=1).update(**changes):
        ArchiveChange.objects.get_or_create(pk=1, defaults={"counter": 1, "names_counter": int(names)})


def _bump_names():
    _bump(names=True)


def _named_models():
    from ..models import Country, Delegation, Outlet, Person

    return (Country, Delegation, Outlet, Person)


def record_change(sender=None, **kwargs):
    """A signal receiver: the archive changes when this transaction commits (once, however many records).
    A country, outlet, person or delegation changing also changes the names that facet labels show."""
    names = sender in _named_models()
    if getattr(_bulk, "last_bump", None) is not None:
        _bulk.dirty = True  # bumped by settle(), after the transaction that made this change has committed
        _bulk.names = _bulk.names or names
    else:
        once_on_commit(_bump_names if names else _bump)


@contextmanager
def bulk_changes():
    """Within, changes bump the counter only when ``settle()`` is called a second after the last bump, and at
    the end: readers' copies stay valid at most that long while a bulk write goes on."""
    _bulk.last_bump, _bulk.dirty, _bulk.names = time.monotonic(), False, False
    try:
        yield
    finally:
        dirty, names = _bulk.dirty, _bulk.names
        _bulk.last_bump = _bulk.dirty = _bulk.names = None
        if dirty:
            _bump(names)


def settle():
    """Between two transactions of a bulk write: bump the counter if something changed and it is time to."""
    if _bulk.dirty and time.monotonic() - _bulk.last_bump >= SETTLE_SECONDS:
        _bump(_bulk.names)
        _bulk.last_bump, _bulk.dirty, _bulk.names = time.monotonic(), False, False


def connect_signals():
    from ..models import (
        Appearance, Article, Caption, Capture, Country, Delegation, DuplicateSource, Outlet, Person, Quote,
    )

    for model in (Article, Appearance, Caption, Capture, Country, Delegation, DuplicateSource, Outlet, Person, Quote):
        post_save.connect(record_change, sender=model, dispatch_uid=f"freshness_{model.__name__}_saved")
        post_delete.connect(record_change, sender=model, dispatch_uid=f"freshness_{model.__name__}_deleted")
    for through in (Article.outlets.through, Article.countries.through, Article.delegations.through,
                    Delegation.countries.through, Delegation.outlets.through, Delegation.people.through):
        m2m_changed.connect(record_change, sender=through, dispatch_uid=f"freshness_{through.__name__}")


_of_request = contextvars.ContextVar("archive state of the request", default=None)


@contextmanager
def for_this_request(value):
    """Within, :func:`state` answers ``value``, read as the request began (by ReaderCacheMiddleware): work
    kept per archive state (:mod:`articles.kernel.memo`) then needs no query of its own to find the state."""
    token = _of_request.set(value)
    try:
        yield
    finally:
        _of_request.reset(token)


def state():
    """(strong ETag, last change time or None, names version) of the archive as readers see it now (or as
    this request began): the ETag changes with any change to the archive or its index, the names version
    only when a country, outlet, person or delegation changes."""
    if (known := _of_request.get()) is not None:
        return known
    from ..search.backend import get_backend

    counter, changed_at, names = _counters()
    digest = hashlib.sha1(f"{counter}:{get_backend().state()}".encode()).hexdigest()[:20]
    return f'"{digest}"', changed_at, names


def _counter_row(pk):
    from ..models import ArchiveChange

    return ArchiveChange.objects.filter(pk=pk).values_list("counter", "changed_at", "names_counter")


_COUNTER_ROW = Statement(_counter_row)  # every public request reads it: 290 µs through the ORM, 15 compiled once


def _counters():
    """(counter, changed_at, names_counter) of the one counter row, (0, None, 0) before the first change."""
    rows = _COUNTER_ROW.rows(1)
    if not rows:
        return 0, None, 0
    counter, changed_at, names = rows[0]
    if isinstance(changed_at, str):  # a driver that hands back the stored text
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):  # SQLite keeps UTC without its zone
        changed_at = changed_at.replace(tzinfo=datetime.timezone.utc)
    return counter, changed_at, names


def validator():
    """(strong ETag, last change time or None) of the archive as readers see it now (or as this request began)."""
    return state()[:2]


def archive_digest():
    """A short digest that changes whenever the archive or its index does: what answers kept per archive state
    (:mod:`articles.kernel.memo`) are kept under."""
    return validator()[0].strip('"')


def names_version():
    """A short value that changes whenever a country, outlet, person or delegation does (and nothing else)."""
    return f"names:{state()[2]}"
