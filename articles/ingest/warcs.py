"""Web archives as ingest input: ``.warc``, ``.warc.gz`` and ``.wacz`` files (what pywb, Webrecorder,
ArchiveBox and the Internet Archive produce).

Every HTML response record in them is an article to ingest, known by the archive file's name and the
record's address; other records (requests, images, scripts, metadata) are counted and skipped. A record is
found by where it starts, so reading one never reads the whole archive into memory.
"""
from contextlib import contextmanager
from dataclasses import dataclass
import gzip
import io
import zipfile

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

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


@contextmanager
def _opened(path, member):
    if not member:
        with open(path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        yield handle


def _members(path):
    if not path.name.lower().endswith(".wacz"):
        return [""]
    with zipfile.ZipFile(path) as archive:
        return sorted(name for name in archive.namelist()
                      if name.startswith("archive/") and name.lower().endswith((".warc", ".warc.gz")))


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


def list_records(path):
    """The HTML response records of a web archive file; a damaged tail ends the listing with ``error`` set."""
    listing = Listing([])
    try:
        members = _members(path)
    except (zipfile.BadZipFile, OSError) as error:
        return Listing([], error=f"not a readable WACZ (zip) file ({error})")
    for member in members:
        try:
            with _opened(path, member) as handle:
                iterator = ArchiveIterator(handle)
                for record in iterator:
                    html = _is_html_response(record)
                    iterator.read_to_end(record)
                    if html:
                        listing.records.append(Record(member, iterator.get_record_offset(),
                                                      iterator.get_record_length(),
                                                      record.rec_headers.get_header("WARC-Target-URI") or ""))
                    else:
                        listing.skipped += 1
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zipfile.BadZipFile) as error:
            where = f" ({member})" if member else ""
            listing.error = f"the web archive{where} is damaged after {len(listing.records)} page(s): {error}"
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


def read_record(path, record, max_bytes):
    """The response at ``record``: its payload decoded (chunking and content encoding undone)."""
    if record.length > 4 * max_bytes:  # compressed, so a page within the limit is far smaller than this
        raise ValueError(f"its record is {record.length:,} bytes, over four times the {max_bytes:,}-byte limit")
    with _opened(path, record.member) as handle:
        handle.seek(record.offset)
        raw = handle.read(record.length)
    found = next(iter(ArchiveIterator(io.BytesIO(raw))))
    payload = found.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise ValueError(f"its page is over {max_bytes:,} bytes")
    headers = found.http_headers
    content_type, charset = media_type(
        (headers.get_header("Content-Type") if headers else found.rec_headers.get_header("Content-Type")) or "")
    return Response(
        uri=found.rec_headers.get_header("WARC-Target-URI") or record.uri,
        date=found.rec_headers.get_header("WARC-Date") or "",
        status=int(headers.get_statuscode()) if headers else 200,
        content_type=content_type, charset=charset, payload=payload,
        raw=raw if raw.startswith(b"\x1f\x8b") else gzip.compress(raw),
    )

