"""When a commit merges the index's segments: by size tiers, so a document is rewritten a few times in its
life rather than every few edits.

Whoosh's default policy merges the smallest segments whenever five of them together hold fewer documents
than a Fibonacci bound, so the segment that collects edits is merged again every five or six commits, a
little larger each time. Under make loadtest (an edit every half second, an ingest beside it) those merges
were 0.5, then 1.5, then 1.9 s of CPU each, and the editing process took a tenth of the machine from the web
workers. Here segments are merged the way Lucene's log merge policy does: grouped by the order of magnitude
of their live documents (base ``FANOUT``), and the segments of one tier merged only once there are
``FANOUT`` of them (the policy sees the segments before the commit's own). A document is then rewritten once
per tier it climbs, the index never holds more than ``FANOUT`` segments of a tier, and a segment whose every
document was deleted is dropped without a merge.
"""
from whoosh.reading import SegmentReader

FANOUT = 8


def tier(live_documents):
    """The size tier of a segment: 0 below ``FANOUT`` live documents, 1 below ``FANOUT`` squared, …"""
    level, bound = 0, FANOUT
    while live_documents >= bound:
        level, bound = level + 1, bound * FANOUT
    return level


def merge_by_tier(writer, segments):
    """Whoosh's merge policy interface: merge what is due into ``writer``, return the segments kept as they are."""
    tiers = {}
    for segment in segments:
        if segment.doc_count():
            tiers.setdefault(tier(segment.doc_count()), []).append(segment)
    merged = [segment for group in tiers.values() if len(group) >= FANOUT for segment in group]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    # the rest in their order: a document's number (and so ties in date order) stays as it was
    return [segment for segment in segments if segment.doc_count() and segment not in merged]
