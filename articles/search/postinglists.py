"""Posting lists decoded once per segment and kept, with where each of their blocks lies in the file.

A segment never changes once written, so a term's document numbers and weights in it can be decoded
once and reused by every later search until the segment is merged away (a new segment has a new id).
Profiled on 100,000 articles, decompressing and unpickling the same blocks again was most of a two-word
search's time; finding a hit's character positions for its snippet walked the blocks one by one from the
start of the list (160 blocks a word). The blocks' file positions are kept too, so the values of one
document (its positions and characters) are read from the one block that holds it. The cache is bounded in
bytes (``MAX_BYTES``: its arrays' bytes and each entry's Python objects, estimated), least recently used first
out.
"""
from dataclasses import dataclass

import numpy as np

from ..kernel.lru import WeighedLRU
from .codec import PackedLeafMatcher, PackedPositions
from .termstats import segment_doc_frequency

MAX_BYTES = 32 * 1024 * 1024  # at 100,000 articles, 64 MB held ~40 MB more of a worker than the speed it bought
ENTRY_BYTES = 400  # a kept entry's key, tuple and array headers
VALUE_BYTES = 130  # one document's value in a block: its bytes object's header, its number and the dict's slot

_cache = WeighedLRU(MAX_BYTES)  # weighed in bytes


@dataclass(frozen=True)
class SegmentPostings:
    ids: np.ndarray  # document numbers within the segment, ascending (deleted documents included)
    weights: np.ndarray
    block_last: np.ndarray  # the last document number of each block
    block_offsets: tuple  # each block's position in the postings file


def _block_matcher(leaf, fieldname, text):
    """The segment's own block reader for a term; None where the codec offers none (or ids are not numbers)."""
    matcher = leaf.postings(fieldname, text)
    matcher = getattr(matcher, "child", matcher)  # a segment with deletions wraps its matcher
    if not hasattr(matcher, "_read_data") or getattr(matcher, "_byteids", None):
        return None
    # the deletions wrapper has moved its child past deleted documents, maybe past whole blocks: rewind
    matcher._atend = matcher._lastblock = False
    matcher._goto(matcher._baseoffset)
    return matcher


def _block_numbers(matcher):
    """(document numbers, weights) of the matcher's current block, as arrays."""
    if isinstance(matcher, PackedLeafMatcher):
        return matcher.block_arrays()
    if matcher._data is None:
        matcher._read_data()
    deltas, weights = matcher._data[0], matcher._data[1]
    ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
    if weights is None or isinstance(weights, float):
        return ids, np.full(len(ids), weights or 1.0, dtype=np.float32)
    return ids, np.asarray(weights, dtype=np.float32)


def _read(leaf, fieldname, text):
    matcher = _block_matcher(leaf, fieldname, text)
    if matcher is None:
        return None
    ids, weights, last, offsets = [], [], [], []
    position = matcher._baseoffset
    while matcher.is_active():
        block_ids, block_weights = _block_numbers(matcher)
        ids.append(block_ids)
        weights.append(block_weights)
        last.append(int(block_ids[-1]))
        offsets.append(position)
        position = matcher._nextoffset
        matcher._next_block()
    if not ids:
        return SegmentPostings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32),
                               np.zeros(0, dtype=np.int64), ())
    return SegmentPostings(np.concatenate(ids), np.concatenate(weights).astype(np.float32, copy=False),
                           np.asarray(last, dtype=np.int64), tuple(offsets))


def segment_postings(leaf, fieldname, text):
    """A term's :class:`SegmentPostings` in one segment (None when the term is not there or the codec
    cannot be read by block)."""
    if not segment_doc_frequency(leaf, fieldname, text):
        return None
    key = (leaf.segment().segment_id(), fieldname, text)
    found = _cache.get(key)
    if found is not None:
        return found
    found = _read(leaf, fieldname, text)
    if found is None:
        return None
    weight = found.ids.nbytes + found.weights.nbytes + found.block_last.nbytes + 40 * len(found.block_offsets)
    return _cache.put(key, found, weight + ENTRY_BYTES)


def segment_positions(leaf, fieldname, text, decode):
    """(document numbers, positions): every position of a term in one segment, one entry per position,
    decoded once and kept like the postings (a phrase then needs no decoding at all); None when the
    segment cannot be read by block."""
    if not segment_doc_frequency(leaf, fieldname, text):
        return None
    key = (leaf.segment().segment_id(), fieldname, text, "positions")
    found = _cache.get(key)
    if found is not None:
        return found
    matcher = _block_matcher(leaf, fieldname, text)
    if isinstance(matcher, PackedLeafMatcher) and isinstance(matcher.format, PackedPositions):
        blocks = []  # packed positions: a block's in one call
        while matcher.is_active():
            blocks.append(matcher.block_positions())
            matcher._next_block()
        docs, positions = (np.concatenate(parts) for parts in zip(*blocks))
        return _cache.put(key, (docs, positions), docs.nbytes + positions.nbytes + ENTRY_BYTES)
    postings = segment_postings(leaf, fieldname, text)
    if postings is None:
        return None
    # every block of the term, decoded into positions: its raw values are not kept beside them
    values = values_of(leaf, fieldname, text, postings.ids.tolist(), keep=False)
    decoded = [decode(values[docnum]) for docnum in postings.ids.tolist()]
    docs = np.repeat(postings.ids, [len(where) for where in decoded])
    positions = np.fromiter((p for where in decoded for p in where), dtype=np.int64, count=len(docs))
    return _cache.put(key, (docs, positions), docs.nbytes + positions.nbytes + ENTRY_BYTES)


def values_of(leaf, fieldname, text, docnums, *, keep=True):
    """{document number in the segment: its encoded value (positions, characters)} for the documents of
    ``docnums`` that have the term, reading only the blocks that hold them (and keeping them, unless not
    ``keep``); None when the segment cannot be read by block."""
    postings = segment_postings(leaf, fieldname, text)
    if postings is None:
        return None if (fieldname, text) in leaf else {}
    wanted = np.asarray(sorted(docnums), dtype=np.int64)
    blocks = np.searchsorted(postings.block_last, wanted)
    inside = blocks < len(postings.block_offsets)
    wanted, blocks = wanted[inside], blocks[inside]
    found = {}
    if not len(wanted):
        return found
    firsts = np.flatnonzero(np.r_[True, blocks[1:] != blocks[:-1]])  # where each block's documents begin
    segment = leaf.segment().segment_id()
    for block, in_block in zip(blocks[firsts].tolist(), np.split(wanted, firsts[1:])):
        values = _block_values(leaf, segment, fieldname, text, postings.block_offsets[block], keep)
        for docnum in in_block.tolist():
            if docnum in values:
                found[docnum] = values[docnum]
    return found


def _block_values(leaf, segment, fieldname, text, offset, keep):
    """{document number: encoded value} of one block, decoded once and kept: the first results of a common
    word are the same documents search after search, and decompressing and unpickling their block again was
    most of a page's snippet time. A value weighs its bytes and ``VALUE_BYTES`` in the cache's bound."""
    key = (segment, fieldname, text, "values", offset)
    found = _cache.get(key)
    if found is not None:
        return found
    matcher = _block_matcher(leaf, fieldname, text)
    matcher._goto(offset)
    matcher._read_values()
    values = dict(zip(_block_numbers(matcher)[0].tolist(), matcher._values))
    if not keep:
        return values
    weight = sum(len(value) for value in values.values() if isinstance(value, bytes)) + VALUE_BYTES * len(values)
    return _cache.put(key, values, weight + ENTRY_BYTES)
