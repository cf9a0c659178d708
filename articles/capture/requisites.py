"""What a page is shown with: its stylesheets, images, fonts and scripts, fetched with it and kept in the same
WARC file, so its replay needs nothing from the live web.

A page names them in its elements (``<link rel=stylesheet>``, ``<img src>`` and the first candidate of a
``srcset``, ``<picture><source>``, ``<script src>``, a preloaded font) and in ``url(…)`` inside its
``<style>``, its ``style`` attributes and the stylesheets it links (one level: what an ``@import``-ed
stylesheet names in turn is not fetched). Only what the page's own site serves (its host, without a
``www.``, and that host's subdomains) or one of :data:`COMMON_CDNS` is fetched, through the page's own
polite, bounded client, and at most ``NEWSROOM_CAPTURE_MAX_REQUISITES`` addresses and
``NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES`` bytes in all per page. One that fails or is refused is skipped
with a one-line reason; the page is captured all the same.

:func:`references` and :data:`CSS_REFERENCE` are also what replay rewrites, so a page is replayed with
exactly the addresses it was captured with.
"""
from collections import deque
from dataclasses import dataclass, field
import logging
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings

from ..ingest.prepare import one_line
from .addresses import AddressRefused
from .fetch import CaptureError, decoded

logger = logging.getLogger(__name__)

# Hosts that serve many sites' stylesheets, fonts and scripts: a page's own files often come from them.
COMMON_CDNS = frozenset({
    "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com", "fonts.googleapis.com", "fonts.gstatic.com",
    "ajax.googleapis.com", "code.jquery.com", "use.typekit.net",
})
PRELOADED = {"style": "stylesheet", "font": "font", "image": "image", "script": "script"}
ICONS = {"icon", "shortcut", "apple-touch-icon"}
FONT_ENDINGS = (".woff2", ".woff", ".ttf", ".otf", ".eot")
MAX_ADDRESS = 2000  # characters of a requisite's address the archive keeps (CaptureRequisite.url)
# url(…) in any of its three spellings, and @import "…" without url(): the addresses a stylesheet names
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^'")\s]*))\s*\)"""
    r"""|@import\s+(?:"(?P<import_double>[^"]*)"|'(?P<import_single>[^']*)')""", re.IGNORECASE)


def absolute(reference, base):
    """The http(s) address a reference names, made absolute and without its fragment; "" for any other
    (a ``data:`` image, a ``#fragment``, an address that is no address)."""
    reference = (reference or "").strip()
    if not reference or reference.startswith("#"):
        return ""
    try:
        address = urldefrag(urljoin(base, reference))[0]
    except ValueError:
        return ""
    return address if address.startswith(("http://", "https://")) else ""


def first_candidate(srcset):
    """The first address of a ``srcset`` ("a.jpg 1x, b.jpg 2x" gives "a.jpg")."""
    return (srcset or "").strip().split(",", 1)[0].strip().split(" ", 1)[0]


def page_base(soup, page_url):
    """The address the page's relative references are read against: its ``<base href>``, or its own."""
    base = soup.find("base", href=True)
    return (absolute(base["href"], page_url) or page_url) if base else page_url


def _link_kind(element):
    rel = {token.lower() for token in element.get_attribute_list("rel") or [] if token}
    if "stylesheet" in rel:
        return "stylesheet"
    if rel & {"preload", "modulepreload"}:
        return PRELOADED.get((element.get("as") or "").strip().lower(), "script" if "modulepreload" in rel else None)
    return "image" if rel & ICONS else None


def references(soup):
    """(element, attribute, kind) for each attribute by which a page's elements name what it is shown with;
    a ``srcset`` stands for its first candidate."""
    for element in soup.find_all(["link", "img", "source", "script"]):
        if element.name == "link":
            kind = _link_kind(element)
            attributes = ("href", "imagesrcset") if kind else ()
        elif element.name == "img":
            kind, attributes = "image", ("src", "srcset")
        elif element.name == "source":
            kind = "image" if element.parent is not None and element.parent.name == "picture" else None
            attributes = ("srcset", "src") if kind else ()
        else:
            kind, attributes = "script", ("src",)
        for attribute in attributes:
            if element.get(attribute):
                yield element, attribute, kind


def named_address(element, attribute, base):
    """The absolute address an element's attribute (from :func:`references`) names; "" for none."""
    value = element[attribute]
    return absolute(first_candidate(value) if attribute.endswith("srcset") else value, base)


def css_named(match):
    """The address a :data:`CSS_REFERENCE` match names, as written."""
    return next((value for value in match.groups() if value is not None), "")


def css_kind(match, address):
    """What an address a stylesheet names is: another stylesheet (``@import``, ``.css``), a font or an image."""
    path = urlsplit(address).path.lower()
    if match.group(0).startswith("@") or path.endswith(".css"):
        return "stylesheet"
    return "font" if path.endswith(FONT_ENDINGS) else "image"


def css_references(text, base):
    """[(absolute address, kind)] that a stylesheet's text names, in order."""
    found = []
    for match in CSS_REFERENCE.finditer(text):
        address = absolute(css_named(match), base)
        if address:
            found.append((address, css_kind(match, address)))
    return found


def page_references(html, page_url):
    """{absolute address: kind} a page is shown with, in the order it names them: its elements', then what its
    ``<style>`` elements and ``style`` attributes name."""
    soup = BeautifulSoup(html, "lxml")
    base = page_base(soup, page_url)
    found = {}
    for element, attribute, kind in references(soup):
        address = named_address(element, attribute, base)
        if address:
            found.setdefault(address, kind)
    styles = [style.get_text() for style in soup.find_all("style")]
    styles += [element["style"] for element in soup.find_all(style=True)]
    for text in styles:
        for address, kind in css_references(text, base):
            found.setdefault(address, kind)
    return found


def fetchable(address, page_url):
    """Whether a requisite is fetched: on the page's site (its host without a ``www.``, or a subdomain of it) or
    one of :data:`COMMON_CDNS`."""
    host = (urlsplit(address).hostname or "").lower()
    site = (urlsplit(page_url).hostname or "").lower().removeprefix("www.")
    return bool(host) and (host == site or host.endswith("." + site) or host in COMMON_CDNS)


@dataclass
class Kept:
    """A requisite written to the WARC file: the address the page names, where its final response is."""

    url: str
    final_url: str
    kind: str
    content_type: str
    response_offset: int
    response_length: int


@dataclass
class Requisites:
    """What came of a page's requisites: those kept, one line for each that failed (its address and why), and
    how many were left out unfetched, past the limits or on another site. It holds the page's limits, so a
    page's parser and a browser rendering it admit requisites by the same rules."""

    page_url: str
    max_count: int = 0
    max_bytes: int = 0
    kept: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    over_limits: int = 0
    elsewhere: int = 0
    bytes: int = 0
    attempts: int = 0

    @classmethod
    def of_page(cls, page_url, max_count=None, max_bytes=None):
        """A page's requisites, to be fetched under the settings' limits (or those given)."""
        return cls(page_url,
                   settings.NEWSROOM_CAPTURE_MAX_REQUISITES if max_count is None else max_count,
                   settings.NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES if max_bytes is None else max_bytes)

    @property
    def skipped(self):
        """Requisites the page is shown without: failed, or past the limits (another site's are not its own)."""
        return len(self.failed) + self.over_limits

    def admits(self, address):
        """Whether ``address`` is fetched now: on the page's site or a listed CDN (:func:`fetchable`), within the
        page's limits, and short enough to keep. One that is not is counted: elsewhere, over the limits, or
        failed."""
        if not fetchable(address, self.page_url):
            self.elsewhere += 1
            return False
        if self.attempts >= self.max_count or self.bytes >= self.max_bytes:
            self.over_limits += 1
            return False
        if len(address) > MAX_ADDRESS:
            self.failed.append(f"{address[:200]}…: longer than {MAX_ADDRESS:,} characters, more than the archive "
                               "keeps of an address")
            return False
        self.attempts += 1
        return True

    def log_over_limits(self):
        if self.over_limits:
            logger.info("%s: %d requisites left out, over %d requisites (NEWSROOM_CAPTURE_MAX_REQUISITES) or %s "
                        "bytes (NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES)", self.page_url, self.over_limits,
                        self.max_count, f"{self.max_bytes:,}")


def fetch_requisites(html, page_url, fetcher, warc, *, max_count=None, max_bytes=None):
    """Fetch what a page (``html`` as text, fetched from ``page_url``) is shown with and write each exchange to
    ``warc``; a :class:`Requisites`. Never raises for one requisite: a failure is its line in ``failed``, and
    what is past the limits is counted and logged as one line, so a page naming thousands costs one."""
    result = Requisites.of_page(page_url, max_count, max_bytes)
    queue = deque((address, kind, True) for address, kind in page_references(html, page_url).items())
    seen = {address for address, _, _ in queue}
    while queue:
        address, kind, from_page = queue.popleft()
        if not result.admits(address):
            continue
        fetched = fetch_one(address, kind, fetcher, warc, result)
        text = stylesheet_text(kind, *fetched) if fetched else None
        if text is not None and from_page:  # one level: what a linked stylesheet names, not what that names
            for named, named_kind in css_references(text, result.kept[-1].final_url):
                if named not in seen:
                    seen.add(named)
                    queue.append((named, named_kind, False))
    result.log_over_limits()
    return result


def fetch_one(address, kind, fetcher, warc, result, *, deadline=None):
    """Fetch one requisite the page's :class:`Requisites` admitted, within what is left of its bytes (and before
    ``deadline``), write its exchange to ``warc`` and keep it: (its final hop, its body decoded), or None when
    it failed (its line in ``result.failed``)."""
    limit = "NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES, what is left of it for this page"
    try:
        exchange = fetcher.fetch(address, max_bytes=result.max_bytes - result.bytes, limit_name=limit,
                                 deadline=deadline)
        final = exchange.final
        if final.status != 200:
            raise CaptureError(f"{address}: the server answered {final.status} {final.reason}".rstrip())
        body = decoded(final, fetcher.max_bytes)  # held to a page's cap once decompressed too
    except (CaptureError, AddressRefused) as error:
        logger.info("requisite of %s left out: %s", result.page_url, error)
        result.failed.append(str(error))
        return None
    except Exception as error:  # an address or answer no rule foresaw (a Location no URL can be made of, …)
        logger.warning("requisite of %s left out: %s: %s", result.page_url, address, one_line(error), exc_info=True)
        result.failed.append(f"{address}: {one_line(error)}")
        return None
    location = warc.write(exchange)
    result.bytes += sum(len(hop.body) for hop in exchange.hops)
    result.kept.append(Kept(address, final.url[:MAX_ADDRESS], kind, final.content_type[:200],
                            location.response_offset, location.response_length))
    return final, body


def stylesheet_text(kind, final, body):
    """A stylesheet's text (to read the addresses it names), or None for a requisite that is no stylesheet."""
    if kind != "stylesheet" and final.content_type != "text/css":
        return None
    try:
        return body.decode(final.charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")
