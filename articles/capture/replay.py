"""An archived page made fit to show inside the archive: nothing in it may reach the live web.

The response that serves it carries ``Content-Security-Policy: sandbox`` with ``default-src 'none'``, so no
script runs, no form submits and no subresource is fetched. What a policy does not stop is removed here:
``<meta http-equiv=refresh>`` and ``<base>``, and links, which would load the live site into the frame — a
link to a page the archive captured points at that capture instead, any other is kept as text with its
address in a title.
"""
from bs4 import BeautifulSoup

from ..ingest.urls import normalise

REPLAY_POLICY = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                 "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")


MAX_LINKS = 2000


def _normalised(href):
    if not href.startswith(("http://", "https://")):
        return ""
    try:
        return normalise(href)
    except ValueError:
        return ""


def replayable(html, captured):
    """``html`` with scripts, refreshes, bases and live links removed; ``captured(normalised addresses)``
    gives {address: replay address} for the ones the archive holds."""
    soup = BeautifulSoup(html, "lxml")
    for element in soup.find_all(["script", "noscript", "base", "iframe", "object", "embed"]):
        element.decompose()
    for meta in soup.find_all("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            meta.decompose()
    anchors = [(anchor, (anchor.get("href") or "").strip()) for anchor in soup.find_all("a")]
    known = captured(list({_normalised(href) for _, href in anchors[:MAX_LINKS]} - {""}))
    for anchor, href in anchors:
        for attribute in ("href", "target", "ping"):
            anchor.attrs.pop(attribute, None)
        if not href or href.startswith("#"):
            continue
        target = known.get(_normalised(href))
        if target:
            anchor["href"] = target
        else:
            anchor["title"] = f"Not in the archive: {href}"
    for element in soup.find_all(True):
        for attribute in [a for a in element.attrs if a.lower().startswith("on")]:
            del element.attrs[attribute]
    return str(soup)
