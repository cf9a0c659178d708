"""Where the Whoosh index lives: generations under the index root, and a
``current`` link that a rebuild swaps atomically so readers never see a
half-built index.
"""
import os
from pathlib import Path
import shutil
import time

from django.conf import settings
from whoosh import index as whoosh_index

from .codec import PackedCodec
from .merging import merge_by_tier
from .postingpool import GroupingMpWriter, group_postings
from .schema import SCHEMA_VERSION, build_schema


REBUILD_ADVICE = "Rebuild it with: python manage.py rebuild_index"


class SearchUnavailable(Exception):
    """The index is missing or unreadable; the message says how to restore it."""

    @classmethod
    def because(cls, what, error):
        """The exception to raise when ``error`` (of any kind Whoosh raises) broke ``what``."""
        return cls(f"{what} ({type(error).__name__}). {REBUILD_ADVICE}")


def root():
    return Path(settings.NEWSROOM_INDEX_DIR)


def current_path():
    link = root() / "current"
    return link.resolve() if link.exists() else None


def stamp():
    """(the generation ``current`` points at, its folder's modification time in ns), or None without an index:
    it changes whenever the index does (each commit writes a new table of contents into the folder; a rebuild
    points the link at another folder). Two system calls, where asking Whoosh lists the folder."""
    folder = settings.NEWSROOM_INDEX_DIR
    try:
        target = os.readlink(os.path.join(folder, "current"))
        return target, os.stat(os.path.join(folder, target)).st_mtime_ns
    except OSError:
        return None


def new_generation():
    path = root() / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 100000}"
    path.mkdir(parents=True)
    whoosh_index.create_in(str(path), build_schema())
    (path / "schema-version").write_text(str(SCHEMA_VERSION))
    return path


def schema_is_current():
    """Whether the live index was built with this code's analysis (False: rebuild_index brings it up to date)."""
    path = current_path()
    try:
        return path is not None and (path / "schema-version").read_text().strip() == str(SCHEMA_VERSION)
    except OSError:
        return False


def swap_in(path):
    """Point ``current`` at ``path`` atomically, then remove older generations."""
    link, temporary = root() / "current", root() / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(path.name)
    os.replace(temporary, link)
    for old in root().glob("gen-*"):
        if old.resolve() != path.resolve():
            shutil.rmtree(old, ignore_errors=True)


def create_empty():
    """A fresh empty index made current (for a new archive, or a test)."""
    root().mkdir(parents=True, exist_ok=True)
    path = new_generation()
    swap_in(path)
    return path


TOC_ATTEMPTS = 3


def open_index(*, create=False):
    """The current index. Whoosh finds an index's latest table of contents by listing the folder, then reads
    it; a commit in another process in between writes the next one and deletes it (FileNotFoundError), so the
    folder is read again, a few times at most."""
    for attempt in range(TOC_ATTEMPTS):
        try:
            return _open_current(create)
        except FileNotFoundError as error:
            if attempt + 1 == TOC_ATTEMPTS:
                raise SearchUnavailable.because("The search index cannot be read", error) from error


def _open_current(create):
    path = current_path()
    if path is None or not whoosh_index.exists_in(str(path)):
        if not create:
            raise SearchUnavailable(f"The search index is missing. {REBUILD_ADVICE}")
        path = create_empty()
    try:
        return whoosh_index.open_dir(str(path))
    except FileNotFoundError:
        raise
    except Exception as error:  # whoosh raises many kinds for a damaged index
        raise SearchUnavailable.because("The search index cannot be read", error) from error


def fitting(schema, document):
    """The document's fields that an index's schema has: an index built before a field was added is written
    to (without it) until ``rebuild_index`` brings it up to date, which check_index asks for."""
    return document if all(name in schema for name in document) else {
        name: value for name, value in document.items() if name in schema}


def writer_of(index, *, procs=1, **options):
    """A writer of ``index`` whose new segments are written by the packed codec (codec.py), whose postings wait
    grouped by term (postingpool.py), and which merges segments by size tiers (merging.py; Whoosh then ignores
    ``commit(optimize=True)``: pass ``mergetype=whoosh.writing.OPTIMIZE``). With ``procs`` over 1, that many
    processes each write a segment of their own (``multisegment``)."""
    options.update(codec=PackedCodec(), compound=False)
    if procs > 1:
        writer = GroupingMpWriter(index, procs=procs, **{**options, "multisegment": True})
    else:
        writer = group_postings(index.writer(**options))
    writer.mergetype = merge_by_tier
    return writer


def pinned_searcher(index, attempts=3):
    """A searcher of ``index`` with every segment's per-document columns (stored fields, field lengths) open.

    Whoosh opens those files lazily, at a segment's first stored-fields or length lookup, and a writer in
    another process that merges segments deletes their files: a search under way then found no stored fields
    (a 500 in the load test). Open files outlive their deletion. Should a merge delete them between opening
    the index and pinning them, the index (a newer table of contents) is opened again."""
    for attempt in range(attempts):
        searcher = index.searcher()
        try:
            scored = [name for name, field in searcher.schema.items() if field.scorable]
            for leaf, _offset in searcher.reader().leaf_readers():
                if leaf.doc_count_all():
                    leaf.stored_fields(0)  # every document stores its id: a missing column is a deleted file
                    for name in scored:
                        leaf.doc_field_length(0, name)
            return searcher
        except (TypeError, OSError):
            searcher.close()
            if attempt == attempts - 1:
                raise


def leaf_at(reader, docnum):
    """(segment reader, its first document number) of the reader's document ``docnum``; (None, 0) without one."""
    if docnum is not None:
        for leaf, offset in reader.leaf_readers():
            if offset <= docnum < offset + leaf.doc_count_all():
                return leaf, offset
    return None, 0


def document_at(reader, docnum):
    """(segment id, document number within it) of the reader's document ``docnum``, None without one: what
    the index stored for it, for good. A segment never changes once written, and an article indexed again is
    written into a new one, so this names one version of one article."""
    leaf, offset = leaf_at(reader, docnum)
    return None if leaf is None else (leaf.segment().segment_id(), docnum - offset)
