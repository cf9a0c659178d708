"""Plain word queries answered with numpy over posting lists.

A query of words (an AND/OR tree of terms, which is what most searches are)
is evaluated as boolean masks and BM25-style scores over whole arrays, so the
count, the facets and the top 20 never walk the matches one by one in Python;
at 100,000 articles Whoosh's own matchers score every match of a common word.
Phrases are checked by position only among the documents that have all their
words; NOT is a mask's complement. Anything else still goes through Whoosh.
The request's budget is checked before each posting list is read.
"""
from functools import reduce
import math

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import _length_byte_cache

from .postinglists import segment_positions, segment_postings
from .termstats import doc_frequency, segment_doc_frequency

K1, B = 1.2, 0.75
BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float32)

# {(segment id, field): each document's length of the field}: segments never change once written
_LENGTHS = {}


def _segment_lengths(leaf, field):
    """Lengths of ``field`` in one segment, read as one block from its length column (one byte per document,
    Whoosh's logarithmic code); document by document where the codec offers no such column."""
    count = leaf.doc_count_all()
    lengths = np.zeros(count, dtype=np.float32)
    try:
        perdoc = leaf._perdoc
        name = f"_{field}_len"
        column = perdoc._cached_reader(name, LENGTHS_COLUMN) if perdoc.has_column(name) else None
        if column is not None:
            codes = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            lengths[:len(codes)] = BYTE_TO_LENGTH[codes]
        return lengths
    except (AttributeError, TypeError, ValueError):
        return np.asarray([leaf.doc_field_length(d, field) or 0 for d in range(count)], dtype=np.float32)


def field_lengths(reader, field):
    """Every document's length of ``field`` over the whole reader, by document number."""
    if not reader.doc_count_all():  # an empty index has no segment
        return np.zeros(0, dtype=np.float32)
    leaves = list(reader.leaf_readers())
    keys = [(leaf.segment().segment_id(), field) for leaf, _ in leaves]
    for key, (leaf, _) in zip(keys, leaves):
        if key not in _LENGTHS:
            _LENGTHS[key] = _segment_lengths(leaf, field)
    current = {segment for segment, _ in keys}
    for stale in [key for key in _LENGTHS if key[0] not in current and key[1] == field]:
        del _LENGTHS[stale]
    parts = [_LENGTHS[key] for key in keys]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def evaluate(query, reader, live, budget):
    """``(mask, scores)`` for an AND/OR/NOT tree of terms and phrases over ``reader``; None for any other query."""
    if isinstance(query, wq.Term):
        budget.check("matching")
        return _term(query, reader, live)
    if isinstance(query, wq.Phrase) and query.slop == 1:
        budget.check("matching")
        return _phrase(query, reader, live)
    if type(query) is wq.Not:
        part = evaluate(query.query, reader, live, budget)
        return None if part is None else (live & ~part[0], np.zeros(len(live), dtype=np.float32))
    if type(query) is wq.AndNot:
        positive, negative = (evaluate(q, reader, live, budget) for q in (query.a, query.b))
        if positive is None or negative is None:
            return None
        mask = positive[0] & ~negative[0]
        return mask, np.where(mask, positive[1], 0)
    if type(query) in (wq.And, wq.Or):
        parts = [evaluate(child, reader, live, budget) for child in query.children()]
        if not parts or any(part is None for part in parts):
            return None
        combine = np.logical_and if type(query) is wq.And else np.logical_or
        mask = reduce(combine, (m for m, _ in parts))
        scores = reduce(np.add, (s for _, s in parts))
        return mask, np.where(mask, scores, 0)
    return None


def any_of(reader, fieldname, weighted_terms, live):
    """(how many of the terms each document has, its summed score) for ``[(term, weight), …]`` in one field:
    an OR of the terms that also says how much of it each match shares. Scored over the postings alone and
    summed by document (two whole-archive arrays in all, where a mask and scores per term were a fifth of an
    article page's related coverage)."""
    count = len(live)
    ids, scores = [], []
    for text, weight in weighted_terms:
        term_ids, weights = postings(reader, fieldname, text)
        if len(term_ids):
            ids.append(term_ids)
            scores.append(_bm25(reader, fieldname, term_ids, weights, weight, count))
    if not ids:
        return np.zeros(count, dtype=np.int64), np.zeros(count, dtype=np.float64)
    ids = np.concatenate(ids)
    shared = np.bincount(ids, minlength=count)
    summed = np.bincount(ids, weights=np.concatenate(scores), minlength=count)
    shared[~live] = 0
    summed[~live] = 0
    return shared, summed


def postings(reader, fieldname, text):
    """(document numbers, weights) of a term over the whole reader, each segment's decoded once and kept
    (:mod:`.postinglists`): Whoosh's matcher decodes them one by one in Python (200 ms for a word in 60,000
    articles). Deleted documents are included (``live`` masks them); another codec falls back to the matcher."""
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if not segment_doc_frequency(leaf, fieldname, text):
            continue
        segment = segment_postings(leaf, fieldname, text)
        if segment is None:
            return _postings_one_by_one(reader, fieldname, text)
        ids.append(segment.ids + offset)
        weights.append(segment.weights)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _postings_one_by_one(reader, fieldname, text):
    items = list(reader.postings(fieldname, text).items_as("weight"))
    return (np.fromiter((docnum for docnum, _ in items), dtype=np.int64, count=len(items)),
            np.fromiter((weight for _, weight in items), dtype=np.float32, count=len(items)))


def _positions_one_by_one(reader, fieldname, text, wanted):
    """{document number: positions} of a term in the documents of ``wanted``, through Whoosh's matcher."""
    return {docnum: list(where) for docnum, where in reader.postings(fieldname, text).items_as("positions")
            if docnum in wanted}


def _term(query, reader, live):
    count = len(live)
    mask, scores = np.zeros(count, dtype=bool), np.zeros(count, dtype=np.float32)
    if not doc_frequency(reader, query.fieldname, query.text):
        return mask, scores
    ids, weights = postings(reader, query.fieldname, query.text)
    if not len(ids):
        return mask, scores
    mask[ids] = True
    scores[ids] = _bm25(reader, query.fieldname, ids, weights, query.boost, count)
    return mask & live, scores


def _bm25(reader, fieldname, ids, weights, boost, count):
    """BM25 scores of a term's postings among ``count`` documents (``boost`` the query's: the field's own is
    in the stored weights)."""
    idf = math.log(1 + (count - len(ids) + 0.5) / (len(ids) + 0.5))
    # BM25's length normalisation: a word in a short title or quote counts more than in a long campaign diary
    lengths = field_lengths(reader, fieldname)
    average = reader.field_length(fieldname) / max(count, 1) or 1.0
    norm = K1 * (1 - B + B * lengths[ids] / average) if len(lengths) == count else K1
    return boost * idf * weights * (K1 + 1) / (weights + norm)


def _phrase(query, reader, live):
    """Documents with the words in a row: candidates from the words' masks, where one position of each word
    follows the other's (positions decoded once per segment and kept, see :mod:`.postinglists`)."""
    parts = [_term(wq.Term(query.fieldname, word, boost=query.boost), reader, live) for word in query.words]
    mask = reduce(np.logical_and, (m for m, _ in parts))
    scores = reduce(np.add, (s for _, s in parts))
    if not mask.any():
        return mask, np.where(mask, scores, 0)
    # each word's (document, position - its place in the phrase): the phrase stands where all words share one
    keys = [_phrase_keys(reader, query.fieldname, word, place, mask) for place, word in enumerate(query.words)]
    in_a_row = np.zeros_like(mask)
    in_a_row[reduce(_common, keys) >> 32] = True
    mask &= in_a_row
    return mask, np.where(mask, scores, 0)


def _common(first, second):
    """The keys in both arrays of unique keys. Each word's keys come sorted (segments in order, documents
    and positions ascending), so one is looked up in the other by binary search: np.intersect1d sorted both
    again, a third of a common phrase's first run at 100,000 articles."""
    first, second = (keys if _ascending(keys) else np.sort(keys) for keys in (first, second))
    if len(first) > len(second):
        first, second = second, first
    if not len(second):
        return second
    where = np.minimum(np.searchsorted(second, first), len(second) - 1)
    return first[second[where] == first]


def _ascending(keys):
    return len(keys) < 2 or bool((keys[1:] > keys[:-1]).all())


def _phrase_keys(reader, fieldname, word, place, candidates):
    decode = reader.schema[fieldname].format.decode_positions
    keys = []
    for leaf, offset in reader.leaf_readers():
        if not segment_doc_frequency(leaf, fieldname, word):
            continue
        found = segment_positions(leaf, fieldname, word, decode)
        if found is None:  # a codec not read by block: positions of the candidates only, one by one
            wanted = set(np.flatnonzero(candidates).tolist())
            return _keys_of(_positions_one_by_one(reader, fieldname, word, wanted), place)
        docs, positions = found[0] + offset, found[1]
        kept = candidates[docs]
        keys.append((docs[kept] << 32) | (positions[kept] - place + (1 << 31)))
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


def _keys_of(found, place):
    docs = np.repeat(np.fromiter(found, dtype=np.int64, count=len(found)),
                     np.fromiter(map(len, found.values()), dtype=np.int64, count=len(found)))
    where = np.fromiter((p for ps in found.values() for p in ps), dtype=np.int64, count=len(docs))
    return (docs << 32) | (where - place + (1 << 31))


def top(scores, mask, limit):
    """Document numbers of the ``limit`` best scores among ``mask``, best first (ties: lower docnum).

    One total order whatever the limit, so the pages of a search never overlap: a partition alone keeps an
    arbitrary few of the documents tied at the limit's score, and a deeper page (a larger limit) may keep
    others, listing one article on two pages and another on none. Every document tied at the cut is kept
    before the order is taken."""
    candidates = np.flatnonzero(mask)
    if len(candidates) > limit:
        negated = -scores[candidates]
        cut = np.partition(negated, limit - 1)[limit - 1]
        candidates = candidates[negated <= cut]
    order = np.lexsort((candidates, -scores[candidates]))[:limit]
    return candidates[order]
