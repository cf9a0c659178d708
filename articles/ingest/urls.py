"""Page addresses: the line a saved page starts with, the site it names, and the form an address is known by.

Host handling (registered domains, public suffixes such as ``co.uk``) is courlan's, the URL
library trafilatura itself uses, rather than hand-written host parsing.
"""
import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import courlan

# A line that is only an address, bare or labelled ("URL: …", "Source: …", "Original: …").
URL_LINE_RE = re.compile(
    r"^\s*(?:(?:url|source|link|original(?:\s+(?:url|link|article))?|from|web(?:site)?)\s*[:：]\s*)?[<(]?"
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]{3,2000}?)[>)]?\s*$",
    re.IGNORECASE,
)
HEAD_LINES = 6
# A host name with a top-level domain (letters, or an IDNA "xn--" label), or an IPv4 address.
HOST_RE = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[\w-]{1,59})|\d{1,3}(?:\.\d{1,3}){3}")


def url_in_line(line):
    """The address a line consists of, normalised (tracking parameters dropped), or "".

    Any http(s) address with a host counts, whatever its path says: an article's address may well hold
    "/archives/", "/gallery/" or "/tv/", words a crawler's filters take for pages without articles.
    """
    match = URL_LINE_RE.match(line)
    if not match:
        return ""
    url = match.group("url").rstrip(".,;")
    if url.lower().startswith("www."):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in {"http", "https"} or not HOST_RE.fullmatch(parts.hostname or ""):
            return ""
        return courlan.normalize_url(courlan.scrub_url(url), strict=True)
    except ValueError:  # a malformed port or bracketed host
        return ""


def leading_url(text):
    """The address among a text's first non-empty lines, where saved pages put it; "" when none."""
    lines = (line for line in text.splitlines()[:50] if line.strip())
    for _, line in zip(range(HEAD_LINES), lines):
        url = url_in_line(line)
        if url:
            return url
    return ""


def site_of(url):
    """The registered domain of an address (``bbc.co.uk`` for ``https://www.bbc.co.uk/news``), or ""."""
    return (courlan.extract_domain(url) or "") if url else ""


# Query parameters that only say where a reader came from; every other parameter is kept, because it may
# name the page (``/story?id=1`` and ``/story?id=2`` are two articles). Compared in lower case.
TRACKING_PREFIXES = ("utm_",)
TRACKING = frozenset((
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "twclid", "ttclid",
    "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "mkt_tok", "_hsenc", "_hsmi", "__hstc",
    "__hssc", "__hsfp", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_kwcid", "epik",
    "srsltid",
))


def is_tracking(name):
    name = unquote(name).strip().lower()
    return name in TRACKING or name.startswith(TRACKING_PREFIXES)


def normalise(url):
    """The form an address is known by, so the same page asked for in two ways is one page: scheme and host in
    lower case, the default port, user name, fragment and a trailing slash dropped (courlan for the path), and
    the tracking parameters (``TRACKING``, ``utm_*``) removed. Every other parameter is kept as written and in
    its order."""
    parts = urlsplit(url)
    query = "&".join(pair for pair in parts.query.split("&") if pair and not is_tracking(pair.split("=", 1)[0]))
    netloc = parts.netloc.rpartition("@")[2]
    cleaned = urlsplit(courlan.normalize_url(urlunsplit((parts.scheme, netloc, parts.path, "", "")), strict=True))
    path = cleaned.path.rstrip("/") if cleaned.path not in ("", "/") else "/"
    return urlunsplit((cleaned.scheme, cleaned.netloc, path, query, ""))


MAX_PAGE_ADDRESS = 500  # what an article's address holds


def same_site(one, other):
    """Whether two addresses are on one site: the same host, or hosts under the same registered domain
    (``www.bbc.co.uk`` and ``bbc.co.uk``), whatever their scheme or port."""
    host, other_host = (urlsplit(one).hostname or "").lower(), (urlsplit(other).hostname or "").lower()
    if not host or not other_host:
        return False
    return host == other_host or bool(site_of(one)) and site_of(one) == site_of(other)


def page_address(claimed, fetched):
    """The address a page read from the web is known by: the one it gives for itself (``claimed``, its canonical
    link or og:url, read against ``fetched``) when that is an http(s) address on the same site, without a user
    name, else the address it was fetched from. Another site's address never stands for a page: any page could
    otherwise claim to be any other site's article. Nor does a site's home page, which a misconfigured site
    names as every page's canonical address: its articles would all become one."""
    if not claimed:
        return fetched
    try:
        parts = urlsplit(urljoin(fetched, claimed))
        usable = (parts.scheme.lower() in ("http", "https") and parts.hostname and not parts.username
                  and not parts.password and same_site(parts.geturl(), fetched)
                  and (parts.path.strip("/") or parts.query))
    except ValueError:  # a malformed port or bracketed host
        return fetched
    address = urlunsplit(parts._replace(fragment=""))
    if not usable or len(address) > MAX_PAGE_ADDRESS or any(c.isspace() or not c.isprintable() for c in address):
        return fetched
    return address
