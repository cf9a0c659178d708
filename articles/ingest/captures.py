"""Pages read from web archive files, kept as captures of their articles: a copy of each response record goes
into the archive's own WARC file, so the page replays and exports like one the capture client fetched."""
import datetime
import hashlib

from django.utils import timezone

from ..models import Capture
from .urls import normalise


def keep_archived_response(article, response, warc):
    """A page ingested from a web archive file, kept as a capture of its article (a copy of its record)."""
    try:
        captured = datetime.datetime.fromisoformat(response.date)
    except ValueError:
        captured = timezone.now()
    if timezone.is_naive(captured):  # a WARC-Date is UTC, with or without its "Z"
        captured = captured.replace(tzinfo=datetime.timezone.utc)
    try:
        key = normalise(response.uri)
    except ValueError:
        key = response.uri
    location = warc.append_raw(response.raw)
    return Capture.objects.create(
        article=article, requested_url=response.uri[:2000], url=response.uri[:2000], normalized_url=key[:2000],
        status=response.status, content_type=response.content_type[:200],
        content_hash=hashlib.sha256(response.payload).hexdigest(), captured_at=captured, last_checked=captured,
        warc_file=location.file, warc_offset=location.offset, warc_length=location.length,
        response_offset=location.response_offset)
