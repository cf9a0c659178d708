"""The index outbox: which articles' documents must be written again, kept in the database.

A change that should reach the index writes a row naming its article in the same transaction as the change
itself, so a crash between the commit and the index write (a killed capture, a failed index write, a worker
restarted) loses nothing: the row stays until its article is indexed as it now is. Writing the index after the
commit removes the rows it covered; :func:`drain` writes whatever is left (every command and web process does
at its start, ``check_index`` before it compares). Writing is idempotent — a document replaces its article's
by id — so draining a row twice does no harm.
"""
import logging
import threading

from django.db import DatabaseError, connection, transaction
from django.db.models import Max

from ..models import Article, IndexOutbox
from .store import SearchUnavailable

logger = logging.getLogger(__name__)
_local = threading.local()
CHUNK = 500


def _written_in_this_transaction():
    """{article id: the savepoints open when its row was written} for the current transaction.

    The marker is an on-commit callback: Django drops it when the transaction (or the savepoint it was
    registered in) rolls back, and runs it at the commit, so its absence means a new transaction. A row
    written inside a savepoint that was since closed is no longer trusted, and is written again (an extra
    row costs nothing; a missing one loses an update).
    """
    marker = getattr(_local, "marker", None)
    if marker is None or not any(callback is marker for _sids, callback, _robust in connection.run_on_commit):
        _local.written = {}
        _local.marker = marker = _forget_written
        transaction.on_commit(marker)
    return _local.written


def _forget_written():
    _local.written = {}


def record(article_ids):
    """Write outbox rows for these articles in the current transaction (once each)."""
    article_ids = {int(pk) for pk in article_ids if pk is not None}
    if not article_ids:
        return
    if connection.in_atomic_block:
        written, savepoints = _written_in_this_transaction(), tuple(connection.savepoint_ids)
        fresh = [pk for pk in article_ids
                 if written.get(pk) is None or savepoints[:len(written[pk])] != written[pk]]
        for pk in fresh:
            written[pk] = savepoints
        article_ids = fresh
    IndexOutbox.objects.bulk_create([IndexOutbox(article_id=pk) for pk in sorted(article_ids)], batch_size=CHUNK)


def high_water():
    """The newest row: rows up to it were committed with changes that documents read from now on show."""
    return IndexOutbox.objects.aggregate(last=Max("id"))["last"] or 0


def settled(article_ids, up_to):
    """Remove the rows of these articles up to ``up_to`` once their documents (read after it) are in the index."""
    article_ids = sorted(set(article_ids))
    written = getattr(_local, "written", {})
    for pk in article_ids:
        written.pop(pk, None)  # a later change in the same transaction needs a row again
    for start in range(0, len(article_ids), CHUNK):
        IndexOutbox.objects.filter(article_id__in=article_ids[start:start + CHUNK], id__lte=up_to)._raw_delete(
            connection.alias)


def pending():
    return IndexOutbox.objects.count()


def drain(*, backend=None, chunk=CHUNK):
    """Index (or remove from the index) every article the outbox names; returns how many articles."""
    from .backend import get_backend
    from .documents import documents_for

    backend = backend or get_backend()
    create = _index_may_be_made(backend)
    done = 0
    while True:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "article_id")[:chunk])
        if not rows:
            return done
        up_to, ids = rows[-1][0], {article_id for _, article_id in rows}
        existing = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        backend.add_bulk(documents_for(existing), create=create)
        if ids - existing:
            backend.delete(ids - existing)
        settled(ids, up_to)
        done += len(ids)


def _index_may_be_made(backend):
    """Whether a missing index may be made from the outbox alone: when it names every article (a new archive
    whose first ingest or capture was killed before its index was written). Otherwise a missing index stays
    missing, and says so, until it is rebuilt: made from a part of the archive it would hide the rest."""
    try:
        backend.indexed(())
        return False
    except SearchUnavailable:
        return not Article.objects.exclude(pk__in=IndexOutbox.objects.values("article_id")).exists()


def drain_left_behind():
    """At a process's start: index what a crash left in the outbox. Never stops the process — a database not
    yet migrated or an index that cannot be written is logged, and the rows wait for the next start."""
    try:
        if IndexOutbox.objects.exists():
            count = drain()
            logger.info("indexed %d article(s) left in the index outbox", count)
    except SearchUnavailable:
        logger.warning("the index outbox could not be drained; run manage.py check_index --fix", exc_info=True)
    except DatabaseError:  # a database without the table (before migrate) or unreachable: nothing to drain here
        logger.debug("the index outbox was not read", exc_info=True)
