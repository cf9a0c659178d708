"""The archive's captures of one address, for people and for other web archives' tools: a page listing them,
their CDXJ index lines (``/cdx?url=…``, as pywb's CDX server answers) and a Memento TimeMap
(``/timemap/link/<address>``, RFC 7089's application/link-format).

The asked address is read as the search box reads one (``lookup.address_in_query``: at most ``MAX_ADDRESS``
characters, normalised as captures are stored) and matched, as a SURT key matches, whatever its scheme and a
leading ``www.``: four exact spellings, each found through the index on ``Capture.normalized_url``. An answer
lists at most ``MAX_CAPTURES`` captures, the oldest first.
"""
from dataclasses import dataclass, field
import re
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date

from ..models import Capture
from ..warc import cdxj
from ..warc.reading import media_type
from .lookup import MAX_ADDRESS, address_in_query

MAX_CAPTURES = 1000
LINK_SAFE = ":/?#[]@!$&'()*+,;=%"  # what an address in a link keeps; <, >, quotes and spaces are encoded


class BadAddress(ValueError):
    """An address that cannot be asked for: missing, too long or not a web address."""


@dataclass
class Captures:
    """The captures of one address (``address``, normalised), oldest first, and how many there are in all."""

    address: str
    captures: list = field(default_factory=list)
    total: int = 0


def asked_address(value):
    """The normal form of an asked address; BadAddress, in words a reader understands, when there is none."""
    value = (value or "").strip()
    if not value:
        raise BadAddress("give the address whose captures to list, as url=https://…")
    if len(value) > MAX_ADDRESS:
        raise BadAddress(f"the address is longer than {MAX_ADDRESS:,} characters")
    address = address_in_query(value)
    if not address:
        raise BadAddress("that is not a web address (http or https, with a host name)")
    return address


def spellings(address):
    """The four forms of a normalised address a SURT key does not tell apart: http and https, with and
    without a leading ``www.``."""
    rest = address.split("://", 1)[1]
    bare = rest[4:] if rest.lower().startswith("www.") else rest
    return [f"{scheme}://{host}" for scheme in ("http", "https") for host in (bare, f"www.{bare}")]


def captures_of_address(value):
    """The captures of the address ``value`` asks for (BadAddress when it asks for none)."""
    address = asked_address(value)
    captures = Capture.objects.of_address(spellings(address)).select_related("article")
    listed = list(captures[:MAX_CAPTURES])
    total = len(listed) if len(listed) < MAX_CAPTURES else captures.count()
    return Captures(address, listed, total)


def cdxj_lines(captures):
    """Each capture's final response as a CDXJ line, pointing into the archive's own WARC files, sorted."""
    lines = (cdxj.line(capture.url, cdxj.timestamp(capture.captured_at), mime=media_type(capture.content_type)[0],
                       status=capture.status, digest=capture.payload_digest, length=capture.response_length,
                       offset=capture.response_offset, filename=capture.warc_file)
             for capture in captures)
    return sorted(lines, key=str.encode)


def _link(address):
    return f"<{quote(address, safe=LINK_SAFE)}>"


def timemap(found, own_address, absolute):
    """A Memento TimeMap (RFC 7089) in link format: the original address, the TimeMap itself with the span it
    covers, and each capture's page as a memento with its time; ``absolute(path)`` makes a path an address."""
    captures = found.captures
    times = [http_date(capture.captured_at.timestamp()) for capture in captures]
    entries = [f'{_link(found.address)}; rel="original"',
               f'{_link(own_address)}; rel="self"; type="application/link-format"; '
               f'from="{times[0]}"; until="{times[-1]}"']
    for position, (capture, when) in enumerate(zip(captures, times)):
        rel = " ".join([*(["first"] if position == 0 else []), *(["last"] if position == len(captures) - 1 else []),
                        "memento"])
        entries.append(f'{_link(absolute(capture.get_absolute_url()))}; rel="{rel}"; datetime="{when}"')
    return ",\n".join(entries) + "\n"


def _refusal(error):
    return HttpResponse(f"400 Bad Request: {error}\n", status=400, content_type="text/plain; charset=utf-8")


def address_captures(request):
    """The page listing every capture of one address."""
    try:
        found = captures_of_address(request.GET.get("url"))
    except BadAddress as error:
        return render(request, "articles/address_captures.html", {"error": error}, status=400)
    return render(request, "articles/address_captures.html", {"found": found})


def cdx(request):
    """The CDXJ lines of one address's captures (none: an empty answer, as a CDX server gives)."""
    try:
        found = captures_of_address(request.GET.get("url"))
    except BadAddress as error:
        return _refusal(error)
    return HttpResponse("".join(f"{text}\n" for text in cdxj_lines(found.captures)),
                        content_type="text/x-cdxj; charset=utf-8")


def timemap_link(request, url):
    """The TimeMap of the address in the path (and the query string, which is part of it)."""
    url = re.sub(r"^(https?:)/+", r"\1//", url, flags=re.IGNORECASE)  # a proxy may have merged the "//"
    query = request.META.get("QUERY_STRING", "")
    try:
        found = captures_of_address(quote(url, safe=LINK_SAFE) + (f"?{query}" if query else ""))
    except BadAddress as error:
        return _refusal(error)
    if not found.captures:
        return HttpResponse(f"404 Not Found: no captures of {found.address}\n", status=404,
                            content_type="text/plain; charset=utf-8")
    own = request.build_absolute_uri(reverse("articles:timemap_link", args=[found.address]))
    return HttpResponse(timemap(found, own, request.build_absolute_uri), content_type="application/link-format")
