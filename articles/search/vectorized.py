"""Plain word queries answered with numpy over posting lists.

A query of words (an AND/OR tree of terms, which is what most searches are)
is evaluated as boolean masks and BM25-style scores over whole arrays, so the
count, the facets and the top 20 never walk the matches one by one in Python;
at 100,000 articles Whoosh's own matchers score every match of a common word.
Phrases are checked by position only among the documents that have all their
words. NOT, prefixes and the rest still go through Whoosh.
"""
from functools import reduce
import math

import numpy as np
from whoosh import query as wq

K1 = 1.2


def evaluate(query, reader, live):
    """``(mask, scores)`` for an AND/OR tree of terms over ``reader``; None for any other query."""
    if isinstance(query, wq.Term):
        return _term(query, reader, live)
    if isinstance(query, wq.Phrase) and query.slop == 1:
        return _phrase(query, reader, live)
    if type(query) in (wq.And, wq.Or):
        parts = [evaluate(child, reader, live) for child in query.children()]
        if not parts or any(part is None for part in parts):
            return None
        combine = np.logical_and if type(query) is wq.And else np.logical_or
        mask = reduce(combine, (m for m, _ in parts))
        scores = reduce(np.add, (s for _, s in parts))
        return mask, np.where(mask, scores, 0)
    return None


def _term(query, reader, live):
    count = len(live)
    mask, scores = np.zeros(count, dtype=bool), np.zeros(count, dtype=np.float32)
    if (query.fieldname, query.text) not in reader:
        return mask, scores
    items = list(reader.postings(query.fieldname, query.text).items_as("weight"))
    if not items:
        return mask, scores
    ids = np.fromiter((docnum for docnum, _ in items), dtype=np.int64, count=len(items))
    weights = np.fromiter((weight for _, weight in items), dtype=np.float32, count=len(items))
    idf = math.log(1 + (count - len(items) + 0.5) / (len(items) + 0.5))
    boost = query.boost  # the field's own boost is already in the stored weights
    mask[ids] = True
    scores[ids] = boost * idf * weights * (K1 + 1) / (weights + K1)
    return mask & live, scores


def _phrase(query, reader, live):
    """Documents with the words in a row: candidates from the words' masks, positions checked only there."""
    parts = [_term(wq.Term(query.fieldname, word, boost=query.boost), reader, live) for word in query.words]
    mask = reduce(np.logical_and, (m for m, _ in parts))
    scores = reduce(np.add, (s for _, s in parts))
    candidates = set(np.flatnonzero(mask).tolist())
    if not candidates:
        return mask, np.where(mask, scores, 0)
    positions = []
    for word in query.words:
        postings = reader.postings(query.fieldname, word).items_as("positions")
        positions.append({docnum: set(where) for docnum, where in postings if docnum in candidates})
    for docnum in candidates:
        first, rest = positions[0].get(docnum, ()), positions[1:]
        if not any(all(start + offset in later.get(docnum, ()) for offset, later in enumerate(rest, start=1))
                   for start in first):
            mask[docnum] = False
    return mask, np.where(mask, scores, 0)


def top(scores, mask, limit):
    """Document numbers of the ``limit`` best scores among ``mask``, best first (ties: lower docnum)."""
    candidates = np.flatnonzero(mask)
    if len(candidates) > limit:
        chosen = np.argpartition(-scores[candidates], limit - 1)[:limit]
        candidates = candidates[chosen]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order]
