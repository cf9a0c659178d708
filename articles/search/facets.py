"""Facet counting over the index's columns, disjunctive as in Aleph: values
within a facet combine with OR, facets with AND, and each facet's counts
ignore its own selection (picking Poland still shows Japan's count).

Each facet is held per searcher as columnar arrays (one row per value a
document has: its document number and a value id), so counting the whole
matching set is a couple of vectorised numpy operations, not a Python loop
per hit — the difference between ~5 ms and ~500 ms at 100,000 articles.
"""
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from .schema import FACETS, HISTOGRAM, STORY

COLUMNS = {**{facet: spec[0] for facet, spec in FACETS.items()}, HISTOGRAM: HISTOGRAM, STORY: STORY}
# Document numbers, value ids and day ordinals all fit in 32 bits: at a million articles a worker held 260 MB of
# facet columns as 64-bit integers (tracemalloc), half of its memory after a first search.
NUMBER = np.int32


def _split(raw):
    if isinstance(raw, (int, np.integer)):
        return (str(int(raw)),) if raw else ()
    return tuple(v for v in (raw or "").split(",") if v)


def _read_column(reader, fieldname):
    """(docs, values, labels) of one field in one segment."""
    doc_count = reader.doc_count_all()
    try:
        column = reader.column_reader(fieldname) if doc_count else ()
    except NotImplementedError:  # a segment written without this column
        column = ()
    ids, labels, docs, values = {}, [], [], []
    for docnum in range(doc_count if column != () else 0):
        try:
            items = _split(column[docnum])
        except IndexError:  # a document written without this field
            continue
        for item in items:
            if item not in ids:
                ids[item] = len(labels)
                labels.append(item)
            docs.append(docnum)
            values.append(ids[item])
    return np.asarray(docs, dtype=NUMBER), np.asarray(values, dtype=NUMBER), labels


# Segments never change once written, so their columns are read once per process, not per refresh:
# after an edit only the new small segment is read. {(segment id, field): (docs, values, labels)}
_SEGMENTS = {}


class Ranked(Sequence):
    """A facet's (value, count) pairs in order, made into Python pairs only as far as they are read: listing
    a facet of thousands of speakers whole was a twentieth of a loaded worker's time (py-spy), for a page
    that shows thirty of them."""

    def __init__(self, values, counts, tail=()):
        self._values, self._counts, self._tail = values, counts, list(tail)  # tail: pairs after the arrays'

    def __len__(self):
        return len(self._counts) + len(self._tail)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            counted = len(self._counts)
            head = list(zip(self._values[start:stop].tolist(), self._counts[start:stop].tolist()))
            return head + self._tail[max(start - counted, 0):max(stop - counted, 0)]
        position = range(len(self))[index]
        if position < len(self._counts):
            return self._values[position], int(self._counts[position])
        return self._tail[position - len(self._counts)]

    def __iter__(self):
        yield from zip(self._values.tolist(), self._counts.tolist())
        yield from self._tail

    def __eq__(self, other):
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self):
        return repr(list(self))


class FacetColumn:
    """One facet over the whole index: ``docs[i]`` has value ``labels[values[i]]``."""

    def __init__(self, parts):
        self.ids = {}
        docs, values = [], []
        for seg_docs, seg_values, seg_labels, offset in parts:
            docs.append(seg_docs + offset)
            if not self.ids:  # the first (largest) segment's value ids are kept as they are
                self.ids = dict(zip(seg_labels, range(len(seg_labels))))
                values.append(seg_values)
                continue
            mapping = np.asarray([self.ids.setdefault(label, len(self.ids)) for label in seg_labels], dtype=NUMBER)
            values.append(mapping[seg_values] if len(seg_values) else seg_values)
        self.labels = list(self.ids)
        self.docs = np.concatenate(docs) if docs else np.zeros(0, dtype=NUMBER)
        self.values = np.concatenate(values) if values else np.zeros(0, dtype=NUMBER)

    def mask_for(self, chosen, doc_count):
        """Documents having any of the chosen values (OR within a facet)."""
        wanted = [self.ids[v] for v in chosen if v in self.ids]
        mask = np.zeros(doc_count, dtype=bool)
        if wanted:
            mask[self.docs[np.isin(self.values, wanted)]] = True
        return mask

    def _totals(self, mask):
        hits = self.values[mask[self.docs]] if len(self.docs) else self.values
        return np.bincount(hits, minlength=len(self.labels))

    def counts(self, mask):
        totals = self._totals(mask)
        present = np.flatnonzero(totals)
        return {self.labels[i]: int(totals[i]) for i in present}

    def ranked(self, mask, kept=()):
        """[(value, count)] of the documents in ``mask``, most frequent first, ties by value; the ``kept``
        values too, with 0 when they have none. Ordered by numpy: a facet of thousands of speakers sorted as
        Python tuples was most of the facet counting's time."""
        totals = self._totals(mask)
        present = np.flatnonzero(totals)
        order = present[np.lexsort((self._label_rank[present], -totals[present]))]
        missing = sorted(value for value in set(kept) if value not in self.ids or not totals[self.ids[value]])
        return Ranked(self._label_array[order], totals[order], [(value, 0) for value in missing])

    @cached_property
    def _label_array(self):
        return np.asarray(self.labels, dtype=object)

    @cached_property
    def _label_rank(self):
        rank = np.empty(len(self.labels), dtype=np.int64)
        rank[sorted(range(len(self.labels)), key=self.labels.__getitem__)] = np.arange(len(self.labels))
        return rank


def _read_dates(reader):
    """Each document's ``published`` day ordinal in one segment (0: undated)."""
    doc_count = reader.doc_count_all()
    try:
        column = reader.column_reader("published") if doc_count else None
    except NotImplementedError:
        column = None
    dates = np.zeros(doc_count, dtype=NUMBER)
    for docnum in range(doc_count if column is not None else 0):
        try:
            dates[docnum] = column[docnum] or 0
        except IndexError:
            pass
    return dates


def _live(leaves, doc_count):
    """The mask of documents not deleted, from each segment's set of deleted ones: asking the reader about
    every document (all_doc_ids) took 9 ms at 10,000 articles once an edit had deleted any, on every
    searcher an edit opens."""
    live = np.ones(doc_count, dtype=bool)
    for leaf, offset in leaves:
        if leaf.has_deletions():
            deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
            live[deleted + offset] = False
    return live


class FacetCache:
    """Per searcher: every facet's columns and each document's date, read once when the searcher opens."""

    def __init__(self, searcher):
        reader = searcher.reader()
        self.doc_count = reader.doc_count_all()
        leaves = list(reader.leaf_readers()) if self.doc_count else []
        self.live = _live(leaves, self.doc_count)
        current = set()
        self.columns = {}
        for facet, field in COLUMNS.items():
            parts = []
            for leaf, offset in leaves:
                key = (leaf.segment().segment_id(), field)
                current.add(key)
                if key not in _SEGMENTS:
                    _SEGMENTS[key] = _read_column(leaf, field)
                parts.append((*_SEGMENTS[key], offset))
            self.columns[facet] = FacetColumn(parts)
        dates = []
        for leaf, _offset in leaves:
            key = (leaf.segment().segment_id(), "published")
            current.add(key)
            if key not in _SEGMENTS:
                _SEGMENTS[key] = _read_dates(leaf)
            dates.append(_SEGMENTS[key])
        self.published = np.concatenate(dates) if dates else np.zeros(0, dtype=NUMBER)
        for key in set(_SEGMENTS) - current:  # merged-away segments
            del _SEGMENTS[key]

    def mask(self, docnums):
        mask = np.zeros(self.doc_count, dtype=bool)
        docnums = np.fromiter(docnums, dtype=np.int64)
        mask[docnums[docnums < self.doc_count]] = True
        return mask


    def date_mask(self, request):
        """Documents inside the request's date range (and undated ones as its rule says); None: no limit."""
        if not request.limits_dates:
            return None
        dated = self.published > 0
        first, last = request.published_bounds()
        inside = dated & (self.published >= first) & (self.published <= last)
        return {"include": inside | ~dated, "exclude": inside, "only": ~dated}[request.undated_rule]


def _selection(cache, docs, filters):
    """(the documents matching the words, {facet: mask of its chosen values})."""
    base = docs if isinstance(docs, np.ndarray) else cache.mask(docs)
    selected = {facet: cache.columns[facet].mask_for(chosen, cache.doc_count)
                for facet, chosen in filters.items() if chosen and facet in cache.columns}
    return base, selected


def _all_facets(base, selected):
    mask = base.copy()
    for chosen in selected.values():
        mask &= chosen
    return mask


def matching(cache, docs, filters, dates=None):
    """The mask of the documents among ``docs`` that every facet filter and the ``dates`` mask keep."""
    mask = _all_facets(*_selection(cache, docs, filters))
    return mask & dates if dates is not None else mask


def story_rank(cache, request, scores):
    """Each document's place in the request's order (lower first): which of a story's copies stands for it."""
    if scores is not None and request.effective_sort == "relevance":
        return -scores
    published = cache.published.astype(np.float64)
    if request.effective_sort == "date":
        return np.where(published > 0, -published, np.inf)
    return np.where(published > 0, published, np.inf)  # oldest first, and the original is mostly the oldest


def one_per_story(cache, matched, rank):
    """(``matched`` with one document per story, how many copies were folded into another): each story's
    first document by ``rank``; a document in no story stands for itself."""
    column = cache.columns.get(STORY)
    if column is None or not len(column.docs):
        return matched, 0
    in_story = np.zeros(cache.doc_count, dtype=bool)
    in_story[column.docs] = True
    docs = np.flatnonzero(matched & in_story)
    if len(docs) < 2:
        return matched, 0
    story_of = np.full(cache.doc_count, -1, dtype=np.int64)
    story_of[column.docs] = column.values
    order = docs[np.lexsort((docs, rank[docs]))]
    _stories, first = np.unique(story_of[order], return_index=True)
    folded = matched & ~in_story
    folded[order[first]] = True
    return folded, int(matched.sum() - folded.sum())


def count_facets(cache, docs, filters, dates=None):
    """{facet: [(value, count), …] most frequent first, selected values kept} of the documents in ``docs``.

    ``dates`` (a mask) limits the matches and every facet; the month histogram alone ignores it, so the
    chart keeps showing the months around a chosen range."""
    base, selected = _selection(cache, docs, filters)
    facets = {}
    for facet in FACETS:
        scope = base & dates if dates is not None else base.copy()
        for other, mask in selected.items():
            if other != facet:
                scope &= mask
        facets[facet] = cache.columns[facet].ranked(scope, kept=filters.get(facet, []))
    facets[HISTOGRAM] = sorted(cache.columns[HISTOGRAM].counts(_all_facets(base, selected)).items())
    return facets
