"""Facet counting over the index's columns, disjunctive as in Aleph: values
within a facet combine with OR, facets with AND, and each facet's counts
ignore its own selection (picking Poland still shows Japan's count).
"""
from collections import Counter

from .schema import FACETS, HISTOGRAM

COLUMNS = {**{facet: spec[0] for facet, spec in FACETS.items()}, HISTOGRAM: HISTOGRAM}


def _split(raw):
    if isinstance(raw, int):
        return (str(raw),) if raw else ()
    return tuple(v for v in (raw or "").split(",") if v)


class FacetCache:
    """Per searcher: each document's facet values, and each value's documents."""

    def __init__(self, searcher):
        reader = searcher.reader()
        self.values, self.postings = {}, {}
        for facet, fieldname in COLUMNS.items():
            column = reader.column_reader(fieldname)
            values, postings = [], {}
            for docnum in range(reader.doc_count_all()):
                try:
                    items = _split(column[docnum])
                except IndexError:  # a document written without this field
                    items = ()
                values.append(items)
                for item in items:
                    postings.setdefault(item, set()).add(docnum)
            self.values[facet], self.postings[facet] = values, postings


def count_facets(cache, docs, filters):
    """(matching documents, {facet: [(value, count), …] most frequent first, selected values kept})."""
    selected_docs = {}
    for facet, chosen in filters.items():
        if facet in cache.postings and chosen:
            union = set()
            for value in chosen:
                union |= cache.postings[facet].get(value, set())
            selected_docs[facet] = union
    matched = set(docs)
    for subset in selected_docs.values():
        matched &= subset
    facets = {}
    for facet in FACETS:
        base = set(docs)
        for other, subset in selected_docs.items():
            if other != facet:
                base &= subset
        values = cache.values[facet]
        counts = Counter(value for docnum in base for value in values[docnum])
        for value in filters.get(facet, []):
            counts.setdefault(value, 0)
        facets[facet] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    months = cache.values[HISTOGRAM]
    facets[HISTOGRAM] = sorted(Counter(v for docnum in matched for v in months[docnum]).items())
    return matched, facets
