"""An article's distinctive terms (Whoosh's Bo1 expansion model), with the index's term frequencies kept.

Related coverage weighs every word of an article against how often the archive uses it. Whoosh's expander
asks the reader twice per word (is the term there, how frequent is it), and a reader of several segments asks
each segment's hash table: under a load test with edits arriving, that was a tenth of a web worker's time.
A segment never changes once written, so a word's frequency in it is looked up once and kept.
"""
import sys

from whoosh import classify

from .termstats import read_whole, small_segment_terms

MAX_KEPT = 100_000  # (segment, field, word) frequencies, about 230 bytes each; all are dropped when there are more
NOT_THERE = (0, 0)

_frequencies = {}


class _KeptFrequencies:
    """The parts of a reader the expander reads, its term frequencies taken from (and added to) the kept ones."""

    def __init__(self, reader):
        self._reader = reader
        # one string per segment, not one per key: the kept keys share it
        self._leaves = [(leaf, sys.intern(leaf.segment().segment_id())) for leaf, _offset in reader.leaf_readers()]
        self._parts = {}  # {field: per segment in order, its whole term table if small (termstats), else (leaf, id)}
        self._totals = {}  # the expander asks twice a word: is it there, how frequent is it

    def __getattr__(self, name):  # schema, doc_count_all, field_length: as the reader has them
        return getattr(self._reader, name)

    def __contains__(self, term):
        return self.frequency(*term) > 0

    def frequency(self, fieldname, text):
        total = self._totals.get((fieldname, text))
        if total is None:
            total = self._totals[(fieldname, text)] = self._frequency(fieldname, text)
        return total

    def _frequency(self, fieldname, text):
        parts = self._parts.get(fieldname)
        if parts is None:
            parts = self._parts[fieldname] = [
                small_segment_terms(leaf, segment, fieldname) if read_whole(leaf, fieldname) else (leaf, segment)
                for leaf, segment in self._leaves]
        total = 0
        for part in parts:  # in the segments' order, as Whoosh sums them
            if type(part) is dict:
                total += part.get(text, NOT_THERE)[0]
                continue
            leaf, segment = part
            key = (segment, fieldname, text)
            found = _frequencies.get(key)
            if found is None:
                if len(_frequencies) >= MAX_KEPT:
                    _frequencies.clear()
                found = _frequencies[key] = leaf.frequency(fieldname, text)  # 0 when the segment lacks it
            total += found
        return total


def key_terms(searcher, fieldname, text, number):
    """[(term, weight)] of the ``number`` terms that most set ``text`` apart from the index's ``fieldname``."""
    reader = _KeptFrequencies(searcher.reader())
    expander = classify.Expander(reader, fieldname, model=classify.Bo1Model)
    expander.add(_weights(reader.schema[fieldname], text))
    return expander.expanded_terms(number, normalize=True)


def _weights(field, text):
    """[(word, weight)] of the text as ``field`` indexes it, words in order of first use, as Whoosh's
    ``Expander.add_text`` has them. That asked the field to index the text, which encodes every word's positions
    and characters for the index on the way: half of the expander's time, for values it throws away."""
    weights = {}
    for token in field.analyzer(text, mode="index"):
        if not token.stopped:
            weights[token.text] = weights.get(token.text, 0.0) + token.boost
    boost = field.format.field_boost
    return [(word, weight * boost) for word, weight in weights.items()]
