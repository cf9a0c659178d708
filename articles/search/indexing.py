"""Keeping the index true to the database.

Saves and deletes of articles and of everything the index shows (quotes,
appearances, outlets, people, delegations, relations) queue the affected
articles: a row in the index outbox, in the change's own transaction (see
:mod:`.outbox`), and a note in this thread, written to the index after the
transaction commits, never inside it. Bulk ingest switches per-save indexing
off with ``batched()`` and sends documents to the backend's bulk writer as it
goes. Whatever was not written (a crash, an index that could not be written)
stays in the outbox until it is.
"""
from contextlib import contextmanager
import logging
import threading

from django.db.models.signals import m2m_changed, post_delete, post_save

from ..kernel.oncommit import once_on_commit

from . import outbox, retry
from .backend import get_backend
from .documents import documents_for
from .store import SearchUnavailable

logger = logging.getLogger(__name__)
_state = threading.local()


def _pending():
    if not hasattr(_state, "pending"):
        _state.pending, _state.deleted, _state.batch_depth = set(), set(), 0
        _state.stream, _state.built, _state.sent = None, {}, []
    return _state


def queue(article_ids=(), deleted_ids=()):
    state = _pending()
    article_ids, deleted_ids = set(article_ids), set(deleted_ids)
    outbox.record(article_ids | deleted_ids)
    state.pending.update(article_ids)
    state.deleted.update(deleted_ids)
    for article_id in article_ids | deleted_ids:
        state.built.pop(article_id, None)  # changed since its document was built
    state.pending.difference_update(state.deleted)
    if not state.batch_depth:
        once_on_commit(flush)


def flush(*, create=False):
    """Write the queued changes to the index now.

    After a commit (``create`` false) a failure is logged and never raised: the change is committed, and an
    exception there would answer a saved edit with a server error. Whatever the index refused (a read-only
    or full disk, a lock held too long, a damaged index) stays in the outbox, is named by
    :func:`take_unwritten`, and is written again by this process a little later (:func:`.retry.later`).
    """
    state = _pending()
    pending, deleted = set(state.pending), set(state.deleted)
    state.pending.clear()
    state.deleted.clear()
    if not pending and not deleted:
        return
    backend = get_backend()
    up_to = outbox.high_water()
    try:
        if deleted:
            try:
                backend.delete(deleted)
            except SearchUnavailable:
                if not create:
                    raise
        backend.add_bulk(documents_for(pending), create=create)
    except Exception as error:  # Whoosh raises OSError (PermissionError, …) for a folder it cannot write
        if create:
            raise
        failure = error if isinstance(error, SearchUnavailable) else SearchUnavailable(
            f"The search index could not be written ({type(error).__name__}: {error})")
        logger.error("search index not updated for articles %s; they wait in the index outbox: %s",
                     sorted(pending | deleted)[:20], failure, exc_info=True)
        state.unwritten = getattr(state, "unwritten", set()) | pending | deleted
        retry.later()
        return
    outbox.settled(pending | deleted, up_to)


def take_unwritten():
    """The articles whose index write after a commit failed in this thread since the last call (they wait in
    the outbox). The admin asks, to tell its editor that search will show the change a little later."""
    state = _pending()
    unwritten, state.unwritten = getattr(state, "unwritten", set()), set()
    return unwritten


SEND_EVERY = 25


def send_if_ready():
    """Inside a batch, hand what has queued to the backend's bulk writer once there is enough of it.

    The documents are read here, on the caller's database connection (which sees its own
    transaction); the Whoosh bulk writer analyses and writes them in a sub-process while
    the ingest goes on storing.
    """
    state = _pending()
    if len(state.pending) >= SEND_EVERY:
        _send(state)


def offer_document(article_id, document):
    """Inside a batch, the document of an article its writer has just built from what it wrote (an ingest's
    new article): sent instead of one read back, unless the article is queued again before it is sent."""
    state = _pending()
    if state.batch_depth and article_id in state.pending:
        state.built[article_id] = document


def _send(state):
    if not state.pending:
        return
    built = state.pending & state.built.keys()
    state.sent.append((set(state.pending), outbox.high_water()))
    documents = [state.built.pop(article_id) for article_id in built] + list(documents_for(state.pending - built))
    state.pending.clear()
    if state.stream is None:
        state.stream = get_backend().bulk_writer()
    state.stream.add(documents)


def finish_sending():
    """Commit what the bulk writer holds, so it is searchable."""
    state = _pending()
    stream, state.stream = state.stream, None
    if stream is not None:
        stream.close()
    sent, state.sent = state.sent, []
    for article_ids, up_to in sent:
        outbox.settled(article_ids, up_to)


def ensure_indexed(article_ids):
    """Queue any of these articles that the index lacks (say, after an ingest was killed mid-way)."""
    _send(_pending())
    finish_sending()  # what was sent is not in the index until it is committed
    try:
        present = get_backend().indexed(article_ids)
    except SearchUnavailable:
        present = set()
    queue(set(article_ids) - present)


@contextmanager
def batched():
    """Collect index updates during a bulk operation (ingest, import) and write them in bulk.

    On an error the uncommitted part is dropped: the next ingest's ``ensure_indexed``
    (or ``check_index --fix``) adds whatever the database kept.
    """
    state = _pending()
    state.batch_depth += 1
    try:
        yield
    except BaseException:
        state.batch_depth -= 1
        if not state.batch_depth:
            stream, state.stream = state.stream, None
            state.pending.clear()
            state.built.clear()
            state.sent.clear()  # their outbox rows stay: the next start indexes them
            if stream is not None:
                stream.cancel()
        raise
    state.batch_depth -= 1
    if not state.batch_depth:
        _send(state)
        finish_sending()
        flush(create=True)  # deletions


# -- signal handlers -------------------------------------------------------------
def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


def _article_deleted(sender, instance, **kwargs):
    queue(deleted_ids=[instance.pk])


def _row_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.article_id:
        queue([instance.article_id])


def _record_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed outlet, person or delegation changes how its articles are indexed: all of them, also when an
    ingest changes the record (an alias added to an outlet shows in every article linked to it)."""
    if raw or not instance.pk or created:
        return  # a new record has no articles yet but the one being stored, which is indexed anyway
    from django.db.models import Q

    from ..models import Article, Delegation, Outlet, Person

    if isinstance(instance, Outlet):
        ids = Article.objects.for_outlet(instance).values_list("pk", flat=True)
    elif isinstance(instance, Person):
        ids = Article.objects.filter(
            Q(appearances__person=instance) | Q(quotes__speaker=instance)).values_list("pk", flat=True).distinct()
    elif isinstance(instance, Delegation):
        ids = instance.articles.values_list("pk", flat=True)
    else:
        return
    queue(list(ids))


def _relation_changed(sender, instance, action, pk_set, model, **kwargs):
    from ..models import Article

    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if isinstance(instance, Article):
        queue([instance.pk])
    elif model is Article and pk_set:
        queue(pk_set)
    elif action == "pre_clear" and hasattr(instance, "articles"):
        queue(list(instance.articles.values_list("pk", flat=True)))


def connect_signals():
    from ..models import Appearance, Article, Delegation, Outlet, Person, Quote

    post_save.connect(_article_saved, sender=Article, dispatch_uid="index_article_saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="index_article_deleted")
    for model in (Quote, Appearance):
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"index_{model.__name__}_saved")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"index_{model.__name__}_deleted")
    for model in (Outlet, Person, Delegation):
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"index_{model.__name__}_saved")
    for through in (Article.outlets.through, Article.countries.through, Article.delegations.through):
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"index_{through.__name__}")


_drained = threading.Lock()


def drain_at_first_request():
    """A web process indexes what a crash left in the outbox before its first request is answered."""
    from django.core.signals import request_started

    def drain_once(**kwargs):
        if _drained.acquire(blocking=False):
            request_started.disconnect(drain_once, dispatch_uid="index_outbox_drain")
            outbox.drain_left_behind()

    request_started.connect(drain_once, dispatch_uid="index_outbox_drain", weak=False)


# -- whole-index operations --------------------------------------------------------
def rebuild(*, progress=None, batch_size=500):
    """A fresh index of every article, swapped in whole (searches go on meanwhile)."""
    return get_backend().rebuild(documents_for(None, chunk=batch_size), progress)


def check(*, fix=False):
    """Compare the database with the index, document by document: ``missing`` (an article with no document),
    ``duplicated`` (an article with more than one), ``stale`` (a document of an older version of its article),
    ``orphaned`` (a document of no article), and an index analysed by an older version of the code
    (``outdated``: a fix rebuilds it whole). What the outbox holds is indexed first, as at any start."""
    from ..models import Article

    try:
        outbox.drain()
        indexed = get_backend().fingerprints()
    except SearchUnavailable:
        if not fix:
            raise
        get_backend().recreate()
        indexed = {}
    if fix and not get_backend().analysis_is_current():
        count = rebuild()
        return {"missing": [], "duplicated": [], "stale": [], "orphaned": [], "outdated": True, "rebuilt": count,
                "articles": Article.objects.count()}
    expected = {int(doc["id"]): doc["fingerprint"] for doc in documents_for(None)}
    both = set(expected) & set(indexed)
    report = {
        "missing": sorted(set(expected) - set(indexed)),
        "duplicated": sorted(pk for pk, found in indexed.items() if len(found) > 1),
        "stale": sorted(pk for pk in both if any(found != expected[pk] for found in indexed[pk])),
        "orphaned": sorted(set(indexed) - set(expected)),
        "outdated": not get_backend().analysis_is_current(),
        "articles": Article.objects.count(),
    }
    if fix:
        # an article indexed twice loses both documents and gets one: a replacement removes only committed ones
        gone = set(report["orphaned"]) | set(report["duplicated"])
        if gone:
            get_backend().delete(gone)
        get_backend().add_bulk(documents_for(set(report["missing"]) | set(report["stale"])
                                             | set(report["duplicated"])))
    return report
