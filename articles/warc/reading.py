"""Web archives as ingest input: ``.warc``, ``.warc.gz`` and ``.wacz`` files (what pywb, Webrecorder,
ArchiveBox and the Internet Archive produce).

Every HTML response record in them with an http(s) address is an article to ingest, known by the archive
file's name and the record's address; other records (requests, images, scripts, metadata, pages without an
http(s) address) are counted by reason and skipped. A record is found by where it starts, so reading one
never reads the whole archive into memory.

An archive is untrusted input, so every compressed stream in it is read under limits: a WACZ's zip member
may not declare more than ``MAX_RATIO`` times its compressed size (past ``RATIO_FLOOR`` bytes) nor more than
``MEMBER_FILES`` times ``NEWSROOM_MAX_FILE_BYTES``, which is refused before anything is decompressed; a
gzip member of a WARC (one record) may not expand past ``MAX_RATIO`` times its compressed size nor past
``RECORD_FILES`` times ``NEWSROOM_MAX_FILE_BYTES``; a header line may not be longer than ``MAX_LINE``. Past a
limit, or at a record cut short, the file's listing ends with an error (quoted in at most ``MAX_QUOTE``
characters) and the pages listed before it are kept.
"""
import base64
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
import gzip
import hashlib
import io
from urllib.parse import urlsplit
import zipfile

from django.conf import settings
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParserException

MAX_RATIO = 100  # text compresses 5 to 20 times; a stream of zeros, 1,000 times
RATIO_FLOOR = 1 << 20  # bytes expanded before the ratio is held against a stream
MEMBER_FILES = 1024  # a WACZ member is a whole WARC file: 5 GB at the default 5 MB per file
RECORD_FILES = 16  # a WARC record holds one response: 80 MB at the default 5 MB per file
MAX_LINE = 1 << 20  # bytes of one header line
MAX_QUOTE = 300  # characters of an error quoted in a failure line


class ArchiveLimit(ValueError):
    """A compressed stream past its limits: refused before it costs more."""


def brief(error):
    """An error as a failure line quotes it: its type when it says nothing, and never more than MAX_QUOTE."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE] + "…"


class _CappedReader(DecompressingBufferedReader):
    """warcio's reader of (gzip-compressed) WARC data, holding each gzip member to the limits and each line to
    MAX_LINE bytes."""

    def __init__(self, stream, *, max_bytes, **kwargs):
        super().__init__(stream, **kwargs)
        self.max_bytes = max_bytes
        self.member_in = self.member_out = 0

    def _init_decomp(self, decomp_type):
        super()._init_decomp(decomp_type)
        self.member_in = self.member_out = 0

    def _decompress(self, data):
        decompressor = self.decompressor
        expanded = super()._decompress(data)
        if decompressor is not None and self.decompressor is decompressor:
            self.member_in += len(data) - len(decompressor.unused_data)
            self.member_out += len(expanded)
            if self.member_out > self.max_bytes:
                raise ArchiveLimit(f"a record expands past {self.max_bytes:,} bytes")
            if self.member_out > RATIO_FLOOR and self.member_out > MAX_RATIO * max(self.member_in, 1):
                raise ArchiveLimit(f"a record expands over {MAX_RATIO} times its compressed size "
                                   "(a decompression bomb?)")
        return expanded

    def readline(self, length=None):
        return super().readline(min(length or MAX_LINE, MAX_LINE))


class _Loader(ArcWarcRecordLoader):
    """warcio's record parser, taking a record with no target address (which it fails on) and one whose HTTP
    headers do not parse as records without HTTP headers: skipped, and the records after them still read."""

    def load_http_headers(self, rec_type, uri, stream, length):
        try:
            return super().load_http_headers(rec_type, uri or "", stream, length)
        except StatusAndHeadersParserException:
            return None


class _CheckedIterator(ArchiveIterator):
    """warcio's ArchiveIterator through a :class:`_CappedReader`, refusing a record cut short (a truncated
    gzip member, or fewer bytes than its Content-Length) rather than taking what there is of it."""

    def __init__(self, handle, *, max_bytes):
        super().__init__(handle)
        self.loader = _Loader()
        self.reader = _CappedReader(self.fh, max_bytes=max_bytes, block_size=self.reader.block_size)

    def read_to_end(self, record=None):
        fresh = self.record is not None and not self.member_info
        super().read_to_end(record)
        if not fresh:
            return
        if getattr(self.record.raw_stream, "limit", 0) > 0:
            raise ArchiveLimit("a record is cut short (its content ends before its Content-Length)")
        decompressor = self.reader.decompressor
        if decompressor is not None and not decompressor.eof:
            raise ArchiveLimit("a record is cut short (its gzip member ends before its end)")

    def _consume_blanklines(self):
        """The blank lines after a record (warcio's, without writing a line it did not expect to stderr)."""
        empty_size, first_line = 0, True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if not line.rstrip() or first_line:
                empty_size += len(line)
                first_line = False
                continue
            return line, empty_size


def _record_limit(max_bytes=None):
    return RECORD_FILES * (max_bytes or settings.NEWSROOM_MAX_FILE_BYTES)


HTML_TYPES = ("text/html", "application/xhtml+xml")


def media_type(content_type):
    """("text/html", "utf-8") from a Content-Type header's value; "" for what it does not say."""
    kind, *parameters = content_type.split(";")
    charset = next((value.strip().strip("\"'") for key, _, value in (p.partition("=") for p in parameters)
                    if key.strip().lower() == "charset"), "")
    return kind.strip().lower(), charset


def is_web_archive(path):
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".wacz"))


@dataclass(frozen=True)
class Record:
    """Where an HTML response is: the member of a .wacz ("" for a WARC file) and the offset in it."""

    member: str
    offset: int
    length: int
    uri: str


@dataclass
class Listing:
    records: list
    skipped: int = 0
    error: str = ""
    reasons: Counter = field(default_factory=Counter)  # why records were skipped: {reason: how many}

    def skip(self, reason):
        self.skipped += 1
        self.reasons[reason] += 1


@contextmanager
def _opened(path, member):
    if not member:
        with open(path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        yield handle


def _members(path, max_bytes):
    """The WARC files inside a WACZ (``[""]``: the file itself is one), each refused by its declared sizes when it
    would expand past the limits (a zip member never yields more than it declares)."""
    if not path.name.lower().endswith(".wacz"):
        return [""]
    with zipfile.ZipFile(path) as archive:
        members = sorted((info for info in archive.infolist() if info.filename.startswith("archive/")
                          and info.filename.lower().endswith((".warc", ".warc.gz"))), key=lambda i: i.filename)
    for info in members:
        if info.file_size > MEMBER_FILES * max_bytes:
            raise ArchiveLimit(f"its member {info.filename[:100]} expands to {info.file_size:,} bytes, over "
                               f"{MEMBER_FILES} times the {max_bytes:,}-byte limit")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveLimit(f"its member {info.filename[:100]} expands {info.file_size:,} bytes from "
                               f"{info.compress_size:,}, over {MAX_RATIO} times (a decompression bomb?)")
    return [info.filename for info in members]


def _is_html_response(record):
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not headers.get_statuscode().startswith("2"):
            return False
        content_type = headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return False
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def web_address(uri):
    """Whether a record's target is a page on the web: an absolute http(s) address naming a host."""
    try:
        parts = urlsplit(uri.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def list_records(path, max_bytes=None):
    """The HTML response records of a web archive file, and why the others were skipped; a damaged tail or a
    stream past the limits ends the listing with ``error`` set (what was listed before it is kept)."""
    max_bytes = max_bytes or settings.NEWSROOM_MAX_FILE_BYTES
    listing = Listing([])
    try:
        members = _members(path, max_bytes)
    except ArchiveLimit as error:
        return Listing([], error=f"refused: {brief(error)}")
    except Exception as error:  # zipfile's, the file system's and whatever a hostile zip makes of them
        return Listing([], error=f"not a readable WACZ (zip) file ({brief(error)})")
    for member in members:
        try:
            with _opened(path, member) as handle:
                iterator = _CheckedIterator(handle, max_bytes=_record_limit(max_bytes))
                for record in iterator:
                    html = _is_html_response(record)
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    iterator.read_to_end(record)
                    if not web_address(uri):
                        listing.skip("no http(s) address")
                    elif not html:
                        listing.skip("not an HTML response")
                    else:
                        listing.records.append(Record(member, iterator.get_record_offset(),
                                                      iterator.get_record_length(), uri.strip()))
        except Exception as error:  # warcio's, zipfile's and the limits' alike: the pages before it are kept
            where = f" ({member[:100]})" if member else ""
            listing.error = f"the web archive{where} is damaged after {len(listing.records)} page(s): {brief(error)}"
            break
    return listing


@dataclass
class Response:
    uri: str
    date: str  # WARC-Date, ISO 8601
    status: int
    content_type: str
    charset: str
    payload: bytes
    raw: bytes  # the record as stored, one gzip member
    record_id: str = ""  # WARC-Record-ID, "" when the record has none
    payload_digest: str = ""  # WARC-Payload-Digest, worked out (sha1, base32) when the record has none


def read_record(path, record, max_bytes):
    """The response at ``record``: its payload decoded (chunking and content encoding undone)."""
    if record.length > 4 * max_bytes:  # compressed, so a page within the limit is far smaller than this
        raise ValueError(f"its record is {record.length:,} bytes, over four times the {max_bytes:,}-byte limit")
    with _opened(path, record.member) as handle:
        handle.seek(record.offset)
        raw = handle.read(record.length)
    found = next(iter(_CheckedIterator(io.BytesIO(raw), max_bytes=_record_limit(max_bytes))))
    payload = found.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise ValueError(f"its page is over {max_bytes:,} bytes")
    headers = found.http_headers
    record_id = (found.rec_headers.get_header("WARC-Record-ID") or "").strip()[:200]
    payload_digest = ((found.rec_headers.get_header("WARC-Payload-Digest") or "").strip()[:100]
                      or _payload_digest(raw, max_bytes))
    content_type, charset = media_type(
        (headers.get_header("Content-Type") if headers else found.rec_headers.get_header("Content-Type")) or "")
    return Response(
        uri=found.rec_headers.get_header("WARC-Target-URI") or record.uri,
        date=found.rec_headers.get_header("WARC-Date") or "",
        status=int(headers.get_statuscode()) if headers else 200,
        content_type=content_type, charset=charset, payload=payload,
        raw=raw if raw.startswith(b"\x1f\x8b") else gzip.compress(raw),
        record_id=record_id, payload_digest=payload_digest,
    )


def _payload_digest(raw, max_bytes):
    """The WARC-Payload-Digest a record without one would carry: the SHA-1 of its payload as sent (chunked or
    content-encoded as it was), in base 32, as warcio and the web archive indexers write it."""
    found = next(iter(_CheckedIterator(io.BytesIO(raw), max_bytes=_record_limit(max_bytes))))
    digest = hashlib.sha1()
    while chunk := found.raw_stream.read(1 << 16):
        digest.update(chunk)
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")

