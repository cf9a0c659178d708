"""The ingest: read → clean → extract → store, one transaction per file.

``run(paths)`` is what the ``ingest`` command calls; each step below it is a
plain function usable on its own (``clean_text``, ``clean_html``, ``extract``).
"""
from dataclasses import dataclass, field
import datetime
import json

from django.conf import settings
from django.db import IntegrityError

from .cleaning import clean_text, repeated_lines
from .extraction import extract
from .html import clean_html
from .reading import IngestError, collect_paths, read_source

__all__ = ["run", "Report", "IngestError", "clean_source", "clean_text", "clean_html", "extract"]


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    kept_edits: int = 0
    errors: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    dry_run_output: list[dict] = field(default_factory=list)

    def fail(self, error, on_file=None):
        self.failed += 1
        self.errors.append(str(error))
        if on_file:
            on_file(error.path, "failed", error.reason)

    def summary(self):
        return (f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"duplicates {self.duplicates}, failed {self.failed}")


def clean_source(source, *, repeated=None):
    """The cleaned document of a read file; IngestError when it holds no article."""
    document = clean_html(source.text) if source.kind == "html" else clean_text(source.text, repeated_lines=repeated)
    if document is None or not document.body_blocks():
        raise IngestError(source.path, "no article text found in it (is it a saved article page?)")
    return document


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def describe(source, document, extraction):
    """What a dry run prints for one file."""
    return json.loads(json.dumps({
        "source_file": source.name, "title": document.title, "title_derived": document.title_derived,
        "published": extraction.published, "date_source": extraction.date_source,
        "publisher": document.publisher, "distributor": document.distributor, "dateline": document.dateline,
        "body": document.body_text(),
        "captions": [{"text": c.text, "credit": c.credit} for _, c in document.captions()],
        "removed": [{"line": r.number, "reason": r.reason, "text": r.text} for r in document.removed],
        **extraction.as_dict(),
    }, default=_json_default))


def run(paths, *, dry_run=False, max_bytes=None, on_file=None, on_start=None):
    """Ingest files and directories; returns a :class:`Report`.

    ``on_start(total)`` is called once the files are known and ``on_file(path,
    status, detail)`` after each (for progress and per-file lines). A bad path
    raises IngestError before anything is written; a bad file is counted as
    failed and the others go on.
    """
    from . import store as storing
    from ..search import indexing

    max_bytes = max_bytes or settings.NEWSROOM_MAX_FILE_BYTES
    files = collect_paths(paths)
    if on_start:
        on_start(len(files))
    report = Report()
    sources = []
    for path in files:
        try:
            sources.append(read_source(path, max_bytes=max_bytes))
        except IngestError as error:
            report.fail(error, on_file)
    repeated = repeated_lines([s.text for s in sources if s.kind == "text"])
    directory = None if dry_run else storing.Directory()
    with indexing.batched():
        for source in sources:
            try:
                document = clean_source(source, repeated=repeated)
                extraction = extract(document)
            except IngestError as error:
                report.fail(error, on_file)
                continue
            if dry_run:
                report.dry_run_output.append(describe(source, document, extraction))
                if on_file:
                    on_file(source.path, "parsed", document.title)
                continue
            try:
                outcome = storing.store(source, document, extraction, directory)
            except IntegrityError:  # another writer added a record meanwhile: look again
                directory = storing.Directory()
                outcome = storing.store(source, document, extraction, directory)
            indexing.send_if_ready()
            status = {"duplicate": "duplicates"}.get(outcome.status, outcome.status)
            setattr(report, status, getattr(report, status) + 1)
            report.kept_edits += outcome.kept_edits
            report.articles.append(outcome.article.pk)
            if on_file:
                detail = outcome.article.title if outcome.status != "duplicate" else f"same content as {outcome.article.source_file}"
                on_file(source.path, outcome.status, detail)
        if not dry_run:
            indexing.ensure_indexed(report.articles)
    return report
