"""The archive's WARC files (ISO 28500): every capture's requests and responses as sent over the wire.

A run writes one gzip-compressed WARC file under ``NEWSROOM_WARC_DIR``, one gzip member per record, so a
capture's records are a byte range that can be copied out as a valid WARC on their own (``export_warc``).
Every record is WARC/1.0 (warcio's version, which pywb and the Wayback Machine read), and the warcinfo record
opening a file says so. A page fetched again and found unchanged is a ``revisit`` record pointing at the
response it repeats, so the file keeps every check without keeping the same page twice; an answer cut at the
byte cap is kept as far as it was read, marked ``WARC-Truncated: length``.
Each capture is flushed and fsynced before the database refers to it: a run killed mid-write leaves at
most an unreferenced tail, never a capture pointing at bytes that are not on disk.
"""
import base64
from dataclasses import dataclass, replace
import datetime
import hashlib
import io
import os
from pathlib import Path
from urllib.parse import urlsplit
import uuid

from django.conf import settings
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def warc_dir():
    return Path(settings.NEWSROOM_WARC_DIR)


@dataclass(frozen=True)
class Location:
    """Where a capture's records are: all of them (``offset``, ``length``) and its final response, with the
    response's WARC-Record-ID and WARC-Payload-Digest (what an index of the file and a later ingest key on)."""

    file: str  # relative to NEWSROOM_WARC_DIR
    offset: int
    length: int
    response_offset: int
    response_length: int
    record_id: str
    payload_digest: str

    def capture_fields(self):
        """The Capture fields that say where its records are."""
        return {"warc_file": self.file, "warc_offset": self.offset, "warc_length": self.length,
                "response_offset": self.response_offset, "response_length": self.response_length,
                "record_id": self.record_id, "payload_digest": self.payload_digest}


@dataclass(frozen=True)
class Revisited:
    """The response a revisit record repeats: its address, its WARC-Date and its WARC-Payload-Digest."""

    uri: str
    date: str
    digest: str


WARC_FORMAT = "WARC File Format 1.0"  # the version warcio's writer gives every record
INFO = {"software": "newsroom (web archive of press coverage)", "format": WARC_FORMAT}


def payload_digest(body):
    """A body's WARC-Payload-Digest as warcio writes it ("sha1:" and base 32), to compare with a stored one."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _warc_date(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcFile:
    """The run's WARC file, created at its first record."""

    def __init__(self, directory=None):
        self.directory = Path(directory or warc_dir())
        self._handle = self._writer = None
        self.name = ""

    def _open(self):
        moment = datetime.datetime.now(datetime.timezone.utc)
        self.name = f"{moment:%Y/%m}/newsroom-{moment:%Y%m%d%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:8]}.warc.gz"
        path = self.directory / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(path, "xb")
        self._writer = WARCWriter(self._handle, gzip=True)
        self._writer.write_record(self._writer.create_warcinfo_record(path.name, INFO))

    def write(self, exchange, *, revisit_of=None):
        """Append a capture's request and response records (each redirect hop too); returns its Location.
        With ``revisit_of`` (a :class:`Revisited`) the final answer is written as a revisit record of it."""
        if self._handle is None:
            self._open()
        start = self._handle.tell()
        response_offset = start
        for position, hop in enumerate(exchange.hops, 1):
            response_offset = self._handle.tell()
            headers, response_length = self._write_hop(hop, revisit_of if position == len(exchange.hops) else None)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return Location(self.name, start, self._handle.tell() - start, response_offset, response_length,
                        headers.get_header("WARC-Record-ID") or "", headers.get_header("WARC-Payload-Digest") or "")

    def extended(self, location):
        """``location`` grown to hold every record written after it too (a page's requisites, written after the
        page), so copying a capture's records out copies them with it."""
        return replace(location, length=self._handle.tell() - location.offset)

    def append_raw(self, raw, record_id="", payload_digest=""):
        """Append one response record as stored elsewhere (a gzip member), known by its WARC-Record-ID and
        WARC-Payload-Digest; returns its Location."""
        if self._handle is None:
            self._open()
        start = self._handle.tell()
        self._handle.write(raw)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return Location(self.name, start, len(raw), start, len(raw), record_id, payload_digest)

    def write_record(self, uri, record_type, content_type, body, *, date, refers_to=""):
        """Append one record that is no HTTP exchange — a ``resource`` (a screenshot) or a ``conversion`` (a page
        as a browser rendered it, ``refers_to`` the WARC-Record-ID of the response it was made from), the body
        as it is; returns (its offset, its length as stored), synced to disk."""
        if self._handle is None:
            self._open()
        headers = {"WARC-Date": _warc_date(date)}
        if refers_to:
            headers["WARC-Refers-To"] = refers_to
        record = self._writer.create_warc_record(uri, record_type, payload=io.BytesIO(body),
                                                 length=len(body), warc_content_type=content_type,
                                                 warc_headers_dict=headers)
        start = self._handle.tell()
        self._writer.write_record(record)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return start, self._handle.tell() - start

    def _write_hop(self, hop, revisit_of):
        """The response (or revisit) record, then its request (pywb and the Wayback Machine index the response
        first); returns the response's WARC headers and its length as stored."""
        date = _warc_date(hop.fetched_at)
        http_headers = StatusAndHeaders(f"{hop.status} {hop.reason}".strip(), hop.headers,
                                        protocol=hop.http_version)
        warc_headers = {"WARC-Date": date}
        if hop.address:
            warc_headers["WARC-IP-Address"] = hop.address
        if revisit_of:
            response = self._writer.create_revisit_record(hop.url, revisit_of.digest, revisit_of.uri,
                                                          revisit_of.date, http_headers=http_headers,
                                                          warc_headers_dict=warc_headers)
        else:
            if hop.truncated:
                warc_headers["WARC-Truncated"] = hop.truncated
            response = self._writer.create_warc_record(hop.url, "response", payload=io.BytesIO(hop.body),
                                                       http_headers=http_headers, warc_headers_dict=warc_headers)
        start = self._handle.tell()
        self._writer.write_record(response)
        response_length = self._handle.tell() - start
        parts = urlsplit(hop.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = StatusAndHeaders(f"GET {target} {hop.http_version}", hop.request_headers,
                                           is_http_request=True)
        request = self._writer.create_warc_record(hop.url, "request", payload=io.BytesIO(b""),
                                                  http_headers=request_headers, warc_headers_dict={
                                                      "WARC-Date": date,
                                                      "WARC-Concurrent-To": response.rec_headers.get_header(
                                                          "WARC-Record-ID")})
        self._writer.write_record(request)
        return response.rec_headers, response_length

    def close(self):
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def resolve(name):
    """The path of a WARC file named relative to the WARC directory, never outside it."""
    root = warc_dir().resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise FileNotFoundError(f"no WARC file {name} under {root}")
    return path


def revisited(name, offset):
    """The :class:`Revisited` of the response record at ``offset``: what a revisit of it refers to."""
    with open(resolve(name), "rb") as handle:
        handle.seek(offset)
        headers = next(iter(ArchiveIterator(handle))).rec_headers
        return Revisited(headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "",
                         headers.get_header("WARC-Payload-Digest") or "")


def read_response(name, offset, max_bytes=None):
    """(the response's HTTP headers, its body decoded) from the record at ``offset``; with ``max_bytes``, a
    body that decodes to more is a ValueError (what was captured within the cap stays within it)."""
    return read_record(name, offset, "response", max_bytes)


def read_record(name, offset, record_type, max_bytes=None):
    """(HTTP headers, or for a record that is no HTTP exchange its WARC headers; its body) of the record of
    ``record_type`` at ``offset``: a ValueError for a record of another type or, with ``max_bytes``, a body
    over it."""
    with open(resolve(name), "rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        if record.rec_type != record_type:
            raise ValueError(f"{name}@{offset} is a {record.rec_type} record, not a {record_type}")
        headers = record.http_headers or record.rec_headers
        if max_bytes is None:
            return headers, record.content_stream().read()
        body = record.content_stream().read(max_bytes + 1)
        if len(body) > max_bytes:
            raise ValueError(f"{name}@{offset}: its body is over {max_bytes:,} bytes")
        return headers, body


def copy_range(name, offset, length, out, chunk=1 << 16):
    """Copy a capture's records, as stored, to ``out``."""
    with open(resolve(name), "rb") as handle:
        handle.seek(offset)
        left = length
        while left:
            data = handle.read(min(chunk, left))
            if not data:
                raise ValueError(f"{name} ends before {offset + length}: the file was cut short")
            out.write(data)
            left -= len(data)


def warcinfo(filename):
    """A warcinfo record opening an exported file."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record(filename, {
        **INFO, "description": "captures exported from newsroom"}))
    return buffer.getvalue()
