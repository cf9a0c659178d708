"""An archived page made fit to show inside the archive: nothing in it may reach the live web.

The response that serves it carries ``Content-Security-Policy: sandbox`` with ``default-src 'none'``, so no
script runs, no form submits and nothing is fetched but what the policy names: the archive's own copies of
the page's stylesheets, images and fonts (its requisites, see :mod:`.requisites`). The page is rewritten to
match, so the browser does not even ask for the rest: a reference to a requisite the archive holds points
at the archive's copy, any other is removed (scripts stay blocked: their elements are removed, and the
policy allows none). What a policy does not stop is removed too: ``<meta http-equiv=refresh>``, ``<base>``,
``<link rel=preconnect>`` and the like. Links would load the live site into the frame: each leads instead to
the archive's page of the latest capture of its address (or to the archive's list of captures of it, which
says when there is none), in the whole window, so the banner always names the capture shown. The sandbox
allows that navigation only when the reader clicks (``allow-top-navigation-by-user-activation``); with no
script and every link rewritten, a click can only lead into the archive.
"""
from bs4 import BeautifulSoup

from ..ingest.urls import normalise
from ..warc.files import read_record, read_response
from .requisites import CSS_REFERENCE, absolute, css_named, named_address, page_base, references

SANDBOX = "allow-top-navigation-by-user-activation"  # the frame's sandbox attribute says the same
REPLAY_POLICY = (f"sandbox {SANDBOX}; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                 "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")
MAX_LINKS = 2000
REMOVED = ["script", "noscript", "base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"]
# attributes by which an element other than a link may make the browser fetch something
LOADING = {"src", "srcset", "href", "poster", "data", "background", "imagesrcset", "xlink:href", "lowsrc",
           "dynsrc", "longdesc", "manifest", "ping", "action", "formaction", "codebase", "archive", "profile"}
INLINE = ("#", "data:")  # a fragment of the page itself, an image written into it: nothing is fetched
NOT_IN_ARCHIVE = "about:invalid"  # what a stylesheet's reference to something not captured becomes


def archived_page(capture, max_bytes=None):
    """(headers, body) of the page a capture shows and is compared by: as a browser rendered it when it was
    (the conversion record; its scripts' work done, where replay runs none), else as the site sent it."""
    if capture.rendered_offset is not None:
        return read_record(capture.warc_file, capture.rendered_offset, "conversion", max_bytes)
    return read_response(capture.warc_file, capture.response_offset, max_bytes)


def replay_policy(requisites=""):
    """The replayed page's policy; ``requisites`` (an address ending in "/") is where its stylesheets, images
    and fonts are served from, the only place beside inline styles and data: images it may load from."""
    if not requisites:
        return REPLAY_POLICY
    return (f"sandbox {SANDBOX}; default-src 'none'; style-src 'unsafe-inline' {requisites}; "
            f"img-src data: {requisites}; font-src {requisites}; "
            "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")


def _normalised(address):
    try:
        return normalise(address)
    except ValueError:
        return ""


def replayable(html, page_url, *, links, requisites):
    """``html`` (fetched from ``page_url``) as replay serves it: scripts, refreshes, bases and anything live
    removed. ``links(normalised addresses)`` gives {address: archive page to lead to} for each;
    ``requisites`` is {address as the page names it: the archive's copy}."""
    soup = BeautifulSoup(html, "lxml")
    base = page_base(soup, page_url)
    for element in soup.find_all(REMOVED):
        element.decompose()
    for meta in soup.find_all("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            meta.decompose()
    kept = _rewrite_requisites(soup, base, requisites)
    for element in soup.find_all(True):
        for attribute in list(element.attrs):
            name = attribute.lower()
            if name.startswith("on") or (name in LOADING and element.name not in ("a", "area")
                                         and (id(element), attribute) not in kept
                                         and not str(element.get(attribute)).strip().startswith(INLINE)):
                del element.attrs[attribute]
    for link in soup.find_all("link"):
        if not link.get("href"):
            link.decompose()  # preconnect, prefetch, manifest, a stylesheet not captured: nothing to show
    for style in soup.find_all("style"):
        style.string = replayable_css(style.get_text(), base, requisites)
    for element in soup.find_all(style=True):
        element["style"] = replayable_css(element["style"], base, requisites)
    _rewrite_links(soup, base, links)
    return str(soup)


def _rewrite_requisites(soup, base, requisites):
    """Point each reference to a captured requisite at the archive's copy; {(element id, attribute)} kept."""
    kept = set()
    for element, attribute, _ in references(soup):
        archived = requisites.get(named_address(element, attribute, base))
        if archived:
            element[attribute] = archived
            kept.add((id(element), attribute))
    return kept


def _rewrite_links(soup, base, links):
    anchors = [(anchor, (anchor.get("href") or "").strip()) for anchor in soup.find_all(["a", "area"])]
    addresses = {id(anchor): absolute(href, base) for anchor, href in anchors[:MAX_LINKS]}
    targets = links(list({_normalised(address) for address in addresses.values() if address} - {""}))
    for anchor, href in anchors:
        for attribute in ("href", "xlink:href", "target", "ping", "download"):  # (an SVG link's xlink:href too)
            anchor.attrs.pop(attribute, None)
        if not href:
            continue
        if href.startswith("#"):
            anchor["href"] = href
            continue
        address = addresses.get(id(anchor), "")
        target = targets.get(_normalised(address)) if address else None
        if target:
            anchor["href"], anchor["target"] = target, "_top"
        else:
            anchor["title"] = f"Not in the archive: {href}"


def replayable_css(text, base, requisites):
    """A stylesheet's text with each address it names pointing at the archive's copy, or at nothing."""
    def archived(match):
        named = css_named(match).strip()
        if named.startswith(INLINE):
            return match.group(0)
        address = requisites.get(absolute(named, base), NOT_IN_ARCHIVE)
        return f'@import url("{address}")' if match.group(0).startswith("@") else f'url("{address}")'

    return CSS_REFERENCE.sub(archived, text)


# What a requisite is served as when it was captured as one: images, fonts and scripts (which replay never
# runs); anything else is served as bytes, so no captured answer is ever shown as a page of the archive.
SERVED_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/svg+xml", "image/x-icon",
                "image/vnd.microsoft.icon", "image/bmp", "font/woff2", "font/woff", "font/ttf", "font/otf",
                "application/font-woff", "application/font-woff2", "application/x-font-ttf",
                "application/x-font-woff", "application/vnd.ms-fontobject", "text/javascript",
                "application/javascript"}


def served_requisite(requisite, body, charset, requisites):
    """(content type, body) a captured requisite is served with: a stylesheet with the addresses it names
    pointing at the archive's copies (``requisites()`` gives them, as for its page: asked only for a
    stylesheet), read in the ``charset`` it was sent in
    and served as UTF-8 ``text/css``; an image, font or script as it was sent; anything else as
    ``application/octet-stream``."""
    if requisite.kind == "stylesheet" or requisite.content_type == "text/css":
        try:
            text = body.decode(charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            text = body.decode("utf-8", errors="replace")
        return "text/css; charset=utf-8", replayable_css(text, requisite.final_url, requisites()).encode()
    content_type = requisite.content_type.lower()
    return (content_type if content_type in SERVED_TYPES else "application/octet-stream"), body
