"""CDXJ index lines, the index pywb, the Webrecorder tools and WACZ files use: one line per archived response,
``<SURT key> <14-digit UTC timestamp> <JSON>``, sorted by key then time, so a reader finds every capture of an
address by a binary search and the record itself by its file, offset and length."""
import datetime
import heapq
import json
import re
import tempfile
from urllib.parse import quote, urlsplit

from warcio.archiveiterator import ArchiveIterator

from .reading import media_type

KEY_SAFE = "/?=&,:;%@!$'()*+~-._"  # what a key keeps as it is; the rest (spaces included) is percent-encoded
WWW_RE = re.compile(r"www\d*")
DEFAULT_PORTS = {"http": 80, "https": 443}
SORT_CHUNK = 100_000  # lines sorted in memory at a time; a larger index is merged from sorted runs on disk
INDEXED = ("response", "resource", "revisit")


def surt(url):
    """The Sort-friendly URI Reordering Transform of an address, as pywb's and the WACZ tools' indexer (the
    ``surt`` package) writes it: ``https://www.Example.org:8443/News?b=2&a=1`` is
    ``org,example:8443)/news?a=1&b=2`` — scheme and ``www`` dropped, host labels (an IP address's numbers too)
    reversed, the default port dropped, query parameters sorted, what is not ASCII percent-encoded, all in
    lower case."""
    parts = urlsplit(url.strip())
    labels = (parts.hostname or "").rstrip(".").split(".")
    if len(labels) > 1 and WWW_RE.fullmatch(labels[0]):
        labels = labels[1:]
    host = ",".join(reversed(labels))
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host += f":{port}"
    query = "&".join(sorted(pair for pair in parts.query.lower().split("&") if pair))
    return quote(f"{host}){parts.path or '/'}{'?' + query if query else ''}", safe=KEY_SAFE).lower()


def timestamp(moment):
    """A moment as the 14 digits of its UTC time (``20250506070809``)."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")


def warc_timestamp(warc_date):
    """A WARC-Date (``2025-05-06T07:08:09Z``, maybe with fractions of a second) as 14 digits."""
    try:
        moment = datetime.datetime.fromisoformat(warc_date.strip())
    except ValueError:
        return re.sub(r"\D", "", warc_date)[:14].ljust(14, "0")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return timestamp(moment)


def line(url, when, *, mime, status, digest, length, offset, filename):
    """One CDXJ line: ``when`` is 14 digits; the numbers are written as strings, as pywb writes them."""
    fields = {"url": url, "mime": mime or "unk", "status": str(status or "-"), "digest": digest or "-",
              "length": str(length), "offset": str(offset), "filename": filename}
    return f"{surt(url)} {when} {json.dumps(fields, ensure_ascii=False)}"


def _record_line(record, offset, length, filename):
    headers = record.http_headers
    if record.rec_type == "resource" or headers is None:
        status, content_type = ("200" if record.rec_type == "resource" else "-"), record.content_type or ""
    else:
        status, content_type = headers.get_statuscode(), headers.get_header("Content-Type") or ""
    mime = "warc/revisit" if record.rec_type == "revisit" else media_type(content_type)[0]
    warc = record.rec_headers
    return line(warc.get_header("WARC-Target-URI").strip(), warc_timestamp(warc.get_header("WARC-Date") or ""),
                mime=mime, status=status, digest=warc.get_header("WARC-Payload-Digest") or "", length=length,
                offset=offset, filename=filename)


def index_lines(handle, filename):
    """The CDXJ lines of a WARC file's responses (unsorted), in the order of its records."""
    records = ArchiveIterator(handle)
    for record in records:
        target = record.rec_headers.get_header("WARC-Target-URI") or ""
        records.read_to_end(record)
        if record.rec_type in INDEXED and target.strip():
            yield _record_line(record, records.get_record_offset(), records.get_record_length(), filename)


def sorted_lines(lines, chunk=SORT_CHUNK):
    """``lines`` in byte order (what a CDXJ reader's binary search expects), holding at most ``chunk`` of them
    in memory: longer runs are sorted a chunk at a time into temporary files and merged."""
    runs, batch = [], []
    try:
        for text in lines:
            batch.append(text)
            if len(batch) >= chunk:
                runs.append(_spill(sorted(batch, key=str.encode)))
                batch = []
        batch.sort(key=str.encode)
        if not runs:
            yield from batch
            return
        for run in runs:
            run.seek(0)
        yield from heapq.merge(batch, *((text.rstrip("\n") for text in run) for run in runs), key=str.encode)
    finally:
        for run in runs:
            run.close()


def _spill(lines):
    run = tempfile.TemporaryFile("w+", encoding="utf-8")
    run.writelines(f"{text}\n" for text in lines)
    return run
