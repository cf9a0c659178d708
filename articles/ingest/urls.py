"""Page addresses in copied text: the line a saved page starts with, and the site it names.

Host handling (registered domains, public suffixes such as ``co.uk``) is courlan's, the URL
library trafilatura itself uses, rather than hand-written host parsing.
"""
import re
from urllib.parse import urlsplit

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
