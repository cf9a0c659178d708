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
from ..ingest.urls import normalise, page_address
from ..warc.files import WarcFile, payload_digest, revisited
from . import failures
from .addresses import AddressRefused, check_scheme
from .fetch import CaptureError, Fetcher, PermanentCaptureError, conditional_headers, decoded
from .rendering import RenderError, write_rendering
from .requisites import fetch_requisites

logger = logging.getLogger(__name__)
HTML_TYPES = {"text/html", "application/xhtml+xml", ""}
PERMANENT_STATUSES = {404, 410, 451}  # gone, gone for good, withheld for legal reasons


@dataclass
class CaptureReport:
    captured: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    failed_before: int = 0  # known to fail for good, so not fetched (a feed's items only)
    requisites: int = 0  # stylesheets, images, fonts and scripts kept with the pages captured
    requisites_skipped: int = 0
    errors: list = field(default_factory=list)
    captures: list = field(default_factory=list)

    def summary(self):
        before = f", failed before {self.failed_before}" if self.failed_before else ""
        total = self.captured + self.updated + self.unchanged + self.duplicates + self.failed + self.failed_before
        requisites = (f"; requisites kept {self.requisites}, skipped {self.requisites_skipped}"
                      if self.requisites or self.requisites_skipped else "")
        return (f"{total} addresses: captured {self.captured}, updated {self.updated}, unchanged {self.unchanged}, "
                f"duplicates {self.duplicates}, failed {self.failed}{before}{requisites}")


def capture_urls(urls, *, fetcher=None, on_url=None, feed_updated=None, browser=None):
    """Capture each address; one that fails is reported (``on_url(url, "failed", reason)``) and the rest go on.
    ``feed_updated`` ({address: when its feed entry says it changed}) is kept with its capture or failure.
    With ``browser`` (a started :class:`~.rendering.Browser`) each page is rendered, and captured as rendered."""
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
                stamp = (feed_updated or {}).get(url, "")
                try:
                    status, capture, requisites = capture_one(url, fetcher, warc, directory, feed_updated=stamp,
                                                              browser=browser)
                    failures.forget(url)
                except PermanentCaptureError as error:
                    failures.remember(url, error, stamp)
                    status, reason = "failed", str(error)
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
                if requisites:
                    report.requisites += len(requisites.kept)
                    report.requisites_skipped += requisites.skipped
                report.captures.append(capture)
                if on_url:
                    on_url(url, status, capture.article.title if capture.article else capture.url)
    finally:
        warc.close()
        if own_fetcher:
            fetcher.close()
    return report


def capture_one(url, fetcher, warc, directory, *, feed_updated="", browser=None):
    """(status, Capture, its :class:`~.requisites.Requisites` or None) for one address: status "captured",
    "updated", "unchanged" or "duplicates".

    A page captured before is asked for with its ETag and Last-Modified; a 304, or the same page again, only
    counts a check and is written as a revisit record. Whatever else the server answers is written to the WARC
    file before it is judged, so the archive keeps failures as sent too. A page kept is followed in the WARC
    file by what it is shown with (its requisites), and the capture's records span both. With ``browser`` the
    page is rendered: its requisites are what the browser fetched, its article is made from its rendered DOM,
    and that DOM and a screenshot follow them in the WARC file (:func:`~.rendering.write_rendering`); a page
    the browser cannot render is captured as fetched. As its scripts may fetch new text into the same document,
    the document never says it is unchanged: it is asked for whole and rendered each time."""
    from ..ingest import store as storing
    from ..models import Capture, CaptureRequisite

    requested = check_scheme(url.strip())
    key = normalise(requested)
    # a rendered page's script may fetch new text into the same document: with a browser, the document alone
    # never says the page is unchanged, so it is asked for whole and rendered
    latest = Capture.objects.filter(normalized_url=key).first() if browser is None else None
    exchange = fetcher.fetch(requested, headers=conditional_headers(latest), keep_truncated=True)
    final = exchange.final
    if final.status == 304 and latest:
        return "unchanged", count_check(latest, exchange, warc, feed_updated), None
    if final.status != 200 or final.content_type not in HTML_TYPES or final.truncated:
        warc.write(exchange)
        raise refusal(requested, final)
    try:
        payload = decoded(final, fetcher.max_bytes)
    except CaptureError:
        warc.write(exchange)
        raise
    payload_hash = hashlib.sha256(payload).hexdigest()
    final_key = normalise(final.url)
    previous = (Capture.objects.filter(Q(normalized_url=key) | Q(normalized_url=final_key) | Q(url=final.url))
                .select_related("article").first())
    if previous and previous.content_hash == payload_hash and browser is None:
        return "unchanged", count_check(previous, exchange, warc, feed_updated), None

    location = warc.write(exchange)  # on disk before the database refers to it
    rendered = rendered_page(browser, final, payload, fetcher, warc)
    if rendered:
        source, document = cleaned_page(rendered.html.encode("utf-8"), "utf-8", final.url, key)
    else:
        source, document = cleaned_page(payload, final.charset, final.url, key)
    source.name = article_name(document.source_url, final.url, previous, key)
    extraction = extract(document)
    if rendered:
        requisites, rendering = rendered.requisites, write_rendering(warc, final, location.record_id, rendered)
    else:
        requisites, rendering = fetch_requisites(source.text, final.url, fetcher, warc), {}
    location = warc.extended(location)
    with transaction.atomic():
        outcome = storing.store(source, document, extraction, directory, captures_collection())
        if outcome.status == "deleted":
            raise CaptureError(f"{requested}: an editor deleted this page's article; it is not captured again")
        capture = Capture.objects.create(
            article=outcome.article, requested_url=requested, url=final.url, normalized_url=key,
            status=final.status, content_type=final.content_type[:200], content_hash=payload_hash,
            captured_at=final.fetched_at, last_checked=timezone.now(), etag=final.header("etag")[:500],
            last_modified=final.header("last-modified")[:100], feed_updated=feed_updated[:100],
            **location.capture_fields(), **rendering)
        CaptureRequisite.objects.bulk_create(
            CaptureRequisite(capture=capture, **vars(kept)) for kept in requisites.kept)
    status = {"created": "captured", "duplicate": "duplicates", "unchanged": "updated"}.get(outcome.status,
                                                                                           outcome.status)
    return status, capture, requisites


def rendered_page(browser, final, payload, fetcher, warc):
    """The page as ``browser`` rendered it (a :class:`~.rendering.Rendered`), or None: no browser, or one that
    could not render it (logged in one line; the page is captured as fetched)."""
    if browser is None:
        return None
    try:
        rendered = browser.render(final.url, final, payload, fetcher, warc)
    except RenderError as error:
        logger.warning("%s; captured as fetched", error)
        return None
    for note in rendered.notes:
        logger.info("%s: %s", final.url, note)
    return rendered


def refusal(requested, final):
    """The error for an answer that is no page to capture; a :class:`PermanentCaptureError` when asking again
    would get the same answer."""
    if final.status != 200:
        message = f"{requested}: the server answered {final.status} {final.reason}".rstrip()
        if final.status in PERMANENT_STATUSES:
            return PermanentCaptureError(message, final.status)
        return CaptureError(message)
    if final.content_type not in HTML_TYPES:
        return PermanentCaptureError(f"{requested}: not an HTML page ({final.content_type})")
    return PermanentCaptureError(f"{requested}: over {final.limit:,} bytes ({final.limit_name})")


def count_check(capture, exchange, warc, feed_updated):
    """The page is as ``capture`` has it: write the answer as a revisit record of the capture's response (or
    whole, when its bytes differ, say compressed anew) and count a check on the capture."""
    final = exchange.final
    try:
        original = revisited(capture.warc_file, capture.response_offset)
    except (OSError, ValueError, StopIteration):
        original = None  # its WARC file is gone: the answer is kept whole instead
    same_bytes = original and original.digest and (
        final.status == 304 or payload_digest(final.body) == original.digest)
    warc.write(exchange, revisit_of=original if same_bytes else None)
    capture.last_checked, capture.checks = timezone.now(), F("checks") + 1
    fields = ["last_checked", "checks"]
    for field_name, header, size in (("etag", "etag", 500), ("last_modified", "last-modified", 100)):
        if final.header(header):
            setattr(capture, field_name, final.header(header)[:size])
            fields.append(field_name)
    if feed_updated:
        capture.feed_updated = feed_updated[:100]
        fields.append("feed_updated")
    capture.save(update_fields=fields)  # a signal: readers' pages show the check
    capture.refresh_from_db(fields=["checks"])
    return capture


def article_name(address, fetched, previous, key):
    """What a captured page's article is named by in the captures collection: the address the page gives for
    itself, when it gives one (so its copies at other addresses, ``?utm_source=…`` or an AMP page, and the
    page itself are one article); else the name of the article its address was captured as before; else its
    address."""
    if address != fetched:
        return normalise(address)[:1000]
    return previous.article.source_file if previous and previous.article else key[:1000]


def cleaned_page(payload, charset, fetched, key):
    """(source, cleaned document) of an HTML page as fetched, the document with the address the page is known by
    (:func:`~articles.ingest.urls.page_address`); :class:`CaptureError` or :class:`IngestError` naming the
    address when it cannot be read or holds no article."""
    try:
        text = decode_declared(payload, charset)[0]
    except ValueError as error:
        raise CaptureError(f"{fetched}: {error}") from None
    source = text_source(PurePosixPath(key), "html", text, key[:1000])
    try:
        document = clean_source(source)
    except IngestError as error:  # named by the address as fetched, not as a path ("http:/host/…")
        raise IngestError(fetched, error.reason) from None
    document.source_url = page_address(document.canonical, fetched)[:500]
    return source, document
