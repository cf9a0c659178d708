"""The PostgreSQL search table's facet columns, kept in the web process and brought up to date by version.

Profiled at 100,000 articles (EXPLAIN ANALYZE), counting six disjunctive facets and the month histogram
over the 30,000 matches of a two-word search was 120 of its 240 ms inside PostgreSQL (unnesting and hashing
each value; integer codes instead of texts saved a tenth of it), and browsing a year materialised the whole
table (300 ms). So PostgreSQL matches and ranks, and the facets are counted as Whoosh's are (facets.py),
over columns this process keeps.

Every write takes the next number of a sequence as the table's version, under the lock of the one row of
``newsroom_search_state``, so versions grow in the order writes commit and are never used twice. A row
written carries its version: a refresh reads only the rows written since the version the process holds
(one indexed probe when nothing changed). A row written again gets a new position, its old one is dead;
a deletion (rare) has the table read again. Rows are numbered by position like documents in a segment.
"""
from itertools import chain
import threading

import numpy as np

from .facets import COLUMNS, FacetCache, FacetColumn

ARRAY_FACETS = ["country", "outlet", "delegation", "speaker"]
FACET_COLUMNS = [*ARRAY_FACETS, "publisher", "language", "copy", "story", "year", "month"]
MAX_DEAD = 0.5  # beyond this share of dead positions, the table is read again rather than added to
SEPARATOR = "\x1f"  # between the values of a row's array facet, as the table is read (array_to_string)


def _batch(rows):
    """{facet: (positions, value ids, labels)}, published days and article ids of rows read from the table
    (array facets as their values joined by SEPARATOR). Column by column: 100,000 rows read value by value
    in Python took 2.3 s."""
    columns = list(zip(*rows))
    parts = {}
    for facet, raw in zip(FACET_COLUMNS, columns[1:1 + len(FACET_COLUMNS)]):
        if facet in ARRAY_FACETS:
            split = [joined.split(SEPARATOR) if joined else [] for joined in raw]
            docs = np.repeat(np.arange(len(raw)), np.fromiter(map(len, split), dtype=np.int64, count=len(raw)))
            flat = list(chain.from_iterable(split))
        else:
            docs, flat = np.arange(len(raw)), [str(value) for value in raw]
        ids = {}
        values = np.asarray([ids.setdefault(value, len(ids)) for value in flat], dtype=np.int64)
        kept = ~np.isin(values, [ids[blank] for blank in ("", "0") if blank in ids])
        parts[facet] = (docs[kept], values[kept], list(ids))
    return parts, np.asarray(columns[1 + len(FACET_COLUMNS)], dtype=np.int64), np.asarray(columns[0], dtype=np.int64)


class TableColumns(FacetCache):
    """A FacetCache over the table's rows: document number = position, the rows read in version order."""

    def __init__(self, version):
        self.version = version
        self.doc_count = 0
        self._batches = []  # (parts, offset) of each refresh
        self.published = np.zeros(0, dtype=np.int64)
        self.article_ids = np.zeros(0, dtype=np.int64)
        self.live = np.zeros(0, dtype=bool)
        self._position = np.zeros(0, dtype=np.int64)  # by article id, -1 where the table has none
        self.columns = {facet: FacetColumn([]) for facet in COLUMNS}

    def add(self, rows, version):
        """The rows written since the version held, each replacing its earlier position; now at ``version``."""
        self.version = version
        if not rows:
            return
        parts, published, article_ids = _batch(rows)
        offset, self.doc_count = self.doc_count, self.doc_count + len(rows)
        self._batches.append((parts, offset))
        self.published = np.concatenate([self.published, published])
        self.article_ids = np.concatenate([self.article_ids, article_ids])
        self.live = np.concatenate([self.live, np.ones(len(rows), dtype=bool)])
        if len(self._position) <= article_ids.max():
            grown = np.full(int(article_ids.max()) + 1, -1, dtype=np.int64)
            grown[:len(self._position)] = self._position
            self._position = grown
        else:
            self._position = self._position.copy()  # a request may still read the one it was given
        replaced = self._position[article_ids]
        self.live[replaced[replaced >= 0]] = False
        self._position[article_ids] = np.arange(offset, self.doc_count)
        self.columns = {facet: FacetColumn([(*batch[facet], offset) for batch, offset in self._batches])
                        for facet in COLUMNS}

    def positions_of(self, article_ids):
        """Each article id's position, -1 for ids this process has not read."""
        article_ids = np.asarray(article_ids, dtype=np.int64)
        known = article_ids < len(self._position)
        found = np.full(len(article_ids), -1, dtype=np.int64)
        found[known] = self._position[article_ids[known]]
        return found

    @property
    def worn(self):
        return self.doc_count and (self.doc_count - int(self.live.sum())) / self.doc_count > MAX_DEAD


class ColumnKeeper:
    """The current TableColumns of one process, refreshed from the table by ``read(execute, since)``."""

    def __init__(self, read):
        self._read, self._columns, self._lock = read, None, threading.Lock()

    def forget(self):
        with self._lock:
            self._columns = None

    def current(self, execute):
        """The columns as of now: the rows written since the version held are read and added (all rows when
        a deletion came since, the table's version went back, or most positions are dead)."""
        with self._lock:
            columns = self._columns
            since = -1 if columns is None or columns.worn else columns.version
            version, deleted, rows = self._read(execute, since)
            if columns is not None and since >= 0 and (deleted > since or version < since):
                since, columns = -1, None
                version, deleted, rows = self._read(execute, since)
            if since < 0:
                columns = TableColumns(version)
            if since < 0 or version != columns.version:
                columns.add(rows, version)
            self._columns = columns
            return columns
