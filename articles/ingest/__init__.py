"""The ingest: read → clean → extract → store, one transaction per file.

``run(paths)`` is what the ``ingest`` command calls; each step below it is a
plain function usable on its own (``clean_text``, ``clean_html``, ``extract``).

Imports the records layer, the search index, the WARC files, the models and the kernel; never the capture
(which builds on the ingest) nor the web.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field
import datetime
import gc
import json
import logging

from django.conf import settings
from django.db import IntegrityError

from .cleaning import SiteText, clean_text
from .extraction import extract
from .html import clean_html
from .prepare import Failure, clean_source, one_line, prepared, site_of_source
from .reading import IngestError, collect_paths, read_found, web_archive_pages

__all__ = ["run", "Report", "IngestError", "clean_source", "clean_text", "clean_html", "extract"]
logger = logging.getLogger(__name__)


@dataclass
class Report:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    deleted: int = 0  # files whose article an editor deleted: not stored again
    failed: int = 0
    kept_edits: int = 0
    skipped_records: int = 0  # in web archives: requests, images, scripts and other non-page records
    errors: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    dry_run_output: list[dict] = field(default_factory=list)

    def fail(self, error, on_file=None):
        self.failed += 1
        self.errors.append(str(error))
        if on_file:
            on_file(error.path, "failed", error.reason)

    def count(self, status):
        status = {"duplicate": "duplicates"}.get(status, status)
        setattr(self, status, getattr(self, status) + 1)

    def summary(self):
        skipped = f" ({self.skipped_records} other web-archive records skipped)" if self.skipped_records else ""
        deleted = (f", deleted by editors {self.deleted} (ingest --restore-deleted stores them again)"
                   if self.deleted else "")
        return (f"{self.files} files: created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"duplicates {self.duplicates}{deleted}, failed {self.failed}{skipped}")


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def describe(source, document, extraction):
    """What a dry run prints for one file."""
    return json.loads(json.dumps({
        "source_file": source.name, "source_url": document.source_url, "title": document.title,
        "title_derived": document.title_derived,
        "published": extraction.published, "date_source": extraction.date_source,
        "publisher": document.publisher, "distributor": document.distributor, "dateline": document.dateline,
        "body": document.body_text(),
        "captions": [{"text": c.text, "credit": c.credit} for _, c in document.captions()],
        "removed": [{"line": r.number, "reason": r.reason, "text": r.text} for r in document.removed],
        **extraction.as_dict(),
    }, default=_json_default))


def run(paths, *, dry_run=False, max_bytes=None, on_file=None, on_start=None, collection=None,
        restore_deleted=False):
    """Ingest files and directories; returns a :class:`Report`.

    Each folder's files go into its own collection (see :mod:`.collections`), or all into the one named
    ``collection``. Files whose articles editors deleted are skipped unless ``restore_deleted``.

    ``on_start(total)`` is called once the files are known and ``on_file(path,
    status, detail)`` after each (for progress and per-file lines). A bad path
    raises IngestError before anything is written; a bad file — unreadable, not an
    article, or failing in any way while stored — is counted as failed, rolled back
    alone, and the others go on.

    Two passes keep memory flat in the number of files: the first reads each file
    for its content hash and counts its site's header and footer lines; the second
    reads again only the files that are new or changed, and stores them.
    """
    from ..records import freshness
    from ..search import indexing
    from .collections import collections_for

    max_bytes = max_bytes or settings.NEWSROOM_MAX_FILE_BYTES
    files, skipped_records = web_archive_pages(collect_paths(paths))
    report = Report(files=len(files), skipped_records=skipped_records)
    if on_start:
        on_start(len(files))
    readable, site_text = [], SiteText()
    for found in files:
        try:
            if found.refusal:
                raise IngestError(found.path, found.refusal)
            source = read_found(found, max_bytes=max_bytes)
        except IngestError as error:
            report.fail(error, on_file)
            continue
        if source.kind == "text":
            site_text.add(source.text, site_of_source(source), source.content_hash)
        readable.append((found, source.content_hash))
    collections = {} if dry_run else collections_for([found.root for found, _ in readable], name=collection)
    with indexing.batched(), freshness.bulk_changes(), _fewer_collections():
        _clean_and_store(readable, site_text, report, collections, dry_run=dry_run, max_bytes=max_bytes,
                         on_file=on_file, restore_deleted=restore_deleted)
        if not dry_run:
            indexing.ensure_indexed(report.articles)
    return report


@contextmanager
def _fewer_collections():
    """A run makes millions of short-lived objects while the archive's directory and the gazetteers stay
    alive throughout: the garbage collector's passes over them cost about 3% of an ingest's CPU (the
    benchmark collection: 0.8 s). What lives at the start is frozen out of its passes, and the young are
    collected less often; the worker and indexing processes, forked from here, inherit both."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _store(source, document, extraction, directory, warc, collection, restore_deleted):
    """Store one article; a page from a web archive also keeps its response record as a capture."""
    from django.db import transaction

    from . import store as storing
    from .captures import holder, keep_archived_response

    held = holder(source.record) if source.record is not None else None
    if held is not None and held.article is not None and held.article.content_hash != source.content_hash:
        # an earlier copy of a page the archive holds (its own export, an archive ingested before): the article
        # stays as the archive has it, neither taken back to that copy nor doubled by it
        return storing.Outcome("unchanged", held.article)
    with transaction.atomic():
        outcome = storing.store(source, document, extraction, directory, collection,
                                restore_deleted=restore_deleted)
        if source.record is not None and outcome.status in ("created", "updated"):
            keep_archived_response(outcome.article, source.record, warc)
    return outcome


def _clean_and_store(readable, site_text, report, collections, **options):
    from . import store as storing
    from ..warc.files import WarcFile

    directory = None if options["dry_run"] else storing.Directory()
    warc = WarcFile()  # copies of the pages read from web archives, so they replay and export like captures
    try:
        _store_prepared(readable, site_text, report, directory, warc, collections, **options)
    finally:
        warc.close()


def _store_prepared(readable, site_text, report, directory, warc, collections, *, dry_run, max_bytes, on_file,
                    restore_deleted):
    from . import store as storing
    from ..records import freshness
    from ..search import indexing

    todo = []
    for found, content_hash in readable:
        file = (collections[found.root].pk, found.name) if directory else None
        unchanged = directory.unchanged(file, content_hash) if directory else None
        if unchanged:
            report.count("unchanged")
            report.articles.append(unchanged)
            if on_file:
                on_file(found.path, "unchanged", found.name)
        else:
            todo.append(found)
    for found, result in prepared(todo, site_text, max_bytes):
        if isinstance(result, Failure):
            report.fail(result.error(), on_file)
            continue
        source, document, extraction = result
        if dry_run:
            report.dry_run_output.append(describe(source, document, extraction))
            if on_file:
                on_file(source.path, "parsed", document.title)
            continue
        collection = collections[found.root]
        try:
            try:
                outcome = _store(source, document, extraction, directory, warc, collection, restore_deleted)
            except IntegrityError:  # another writer may have added a record meanwhile: look again
                directory = storing.Directory()
                outcome = _store(source, document, extraction, directory, warc, collection, restore_deleted)
        except Exception as error:
            logger.exception("storing %s failed", found.path)
            # the transaction rolled back: nothing of this file is stored, and the directory may hold its records
            directory = storing.Directory()
            report.fail(IngestError(found.path, f"could not be stored, nothing of it was written ({one_line(error)})"),
                        on_file)
            continue
        if outcome.status == "deleted":
            report.count("deleted")
            if on_file:
                on_file(source.path, "deleted", "an editor deleted its article: not stored again")
            continue
        if outcome.document:
            indexing.offer_document(outcome.article.pk, outcome.document)
        indexing.send_if_ready()
        freshness.settle()
        report.count(outcome.status)
        report.kept_edits += outcome.kept_edits
        report.articles.append(outcome.article.pk)
        if on_file:
            detail = (f"same content as {outcome.article.source_file}" if outcome.status == "duplicate"
                      else outcome.article.title)
            on_file(source.path, outcome.status, detail)
