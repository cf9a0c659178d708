"""The index's on-disk postings, laid out so a search reads numbers instead of unpickling them.

Whoosh's codec pickles each block of 128 postings as one tuple (ids, weights, values), and each value (a
word's positions, with their characters in the body) is a pickle of its own. Profiled on 100,000 articles,
unpickling and decompressing those blocks was 100 of the 280 ms of a two-word search's first run, and a
phrase unpickled every value of both words. Here a block keeps its ids and weights apart from its values,
each part as little-endian integers (zlib-compressed like Whoosh's), so matching reads the ids and weights
with ``numpy.frombuffer`` and never touches the values, and a phrase reads a block's positions in one call.

Whoosh's own matchers read these blocks too (the ids, weights and values they expect), so every query and
merge works unchanged; a segment written by Whoosh's codec keeps being read by it.
"""
from pickle import dumps
import struct
import zlib

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, W3Codec, W3LeafMatcher, W3PostingsWriter, WHOOSH3_HEADER_MAGIC
from whoosh.util.numeric import length_to_byte

UINT = np.dtype("<u4")
_COUNT = struct.Struct("<I")
_BLOCK_HEADER = struct.Struct("<BBI")  # is the id-and-weight part compressed, is the values part, its length
_LEVEL = 3


class PackedPositions(formats.Positions):
    """A value is its positions as little-endian 32-bit integers after their count: no pickle to build or
    read. ``STRIDE`` integers per occurrence (here the position alone)."""

    STRIDE = 1

    def encode(self, poslist):
        return _COUNT.pack(len(poslist)) + struct.pack(f"<{len(poslist) * self.STRIDE}I", *self._flat(poslist))

    @staticmethod
    def _flat(poslist):
        return poslist

    def _numbers(self, valuestring):
        count = _COUNT.unpack_from(valuestring)[0]
        return struct.unpack_from(f"<{count * self.STRIDE}I", valuestring, _COUNT.size)

    def decode_frequency(self, valuestring):
        return _COUNT.unpack_from(valuestring)[0]

    def decode_positions(self, valuestring):
        return list(self._numbers(valuestring)[::self.STRIDE])


class PackedCharacters(PackedPositions, formats.Characters):
    """Each occurrence as (position, first character, character after the last)."""

    STRIDE = 3

    @staticmethod
    def _flat(poslist):
        return [number for occurrence in poslist for number in occurrence]

    def decode_characters(self, valuestring):
        numbers = self._numbers(valuestring)
        return list(zip(numbers[0::3], numbers[1::3], numbers[2::3]))


def packed(field):
    """``field`` (a Whoosh TEXT field) keeping its positions, and characters if it had them, packed."""
    kind = PackedCharacters if isinstance(field.format, formats.Characters) else PackedPositions
    field.format = kind(field_boost=field.format.field_boost)
    return field


def _squeeze(data):
    if len(data) < COMPRESSION_MIN_SIZE:
        return 0, data
    return 1, zlib.compress(data, _LEVEL)


def _unsqueeze(compressed, data):
    return zlib.decompress(data) if compressed else data


class PackedPostingsWriter(W3PostingsWriter):
    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = np.asarray(self._ids, dtype=np.int64)
        numbers = np.diff(ids, prepend=0).astype(UINT).tobytes() + np.asarray(self._weights, dtype="<f4").tobytes()
        numbers_compressed, numbers = _squeeze(numbers)
        values = self._values
        if values:
            values = np.fromiter(map(len, values), dtype=UINT, count=len(values)).tobytes() + b"".join(values)
        values_compressed, values = _squeeze(values or b"")
        databytes = _BLOCK_HEADER.pack(numbers_compressed, values_compressed, len(numbers)) + numbers + values
        # the block's statistics, as Whoosh's reader expects them (its compression entry unused here)
        infobytes = dumps((len(ids), int(ids[-1]), self._maxweight, 0, length_to_byte(self._minlength),
                          length_to_byte(self._maxlength)), 2)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class PackedLeafMatcher(W3LeafMatcher):
    """Whoosh's block reader over packed blocks, with the block's numbers for vectorised callers."""

    def _goto(self, position):
        super()._goto(position)
        self._arrays = None

    def _read_data(self):
        self._data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)

    def block_arrays(self):
        """(document numbers, weights) of the current block as numpy arrays; its values stay unread."""
        if self._arrays is None:
            if self._data is None:
                self._read_data()
            numbers_compressed, _, size = _BLOCK_HEADER.unpack_from(self._data)
            start = _BLOCK_HEADER.size
            numbers = _unsqueeze(numbers_compressed, self._data[start:start + size])
            count = self._blocklength
            ids = np.cumsum(np.frombuffer(numbers, dtype=UINT, count=count), dtype=np.int64)
            self._arrays = ids, np.frombuffer(numbers, dtype="<f4", count=count, offset=count * 4)
        return self._arrays

    def block_value_bytes(self):
        """(each value's length, the values one after another) of the current block."""
        if self._data is None:
            self._read_data()
        _, values_compressed, size = _BLOCK_HEADER.unpack_from(self._data)
        values = _unsqueeze(values_compressed, self._data[_BLOCK_HEADER.size + size:])
        count = self._blocklength
        if not values:
            return np.zeros(count, dtype=np.int64), b""
        return np.frombuffer(values, dtype=UINT, count=count).astype(np.int64), values[count * 4:]

    def block_positions(self):
        """(document number, position) pairs of every occurrence in the current block, as two arrays."""
        ids, _ = self.block_arrays()
        lengths, values = self.block_value_bytes()
        stride = self.format.STRIDE
        numbers = np.frombuffer(values, dtype=UINT).astype(np.int64)
        counts = (lengths // 4 - 1) // stride
        keep = np.ones(len(numbers), dtype=bool)
        keep[np.cumsum(lengths // 4) - lengths // 4] = False  # each value's leading count
        return np.repeat(ids, counts), numbers[keep][::stride]

    def _read_ids(self):
        self._ids = tuple(self.block_arrays()[0].tolist())

    def _read_weights(self):
        self._weights = self.block_arrays()[1].tolist()

    def _read_values(self):
        lengths, values = self.block_value_bytes()
        if not values:
            self._values = (None,) * self._blocklength
            return
        ends = np.cumsum(lengths).tolist()
        self._values = tuple(values[start:end] for start, end in zip([0, *ends[:-1]], ends))


class PackedCodec(W3Codec):
    """Whoosh's codec with packed postings blocks; term vectors and single postings stay as Whoosh writes them."""

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: Whoosh's own blocks
            return super().postings_writer(dbfile, byteids=True)
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=self._compression,
                                    inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
