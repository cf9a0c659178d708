"""Captured pages as the archive shows them: a page with a banner around the archived copy and what changed
since the previous capture of its address, the copy itself (sandboxed, see :mod:`.capture.replay`), and WARC
downloads of one capture or of a search's captures."""
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..capture.changes import changes_since_previous
from ..capture.replay import REPLAY_POLICY, SANDBOX, archived_page, replay_policy, replayable, served_requisite
from ..models import Capture, CaptureRequisite
from ..warc.export import warc_chunks
from ..warc.files import read_record, read_response
from ..warc.reading import media_type
from . import access


def _replay_address(request, capture):
    path = reverse("articles:capture_raw", args=[capture.pk])
    host = settings.NEWSROOM_REPLAY_HOST
    return f"{request.scheme}://{host}{path}" if host else path


def capture_detail(request, pk):
    capture = get_object_or_404(Capture.objects.select_related("article"), pk=pk)
    others = Capture.objects.filter(article=capture.article).exclude(pk=pk).only(
        "pk", "captured_at", "url")[:30] if capture.article_id else []
    return render(request, "articles/capture_detail.html", {
        "capture": capture, "others": others, "replay_address": _replay_address(request, capture), "sandbox": SANDBOX,
        "changes": changes_since_previous(capture)})


def _replay_host_only(request):
    if settings.NEWSROOM_REPLAY_HOST and request.get_host() != settings.NEWSROOM_REPLAY_HOST:
        raise Http404("archived copies are served from NEWSROOM_REPLAY_HOST")


def _sandboxed(response, policy=REPLAY_POLICY):
    response["Content-Security-Policy"] = policy
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def capture_raw(request, pk):
    """The archived HTML, never scripted, never reaching the live web, framed only by the archive."""
    _replay_host_only(request)
    capture = get_object_or_404(Capture, pk=pk)
    try:
        headers, body = archived_page(capture)
    except (OSError, ValueError, StopIteration):
        raise Http404("this capture's WARC file is missing or damaged") from None
    charset = media_type(headers.get_header("Content-Type") or "")[1] or "utf-8"
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    page = replayable(html, capture.url, links=_archive_pages, requisites=_requisites_of(capture))
    response = _sandboxed(HttpResponse(page, content_type="text/html; charset=utf-8"),
                          replay_policy(request.build_absolute_uri(_requisites_path(capture.pk))))
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def capture_screenshot(request, pk):
    """A capture's full-page screenshot, from its WARC record: served only as the PNG it is, never sniffed as
    anything else, under the replay policy (so nothing it could be taken for runs)."""
    capture = get_object_or_404(Capture, pk=pk, screenshot_offset__isnull=False)
    try:
        _, body = read_record(capture.warc_file, capture.screenshot_offset, "resource",
                              settings.NEWSROOM_CAPTURE_MAX_BYTES)
    except (OSError, ValueError, StopIteration):
        raise Http404("this capture's screenshot is missing, damaged or too large") from None
    if not body.startswith(PNG_MAGIC):
        raise Http404("this capture's screenshot is no PNG")
    response = _sandboxed(HttpResponse(body, content_type="image/png"))
    response["Content-Disposition"] = f'inline; filename="newsroom-capture-{capture.pk}.png"'
    return response


def capture_requisite(request, pk, requisite):
    """A stylesheet, image or font of a capture, from its WARC record: under the replay policy itself (so opened
    on its own it runs nothing) and readable by the sandboxed page it belongs to, whose origin is opaque (a
    font is fetched with CORS, an image and a stylesheet from another origin)."""
    _replay_host_only(request)
    kept = get_object_or_404(CaptureRequisite.objects.select_related("capture"), pk=requisite, capture_id=pk)
    try:
        headers, body = read_response(kept.capture.warc_file, kept.response_offset,
                                      settings.NEWSROOM_CAPTURE_MAX_BYTES)
    except (OSError, ValueError, StopIteration):
        raise Http404("this requisite's WARC record is missing, damaged or too large") from None
    charset = media_type(headers.get_header("Content-Type") or "")[1]
    content_type, body = served_requisite(kept, body, charset, lambda: _requisites_of(kept.capture))
    response = _sandboxed(HttpResponse(body, content_type=content_type))
    response["Access-Control-Allow-Origin"] = "*"  # no credentials: only what anyone may read
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _requisites_path(pk):
    """Where a capture's requisites are served from (the replay policy's one source beside inline styles)."""
    return reverse("articles:capture_requisite", args=[pk, 0]).removesuffix("0")


def _requisites_of(capture):
    """{address as the page names it: the archive's copy} of a capture's requisites; in a private archive each
    with the capture's key (``access.replay_key``), as the sandboxed page's requests carry no cookie."""
    prefix = _requisites_path(capture.pk)
    key = f"?{urlencode({'key': access.replay_key(capture.pk)})}" if access.is_private() else ""
    return {url: f"{prefix}{pk}{key}" for url, pk in capture.requisites.values_list("url", "pk")}


def _archive_pages(addresses):
    """{normalised address: the archive page a link to it leads to}: the page of its latest capture, or the
    list of its captures (which says there is none). Absolute when copies come from a host of their own."""
    latest = dict(Capture.objects.filter(normalized_url__in=addresses).order_by("normalized_url", "captured_at")
                  .values_list("normalized_url", "pk"))
    site = settings.NEWSROOM_SITE_URL.rstrip("/") if settings.NEWSROOM_REPLAY_HOST else ""
    listing = reverse("articles:address_captures")
    return {address: site + (reverse("articles:capture", args=[latest[address]]) if address in latest
                             else f"{listing}?{urlencode({'url': address})}") for address in addresses}


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
