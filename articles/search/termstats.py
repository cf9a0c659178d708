"""In how many documents each segment has a term, kept: a segment never changes once written.

Every search asks each segment's term table, several times a word: whether the word is there (to match it,
then again to read its postings) and in how many documents (the budget's estimate). Under make loadtest these
lookups were 6% of a web worker's time (py-spy, 1,468 samples), for the same few hundred words each time.
"""
import sys

from whoosh.fields import TEXT

from ..kernel.lru import WeighedLRU

MAX_KEPT = 100_000  # (segment, field, term) counts, about 230 bytes each; all are dropped when there are more
SMALL_SEGMENT = 1000  # documents: a segment this small has its whole term table read at once
MAX_SMALL_TERMS = 100_000  # terms of small segments' tables kept, about 150 bytes each (a search asks ten
# fields of each segment)

_kept = {}
_small_segments = WeighedLRU(MAX_SMALL_TERMS)


def segment_doc_frequency(leaf, fieldname, text):
    """How many documents of the segment ``leaf`` have the term (deleted ones included); 0 without it."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is None:  # an empty index's reader: no segment to keep anything for
        return _counted(leaf, fieldname, text)
    key = (sys.intern(segment.segment_id()), fieldname, text)  # one string per segment, not one per key
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        if read_whole(leaf, fieldname):
            term = leaf.schema[fieldname].to_bytes(text) if isinstance(text, str) else text
            found = small_segment_terms(leaf, key[0], fieldname).get(term, (0, 0))[1]
        else:
            found = _counted(leaf, fieldname, text)
        _kept[key] = found
    return found


def read_whole(leaf, fieldname):
    """Whether the segment's table of this field is read whole (:func:`small_segment_terms`): a small segment's,
    of a text field (a number's terms are encoded, not words)."""
    return leaf.doc_count_all() <= SMALL_SEGMENT and fieldname in leaf.schema and type(leaf.schema[fieldname]) is TEXT


def small_segment_terms(leaf, segment, fieldname):
    """{term: (frequency, documents)} of a small segment's field, read whole once: edits arriving every
    second each write a segment of a few documents, and looking every word of an article up in each of them
    one by one (most of them missing) cost more than the large segments' lookups."""
    key = (segment, fieldname)
    found = _small_segments.get(key)
    if found is None:
        found = {text: (info.weight(), info.doc_frequency()) for text, info in leaf.iter_field(fieldname)}
        _small_segments.put(key, found, len(found) + 1)
    return found


def _counted(leaf, fieldname, text):
    return leaf.doc_frequency(fieldname, text) if (fieldname, text) in leaf else 0  # a field it lacks: 0


def doc_frequency(reader, fieldname, text):
    """How many documents of the whole reader have the term (deleted ones included), as Whoosh counts them."""
    return sum(segment_doc_frequency(leaf, fieldname, text) for leaf, _offset in reader.leaf_readers())
