"""From an address to an article: fetch, keep as WARC, clean, extract and store like a saved page."""
from dataclasses import dataclass, field
import hashlib
import logging
from pathlib import PurePosixPath

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..ingest import IngestError, clean_source, extract
from ..ingest.collections import captures as captures_collection
from ..ingest.prepare import one_line
from ..ingest.reading import decode_declared, text_source
from ..ingest.urls import normalise
from ..warc.files import WarcFile
from .addresses import AddressRefused, check_scheme
from .fetch import CaptureError, Fetcher, decoded

logger = logging.getLogger(__name__)
HTML_TYPES = {"text/html", "application/xhtml+xml", ""}


@dataclass
class CaptureReport:
    captured: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)
    captures: list = field(default_factory=list)

    def summary(self):
        return (f"{self.captured + self.updated + self.unchanged + self.duplicates + self.failed} addresses: "
                f"captured {self.captured}, updated {self.updated}, unchanged {self.unchanged}, "
                f"duplicates {self.duplicates}, failed {self.failed}")


def capture_urls(urls, *, fetcher=None, on_url=None):
    """Capture each address; one that fails is reported (``on_url(url, "failed", reason)``) and the rest go on."""
    from ..search import indexing

    from ..ingest.store import Directory

    report = CaptureReport()
    directory = None  # the archive's outlets, people and names, loaded once (as by the ingest)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    warc = WarcFile()
    try:
        with indexing.batched():
            for url in urls:
                directory = directory or Directory()
                try:
                    status, capture = capture_one(url, fetcher, warc, directory)
                except (CaptureError, AddressRefused, IngestError) as error:
                    status, reason = "failed", str(error)
                except Exception as error:  # a bug or an input no rule foresaw: this address fails, the run goes on
                    logger.exception("capturing %s failed", url)
                    status, reason = "failed", f"{url}: {one_line(error)}"
                    directory = None  # its transaction rolled back: what the directory learnt may not be stored
                if status == "failed":
                    report.failed += 1
                    report.errors.append(reason)
                    if on_url:
                        on_url(url, status, reason)
                    continue
                setattr(report, status, getattr(report, status) + 1)
                report.captures.append(capture)
                if on_url:
                    on_url(url, status, capture.article.title if capture.article else capture.url)
    finally:
        warc.close()
        if own_fetcher:
            fetcher.close()
    return report


def capture_one(url, fetcher, warc, directory):
    """(status, Capture) for one address: "captured", "updated", "unchanged" or "duplicates"."""
    from ..ingest import store as storing
    from ..models import Capture

    requested = check_scheme(url.strip())
    key = normalise(requested)
    exchange = fetcher.fetch(requested)
    final = exchange.final
    if final.status != 200:
        raise CaptureError(f"{requested}: the server answered {final.status} {final.reason}".rstrip())
    if final.content_type not in HTML_TYPES:
        raise CaptureError(f"{requested}: not an HTML page ({final.content_type})")
    payload = decoded(final, fetcher.max_bytes)
    payload_hash = hashlib.sha256(payload).hexdigest()
    final_key = normalise(final.url)
    previous = (Capture.objects.filter(Q(normalized_url=key) | Q(normalized_url=final_key) | Q(url=final.url))
                .select_related("article").first())
    now = timezone.now()
    if previous and previous.content_hash == payload_hash:
        previous.last_checked, previous.checks = now, F("checks") + 1
        previous.save(update_fields=["last_checked", "checks"])  # a signal: readers' pages show the check
        previous.refresh_from_db(fields=["checks"])
        return "unchanged", previous

    try:
        text = decode_declared(payload, final.charset)[0]
    except ValueError as error:
        raise CaptureError(f"{final.url}: {error}") from None
    name = previous.article.source_file if previous and previous.article else key[:1000]
    source = text_source(PurePosixPath(key), "html", text, name)
    document = clean_source(source)
    document.source_url = final.url[:500]
    extraction = extract(document)
    location = warc.write(exchange)  # on disk before the database refers to it
    with transaction.atomic():
        outcome = storing.store(source, document, extraction, directory, captures_collection())
        if outcome.status == "deleted":
            raise CaptureError(f"{requested}: an editor deleted this page's article; it is not captured again")
        capture = Capture.objects.create(
            article=outcome.article, requested_url=requested, url=final.url, normalized_url=key,
            status=final.status, content_type=final.content_type[:200], content_hash=payload_hash,
            captured_at=final.fetched_at, last_checked=now, **location.capture_fields())
    status = {"created": "captured", "duplicate": "duplicates", "unchanged": "updated"}.get(outcome.status,
                                                                                           outcome.status)
    return status, capture

