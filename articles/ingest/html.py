"""Cleaning a saved web page: trafilatura finds the main text and metadata,
then the plain-text cleaner classifies its paragraphs (captions, headings,
datelines) exactly as it does for copied text.
"""
import re
import warnings

from bs4 import BeautifulSoup, SoupStrainer

from .cleaning import clean_text
from .dates import parse_date

BLOCK_TAGS = {"p", "head", "quote", "item", "cell"}
SITE_SUFFIX_RE = re.compile(r"\s+[|–—·:-]\s+[^|–—·]{1,60}$")


def _words(text):
    return set(re.findall(r"\w+", text.lower()))


def _page_titles(soup):
    """The page's <title> and og:title, less a " | Site" suffix."""
    titles = [soup.title.get_text(" ") if soup.title else ""]
    og = soup.find("meta", attrs={"property": "og:title"})
    titles.append(og.get("content", "") if og else "")
    return [SITE_SUFFIX_RE.sub("", " ".join(title.split())) for title in titles if title.strip()]


def headline(raw, fallback):
    """The page's headline: its first <h1>, unless that disagrees with the page's own title.

    An <h1> sharing under half its words with the <title> or og:title (less a " | Site"
    suffix) is a section or site heading ("Blog"); one in capitals is the title restyled.
    """
    soup = BeautifulSoup(raw, "lxml", parse_only=SoupStrainer(["h1", "title", "meta"]))
    h1 = soup.find("h1")
    text = " ".join(h1.get_text(" ").split()) if h1 else ""
    titles = [t for t in _page_titles(soup) if len(t.split()) >= 3]
    if not 2 <= len(text.split()) <= 40:
        return titles[0] if titles else fallback
    if titles:
        words = _words(text)
        title = max(titles, key=lambda t: len(_words(t) & words))
        shared = len(words & _words(title)) / max(1, min(len(words), len(_words(title))))
        if shared < 0.5 or (text.isupper() and text.lower() == title.lower()):
            return title
    return text


def _blocks(body):
    """Text of the extracted body's paragraphs, headings and list items, in order."""
    texts = []
    for element in body.iter():
        if element.tag in BLOCK_TAGS:
            text = " ".join("".join(element.itertext()).split())
            if text and (element.tag != "p" or element.getparent() is None or element.getparent().tag not in BLOCK_TAGS):
                texts.append(text)
    return texts


def clean_html(raw):
    """The article in a saved HTML page: a :class:`CleanDocument`, or None when the page has none."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        result = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
            favor_recall=True,
        )
    if result is None or result.body is None:
        return None
    paragraphs = _blocks(result.body)
    if not paragraphs:
        return None
    title = headline(raw, " ".join((result.title or "").split()))
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    document = clean_text("\n\n".join([title, *paragraphs]) if title else "\n\n".join(paragraphs))
    published = parse_date(result.date or "")
    if published:
        document.published, document.date_source = published, "stated"
    document.publisher = document.publisher or (result.sitename or result.hostname or "").strip()
    document.author = result.author or document.author
    document.source_url = result.url or ""
    return document
