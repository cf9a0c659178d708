"""What changed between a capture and the previous capture of the same address, paragraph by paragraph.

Both pages are read back from the WARC file and cleaned as they were when captured, so the comparison is of
the article's text, not of the site's markup around it. The answer is bounded: at most ``MAX_PARAGRAPHS`` of
each page are compared and ``MAX_LINES`` lines shown, each cut at ``MAX_LINE_CHARS``; the page escapes it.
Two captures never change, so their difference is worked out once and kept in the cache.
"""
from dataclasses import dataclass, field
import difflib

from django.core.cache import cache
from django.db.models import Q

from ..ingest import IngestError
from ..ingest.urls import normalise
from ..warc.reading import media_type
from .archive import cleaned_page
from .fetch import CaptureError
from .replay import archived_page

MAX_PARAGRAPHS = 2000
MAX_LINES = 300
MAX_LINE_CHARS = 2000
CONTEXT = 1  # unchanged paragraphs shown around each change
KEPT_SECONDS = 7 * 24 * 3600


@dataclass
class Line:
    kind: str  # "same", "removed", "added" or "skipped" (unchanged paragraphs left out)
    text: str = ""
    skipped: int = 0


@dataclass
class Changes:
    """The previous capture and the lines of the difference; ``error`` when a page could not be read back."""

    previous: object
    lines: list = field(default_factory=list)
    cut: bool = False  # more lines than MAX_LINES
    error: str = ""

    @property
    def added(self):
        return sum(line.kind == "added" for line in self.lines)

    @property
    def removed(self):
        return sum(line.kind == "removed" for line in self.lines)


def previous_capture(capture):
    """The capture of the same address just before this one, or None."""
    from ..models import Capture

    earlier = Q(captured_at__lt=capture.captured_at) | Q(captured_at=capture.captured_at, pk__lt=capture.pk)
    return (Capture.objects.filter(earlier, normalized_url=capture.normalized_url)
            .order_by("-captured_at", "-pk").first())


def changes_since_previous(capture):
    """The :class:`Changes` from the previous capture of the address to this one; None when it is the first."""
    previous = previous_capture(capture)
    if previous is None:
        return None
    key = f"capture-changes:{previous.pk}:{capture.pk}"
    kept = cache.get(key)
    if kept is None:
        try:  # an error is not kept: a WARC file put back is read next time
            before, after = paragraphs(previous), paragraphs(capture)
        except (CaptureError, IngestError) as error:
            return Changes(previous, error=(str(error).splitlines() or [type(error).__name__])[0][:300])
        except (OSError, ValueError, StopIteration):  # its message would name the server's directories
            return Changes(previous, error="the WARC file of one of them is missing or damaged")
        kept = difference(before, after)
        cache.set(key, kept, KEPT_SECONDS)
    return Changes(previous, *kept)


def paragraphs(capture):
    """The cleaned paragraphs of a capture's page, as read back from its WARC record (as rendered, when it was)."""
    headers, body = archived_page(capture)
    charset = media_type(headers.get_header("Content-Type") or "")[1]
    try:
        key = normalise(capture.url)
    except ValueError:
        key = capture.normalized_url
    _, document = cleaned_page(body, charset, capture.url, key)
    return [block.text for block in document.body_blocks()[:MAX_PARAGRAPHS]]


def difference(before, after):
    """([Line], cut): the changed paragraphs with ``CONTEXT`` unchanged ones around them, the rest skipped."""
    lines, position = [], 0
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        if group[0][1] > position:
            lines.append(Line("skipped", skipped=group[0][1] - position))
        for tag, first, last, new_first, new_last in group:
            if tag == "equal":
                lines.extend(Line("same", _cut(text)) for text in before[first:last])
                continue
            lines.extend(Line("removed", _cut(text)) for text in before[first:last])
            lines.extend(Line("added", _cut(text)) for text in after[new_first:new_last])
        position = group[-1][2]
    if lines and position < len(before):
        lines.append(Line("skipped", skipped=len(before) - position))
    return lines[:MAX_LINES], len(lines) > MAX_LINES


def _cut(text):
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + "…"
