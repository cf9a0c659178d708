"""Keeping the index true to the database.

Saves and deletes of articles and of everything the index shows (quotes,
appearances, outlets, people, delegations, relations) queue the affected
articles; the queue is written after the transaction commits, never inside
the request's transaction. Bulk ingest switches per-save indexing off with
``batched()`` and writes once at the end.
"""
from contextlib import contextmanager
import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .backend import get_backend
from .documents import documents_for
from .store import SearchUnavailable

logger = logging.getLogger(__name__)
_state = threading.local()


def _pending():
    if not hasattr(_state, "pending"):
        _state.pending, _state.deleted, _state.batch_depth, _state.scheduled = set(), set(), 0, False
    return _state


def queue(article_ids=(), deleted_ids=()):
    state = _pending()
    state.pending.update(article_ids)
    state.deleted.update(deleted_ids)
    state.pending.difference_update(state.deleted)
    if state.batch_depth or state.scheduled:
        return
    state.scheduled = True
    transaction.on_commit(flush)


def flush(*, create=False):
    """Write the queued changes to the index now."""
    state = _pending()
    pending, deleted = set(state.pending), set(state.deleted)
    state.pending.clear()
    state.deleted.clear()
    state.scheduled = False
    if not pending and not deleted:
        return
    backend = get_backend()
    try:
        if deleted:
            try:
                backend.delete(deleted)
            except SearchUnavailable:
                if not create:
                    raise
        backend.add_bulk(documents_for(pending), create=create)
    except SearchUnavailable:
        logger.error("search index not updated for articles %s; run manage.py check_index --fix",
                     sorted(pending | deleted)[:20], exc_info=True)
        if create:
            raise


FLUSH_EVERY = 200


def flush_if_large():
    """Inside a batch, write what has queued once it is large (so a killed ingest loses little).

    The documents are read here, on the caller's database connection (which sees its own
    transaction); the index write runs in a background thread while the ingest goes on storing.
    Whoosh analyses a large batch in subprocesses, so the two really overlap.
    """
    state = _pending()
    if len(state.pending) < FLUSH_EVERY:
        return
    documents = list(documents_for(state.pending))
    state.pending.clear()
    wait_for_background()
    worker = _Writer(documents)
    worker.start()
    state.background = worker


class _Writer(threading.Thread):
    def __init__(self, documents):
        super().__init__(name="index-writer", daemon=True)
        self.documents, self.error = documents, None

    def run(self):
        try:
            get_backend().add_bulk(self.documents, create=True)
        except BaseException as error:  # re-raised in the ingest's thread by wait_for_background()
            self.error = error


def wait_for_background():
    state = _pending()
    worker = getattr(state, "background", None)
    if worker is not None:
        worker.join()
        state.background = None
        if worker.error is not None:
            raise worker.error


def ensure_indexed(article_ids):
    """Queue any of these articles that the index lacks (say, after an ingest was killed mid-way)."""
    try:
        present = get_backend().indexed(article_ids)
    except SearchUnavailable:
        present = set()
    queue(set(article_ids) - present)


@contextmanager
def batched():
    """Collect index updates and write them once when the block ends (for ingest)."""
    state = _pending()
    state.batch_depth += 1
    try:
        yield
    finally:
        state.batch_depth -= 1
        if not state.batch_depth:
            wait_for_background()
    if not state.batch_depth:
        flush(create=True)


# -- signal handlers -------------------------------------------------------------
def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


def _article_deleted(sender, instance, **kwargs):
    queue(deleted_ids=[instance.pk])


def _row_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.article_id:
        queue([instance.article_id])


def _record_changed(sender, instance, raw=False, **kwargs):
    """A renamed outlet, person or delegation changes how its articles are indexed."""
    if raw or not instance.pk or _pending().batch_depth:
        return  # an ingest indexes the articles it stores itself
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


# -- whole-index operations --------------------------------------------------------
def rebuild(*, progress=None, batch_size=500):
    """A fresh index of every article, swapped in whole (searches go on meanwhile)."""
    return get_backend().rebuild(documents_for(None, chunk=batch_size), progress)


def check(*, fix=False):
    """Compare the database with the index: missing, stale and orphaned documents."""
    from ..models import Article

    try:
        indexed = get_backend().fingerprints()
    except SearchUnavailable:
        if not fix:
            raise
        get_backend().recreate()
        indexed = {}
    expected = {int(doc["id"]): doc["fingerprint"] for doc in documents_for(None)}
    report = {
        "missing": sorted(set(expected) - set(indexed)),
        "stale": sorted(pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]),
        "orphaned": sorted(set(indexed) - set(expected)),
        "articles": Article.objects.count(),
    }
    if fix:
        if report["orphaned"]:
            get_backend().delete(report["orphaned"])
        get_backend().add_bulk(documents_for(report["missing"] + report["stale"]))
    return report
