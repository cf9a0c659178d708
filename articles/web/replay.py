"""Captured pages as the archive shows them: a page with a banner around the archived copy and what changed
since the previous capture of its address, the copy itself (sandboxed, see :mod:`.capture.replay`), and WARC
downloads of one capture or of a search's captures."""
from django.conf import settings
from django.db.models import F
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..capture.changes import changes_since_previous
from ..capture.replay import REPLAY_POLICY, replayable
from ..models import Capture
from ..warc.export import warc_chunks
from ..warc.files import read_response
from ..warc.reading import media_type


def _replay_address(request, capture):
    path = reverse("articles:capture_raw", args=[capture.pk])
    host = settings.NEWSROOM_REPLAY_HOST
    return f"{request.scheme}://{host}{path}" if host else path


def capture_detail(request, pk):
    capture = get_object_or_404(Capture.objects.select_related("article"), pk=pk)
    others = Capture.objects.filter(article=capture.article).exclude(pk=pk).only(
        "pk", "captured_at", "url")[:30] if capture.article_id else []
    return render(request, "articles/capture_detail.html", {
        "capture": capture, "others": others, "replay_address": _replay_address(request, capture),
        "changes": changes_since_previous(capture)})


def capture_raw(request, pk):
    """The archived HTML, never scripted, never reaching the live web, framed only by the archive."""
    if settings.NEWSROOM_REPLAY_HOST and request.get_host() != settings.NEWSROOM_REPLAY_HOST:
        raise Http404("archived copies are served from NEWSROOM_REPLAY_HOST")
    capture = get_object_or_404(Capture, pk=pk)
    try:
        headers, body = read_response(capture.warc_file, capture.response_offset)
    except (OSError, ValueError, StopIteration):
        raise Http404("this capture's WARC file is missing or damaged") from None
    charset = media_type(headers.get_header("Content-Type") or "")[1] or "utf-8"
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    page = replayable(html, _captured_pages)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = REPLAY_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _captured_pages(addresses):
    """{normalised address: replay address of its latest capture} for those the archive holds."""
    latest = dict(Capture.objects.filter(normalized_url__in=addresses).order_by("normalized_url", "captured_at")
                  .values_list("normalized_url", "pk"))
    return {address: reverse("articles:capture_raw", args=[pk]) for address, pk in latest.items()}


def _warc_response(chunks, filename):
    response = StreamingHttpResponse(chunks, content_type="application/warc")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def capture_warc(request, pk):
    capture = get_object_or_404(Capture, pk=pk)
    filename = f"newsroom-capture-{capture.pk}.warc.gz"
    return _warc_response(warc_chunks([capture], filename), filename)


EXPORTED_FIELDS = ("pk", "article_id", "warc_file", "warc_offset", "warc_length", "url", "captured_at")


def captures_of(article_ids):
    """The captures of these articles, in the order given (with their article's title), streamed from the
    database."""
    order = {pk: position for position, pk in enumerate(article_ids)}
    captures = Capture.objects.filter(article_id__in=order).annotate(title=F("article__title")).only(
        *EXPORTED_FIELDS)
    return sorted(captures.iterator(chunk_size=500), key=lambda c: (order[c.article_id], c.pk))


def search_warc(request, ids):
    filename = "newsroom-search.warc.gz"
    return _warc_response(warc_chunks(captures_of(ids), filename), filename)
