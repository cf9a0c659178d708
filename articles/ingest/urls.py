"""Page addresses in copied text: the line a saved page starts with, and the site it names.

Host handling (registered domains, public suffixes such as ``co.uk``) is courlan's, the URL
library trafilatura itself uses, rather than hand-written host parsing.
"""
import re

import courlan

# A line that is only an address, bare or labelled ("URL: …", "Source: …", "Original: …").
URL_LINE_RE = re.compile(
    r"^\s*(?:(?:url|source|link|original(?:\s+(?:url|link|article))?|from|web(?:site)?)\s*[:：]\s*)?[<(]?"
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]{3,2000}?)[>)]?\s*$",
    re.IGNORECASE,
)
HEAD_LINES = 6


def url_in_line(line):
    """The address a line consists of, normalised (tracking parameters dropped), or ""."""
    match = URL_LINE_RE.match(line)
    if not match:
        return ""
    url = match.group("url").rstrip(".,;")
    if url.lower().startswith("www."):
        url = "https://" + url
    checked = courlan.check_url(url, strict=False)
    return courlan.normalize_url(checked[0], strict=True) if checked else ""


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
