"""Pages read from web archive files, kept as captures of their articles: a copy of each response record goes
into the archive's own WARC file, so the page replays and exports like one the capture client fetched.

A record is copied once: one the archive already holds (the same WARC-Record-ID, or the same address with the
same payload) is not copied again, so ingesting a web archive twice, or one the archive exported, adds no
capture and no second copy of a record to later exports."""
import datetime
import hashlib

from django.utils import timezone

from ..models import Capture
from .urls import normalise


def _key(response):
    try:
        return normalise(response.uri)[:2000]
    except ValueError:
        return response.uri[:2000]


def holder(response):
    """The capture already holding a web archive's response record, or None."""
    content_hash = hashlib.sha256(response.payload).hexdigest()
    return Capture.objects.holding(response.record_id, _key(response), content_hash).order_by("pk").first()


def keep_archived_response(article, response, warc):
    """A page ingested from a web archive file, kept as a capture of its article (a copy of its record), or
    the capture already holding that record."""
    kept = holder(response)
    if kept is not None:
        if kept.article_id is None:  # its article was deleted, and has been stored again
            kept.article = article
            kept.save(update_fields=["article"])
        return kept
    try:
        captured = datetime.datetime.fromisoformat(response.date)
    except ValueError:
        captured = timezone.now()
    if timezone.is_naive(captured):  # a WARC-Date is UTC, with or without its "Z"
        captured = captured.replace(tzinfo=datetime.timezone.utc)
    location = warc.append_raw(response.raw, response.record_id, response.payload_digest)
    return Capture.objects.create(
        article=article, requested_url=response.uri[:2000], url=response.uri[:2000], normalized_url=_key(response),
        status=response.status, content_type=response.content_type[:200],
        content_hash=hashlib.sha256(response.payload).hexdigest(),
        captured_at=captured, last_checked=captured, **location.capture_fields())
