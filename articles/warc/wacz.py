"""Captures out as one WACZ file (Web Archive Collection Zipped, 1.1.1): what ReplayWeb.page opens as it is,
and pywb and the Webrecorder tools read, with the index and the list of pages they would otherwise build.

The zip holds the WARC (``archive/data.warc.gz``, stored uncompressed so a reader can fetch one record by its
offset), its CDXJ index (``indexes/index.cdxj``), the pages (``pages/pages.jsonl``: address, time and title of
each capture), ``datapackage.json`` naming each of them with its SHA-256 and size, and
``datapackage-digest.json`` with the SHA-256 of that. The WARC and the pages go to temporary files beside the
output and the index is sorted through runs on disk, so nothing is held whole in memory; the WACZ is written
under a ``.part`` name and renamed when it is complete: a failed export leaves nothing behind.
"""
import datetime
import hashlib
import json
import os
from pathlib import Path
import tempfile
import zipfile

from .cdxj import index_lines, sorted_lines
from .export import warc_chunks

WACZ_VERSION = "1.1.1"
WARC_MEMBER = "archive/data.warc.gz"
SOFTWARE = "newsroom (web archive of press coverage)"
MAX_TITLE = 500  # characters of a page's title in pages.jsonl


def _iso(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _page(capture):
    title = (getattr(capture, "title", "") or "")[:MAX_TITLE]
    return {"url": capture.url, "ts": _iso(capture.captured_at), **({"title": title} if title else {})}


class _Hashed:
    """A file being written, with the SHA-256 and size of what was written."""

    def __init__(self, handle):
        self.handle, self.sha256, self.size = handle, hashlib.sha256(), 0

    def write(self, data):
        data = data.encode("utf-8") if isinstance(data, str) else data
        self.handle.write(data)
        self.sha256.update(data)
        self.size += len(data)


def _resource(path, hashed):
    return {"name": Path(path).name, "path": path, "hash": f"sha256:{hashed.sha256.hexdigest()}",
            "bytes": hashed.size}


def _info(path, compress=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(path, date_time=datetime.datetime.now(datetime.timezone.utc).timetuple()[:6])
    info.compress_type = compress
    return info


def _write_member(archive, path, lines, resources):
    """Write ``lines`` (str or bytes) as the member ``path`` and name it among ``resources``."""
    with archive.open(_info(path), "w", force_zip64=True) as member:
        hashed = _Hashed(member)
        for text in lines:
            hashed.write(text)
    resources.append(_resource(path, hashed))


def write_wacz(output, captures, *, title="newsroom captures", missing=None, on_capture=None):
    """Write ``captures`` (Capture-like: ``warc_file``, ``warc_offset``, ``warc_length``, ``url``,
    ``captured_at`` and, when annotated, ``title``) to ``output`` as a WACZ; returns how many were written. A
    capture whose WARC file is gone or cut short is left out and added to ``missing``; ``on_capture(count)`` is
    called after each capture read. Memory stays flat in the number of captures: the WARC and the pages go to
    temporary files as each capture is read, and the index is sorted through runs on disk."""
    output = Path(output)
    missing = [] if missing is None else missing
    partial = output.with_name(output.name + ".part")
    written = 0

    with (tempfile.TemporaryFile(dir=output.parent, prefix=f".{output.name}.", suffix=".warc") as warc,
          tempfile.TemporaryFile("w+", encoding="utf-8", dir=output.parent, prefix=f".{output.name}.",
                                 suffix=".jsonl") as pages):
        pages.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All pages"}) + "\n")

        def passing():
            nonlocal written
            for count, capture in enumerate(captures, 1):
                left_out = len(missing)
                yield capture  # warc_chunks copies its records, or adds it to ``missing``
                if len(missing) == left_out:
                    pages.write(json.dumps(_page(capture), ensure_ascii=False) + "\n")
                    written += 1
                if on_capture:
                    on_capture(count)

        hashed = _Hashed(warc)
        for chunk in warc_chunks(passing(), "data.warc.gz", missing):
            hashed.write(chunk)
        try:
            with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
                resources = [_resource(WARC_MEMBER, hashed)]
                warc.seek(0)
                with archive.open(_info(WARC_MEMBER, zipfile.ZIP_STORED), "w", force_zip64=True) as member:
                    while data := warc.read(1 << 20):
                        member.write(data)
                warc.seek(0)
                _write_member(archive, "indexes/index.cdxj",
                              (f"{text}\n" for text in sorted_lines(index_lines(warc, "data.warc.gz"))), resources)
                pages.seek(0)
                _write_member(archive, "pages/pages.jsonl", pages, resources)
                created = _iso(datetime.datetime.now(datetime.timezone.utc))
                package = json.dumps({
                    "profile": "data-package", "wacz_version": WACZ_VERSION, "title": title, "created": created,
                    "modified": created, "software": SOFTWARE, "resources": resources,
                }, indent=2).encode("utf-8")
                archive.writestr(_info("datapackage.json"), package)
                archive.writestr(_info("datapackage-digest.json"), json.dumps({
                    "path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(package).hexdigest()}",
                }, indent=2))
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return written
