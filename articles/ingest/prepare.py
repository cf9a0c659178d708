"""Reading, cleaning and extracting one file: the ingest's pure part, run on a second core for large runs.

While the main process stores one article and hands it to the indexer, a worker process already
prepares the next ones. At most ``AHEAD`` prepared files wait at any time, so memory does not grow
with the number of files.
"""
from collections import deque
import logging
import multiprocessing
from pathlib import PurePosixPath
from typing import NamedTuple

from .cleaning import clean_text
from .extraction import extract
from .html import clean_html
from .reading import IngestError, read_found
from .urls import leading_url, page_address, site_of

logger = logging.getLogger(__name__)
AHEAD = 16
PARALLEL_FROM = 50  # files; below this a worker costs more than it saves


class Prepared(NamedTuple):
    source: object
    document: object
    extraction: object


class Failure(NamedTuple):
    """Why a file could not be prepared (an exception does not travel back from a worker intact)."""

    path: str
    reason: str

    def error(self):
        return IngestError(self.path, self.reason)


def one_line(error):
    """An unexpected exception as a reason a person can read in one line."""
    message = (str(error).strip().splitlines() or [""])[0][:200]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def site_of_source(source):
    """Which site a page is from, for telling its header and footer: its address, else its folder."""
    return site_of(leading_url(source.text)) or str(PurePosixPath(source.name).parent)


def clean_source(source, *, site_text=None):
    """The cleaned document of a read file; IngestError when it holds no article."""
    if source.kind == "html":
        document = clean_html(source.text)
    else:
        repeated = site_text.lines_of(source.text, site_of_source(source)) if site_text else None
        document = clean_text(source.text, repeated_lines=repeated)
    if document is None or not document.body_blocks():
        raise IngestError(source.path, "no article text found in it (is it a saved article page?)")
    if source.url:  # a page from a web archive: the address it gives for itself on its site, else its record's
        document.source_url = page_address(document.canonical, source.url)[:500]
    if source.warning:
        document.review_reasons.append(source.warning)
    return document


def prepare(found, site_text, max_bytes):
    """The file's source, cleaned document and extraction; a :class:`Failure` when it holds no article."""
    try:
        source = read_found(found, max_bytes=max_bytes)
        document = clean_source(source, site_text=site_text)
        return Prepared(source, document, extract(document))
    except IngestError as error:
        return Failure(error.path, error.reason)
    except Exception as error:  # a bug or an input no rule foresaw: this file fails, the run goes on
        logger.exception("cleaning or extracting %s failed", found.path)
        return Failure(str(found.path), f"could not be read as an article ({one_line(error)})")


_worker = {}


def _start_worker(site_text, max_bytes):
    _worker.update(site_text=site_text, max_bytes=max_bytes)


def _prepare_in_worker(found):
    return prepare(found, _worker["site_text"], _worker["max_bytes"])


def prepared(files, site_text, max_bytes):
    """``(found, Prepared or Failure)`` for each file, in order; in a worker process when there are many."""
    if len(files) < PARALLEL_FROM:
        for found in files:
            yield found, prepare(found, site_text, max_bytes)
        return
    # fork: the worker inherits the site's line counts and loaded gazetteers instead of rebuilding them
    with multiprocessing.get_context("fork").Pool(1, _start_worker, (site_text, max_bytes)) as pool:
        waiting, upcoming = deque(), iter(files)
        for found in upcoming:
            waiting.append((found, pool.apply_async(_prepare_in_worker, (found,))))
            if len(waiting) >= AHEAD:
                break
        while waiting:
            found, result = waiting.popleft()
            following = next(upcoming, None)
            if following is not None:
                waiting.append((following, pool.apply_async(_prepare_in_worker, (following,))))
            yield found, result.get()
