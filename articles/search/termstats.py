"""In how many documents each segment has a term, kept: a segment never changes once written.

Every search asks each segment's term table, several times a word: whether the word is there (to match it,
then again to read its postings) and in how many documents (the budget's estimate). Under make loadtest these
lookups were 6% of a web worker's time (py-spy, 1,468 samples), for the same few hundred words each time.
"""
MAX_KEPT = 500_000  # (segment, field, term) counts; all are dropped when there are more

_kept = {}


def segment_doc_frequency(leaf, fieldname, text):
    """How many documents of the segment ``leaf`` have the term (deleted ones included); 0 without it."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is None:  # an empty index's reader: no segment to keep anything for
        return _counted(leaf, fieldname, text)
    key = (segment.segment_id(), fieldname, text)
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        found = _kept[key] = _counted(leaf, fieldname, text)
    return found


def _counted(leaf, fieldname, text):
    return leaf.doc_frequency(fieldname, text) if (fieldname, text) in leaf else 0  # a field it lacks: 0


def doc_frequency(reader, fieldname, text):
    """How many documents of the whole reader have the term (deleted ones included), as Whoosh counts them."""
    return sum(segment_doc_frequency(leaf, fieldname, text) for leaf, _offset in reader.leaf_readers())
