"""Cleaning a saved web page: trafilatura finds the main text and metadata,
then the plain-text cleaner classifies its paragraphs (captions, headings,
datelines) exactly as it does for copied text.

Before trafilatura sees the page, figures give up their captions (kept as the
article's captions) and galleries, share bars and similar widgets are dropped,
so their labels do not reach the body as sub-headings. Line breaks (``<br>``)
stay line breaks, and tables are kept as one line per row.
"""
import re
import warnings

import lxml.html

from .cleaning import CAPTION_RE, CREDIT_SUFFIX_RE, clean_text, tidy
from .dates import parse_date
from .document import CAPTION, Block
from .pagemeta import canonical_address, page_credits

BLOCK_TAGS = {"p", "head", "quote", "item", "row"}
SITE_SUFFIX_RE = re.compile(r"\s+[|–—·:-]\s+[^|–—·]{1,60}$")
# Class or id words of page furniture around an article (galleries, share bars, adverts, teasers). Generic
# layout words ("widget", "container") are not among them: page builders put them on the article itself.
WIDGET_RE = re.compile(
    r"(?:^|[-_\s])(?:gallery|carousel|slideshow|lightbox|share|sharing|sharebar|newsletter|advert|advertisement"
    r"|ad-slot|sponsored|outbrain|taboola|recirc|related-(?:articles|stories|posts|content)|trending|most-popular"
    r"|subscribe)(?:$|[-_\s])", re.IGNORECASE)
# htmldate's extensive search falls back to dateparser over every locale: seconds per process for no better
# dates on article pages, which state theirs in meta tags, <time> elements or the URL.
DATE_SEARCH = {"extensive_search": False, "original_date": True}
CREDIT_CLASS_RE = re.compile(r"credit|byline|copyright|photographer|source", re.IGNORECASE)


def _words(text):
    return set(re.findall(r"\w+", text.lower()))


def _spaced_text(element):
    return " ".join(" ".join(element.itertext()).split()) if element is not None else ""


def _page_titles(root):
    """The page's <title> and og:title, less a " | Site" suffix."""
    titles = [_spaced_text(root.find(".//title")), *root.xpath("//meta[@property='og:title'][1]/@content")[:1]]
    return [SITE_SUFFIX_RE.sub("", " ".join(title.split())) for title in titles if title.strip()]


def page_headings(root):
    """The page's first <h1> and its titles (<title>, og:title), read before any furniture is removed."""
    if root is None:
        return "", []
    return _spaced_text(root.find(".//h1")), [t for t in _page_titles(root) if len(t.split()) >= 3]


def headline(headings, fallback):
    """The page's headline: its first <h1>, unless that disagrees with the page's own title.

    An <h1> sharing under half its words with the <title> or og:title (less a " | Site"
    suffix) is a section or site heading ("Blog"); one in capitals is the title restyled.
    """
    text, titles = headings
    if not 2 <= len(text.split()) <= 40:
        return titles[0] if titles else fallback
    if titles:
        words = _words(text)
        title = max(titles, key=lambda t: len(_words(t) & words))
        shared = len(words & _words(title)) / max(1, min(len(words), len(_words(title))))
        if shared < 0.5 or (text.isupper() and text.lower() == title.lower()):
            return title
    return text


def _text(element):
    """An element's text with ``<lb/>`` (a ``<br>`` in the page) kept as a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(text):
    """Text broken where the page broke it, except a wrap inside a sentence (the next line in lower case),
    which is joined with a space: "Beach, FL<br>June 10" stays two lines, never "Beach, FLJune 10"."""
    lines = []
    for line in (" ".join(line.split()) for line in text.split("\n")):
        if not line:
            continue
        if lines and (line[0].islower() or line[0] in ",;:)"):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


def _blocks(body):
    """Text of the extracted body's paragraphs, headings, list items and table rows, in order."""
    texts = []
    for element in body.iter():
        if element.tag == "row":
            cells = [" ".join(_text(cell).split()) for cell in element if cell.tag == "cell"]
            text = " | ".join(cell for cell in cells if cell)
        elif element.tag in BLOCK_TAGS:
            parent = element.getparent()
            if element.tag == "p" and parent is not None and parent.tag in BLOCK_TAGS | {"cell"}:
                continue
            text = _lines(_text(element))
        else:
            continue
        if text:
            texts.append(text)
    return texts


def _caption(figcaption):
    """(text, credit) of a figure's caption: a credit element inside it, or a "(Photo: …)" suffix."""
    credit = ""
    for element in figcaption.iter():
        if element is not figcaption and CREDIT_CLASS_RE.search(f"{element.get('class', '')} {element.get('id', '')}"):
            credit = " ".join(element.text_content().split())
            element.drop_tree()
            break
    text = " ".join(figcaption.text_content().split())
    suffix = CAPTION_RE.match(text) or CREDIT_SUFFIX_RE.match(text)
    if suffix and not credit:
        text, credit = tidy(suffix.group("text")), tidy(suffix.group("credit"))
    return text, credit.removeprefix("Photo: ").removeprefix("Photo by ").strip()


def _next_text(element):
    """The start of the first text after an element in the page: where its caption belongs."""
    for following in element.itersiblings():
        if not isinstance(following.tag, str):
            continue  # a comment or processing instruction
        text = " ".join(following.text_content().split())
        if len(text) > 20:
            return text[:40]
    parent = element.getparent()
    return _next_text(parent) if parent is not None and parent.tag != "body" else ""


# as trafilatura parses a page itself (comments and processing instructions dropped): it is handed this tree
PAGE_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)


def parse_page(raw):
    """The page as an lxml tree, or None when lxml cannot parse it."""
    try:
        return lxml.html.document_fromstring(raw, parser=PAGE_PARSER)
    except (ValueError, lxml.etree.ParserError):
        return None


def strip_furniture(raw, root):
    """The page without its figures and widgets (a tree, or ``raw`` when unparsed), and the figures' captions:
    (page, [(text, credit, before)]). ``root`` is the parsed page; it is changed in place.
    """
    if root is None:
        return raw, []
    body = root.find("body")
    total = len(body.text_content()) if body is not None else 0
    captions = []
    for figure in root.xpath("//figure | //*[figcaption]"):
        if figure.getparent() is None or _holds_prose(figure, total):
            continue
        figcaption = figure.find(".//figcaption")
        if figcaption is not None:
            text, credit = _caption(figcaption)
            if text:
                captions.append((text, credit, _next_text(figure)))
        figure.drop_tree()
    for element in root.xpath("//*[@class or @id]"):
        if element.getparent() is None or element.tag in {"html", "body", "article", "main"}:
            continue
        if WIDGET_RE.search(f"{element.get('class', '')} {element.get('id', '')}") and not _holds_prose(element, total):
            element.drop_tree()
    return root, captions


def _holds_prose(element, total):
    """Whether an element holds the article, whatever its class says: much of the page's text, or a long
    paragraph (widgets hold labels, teasers and captions)."""
    if len(element.text_content()) >= 0.3 * total:
        return True
    return any(len(p.text_content()) > 200 for p in element.iter("p"))


def _place_captions(document, captions):
    """Each caption before the paragraph that followed its figure in the page (else at the end)."""
    for text, credit, before in captions:
        index = next((i for i, block in enumerate(document.blocks) if before and block.text.startswith(before[:30])),
                     len(document.blocks))
        document.blocks.insert(index, Block(CAPTION, text, credit[:200]))


def clean_html(raw):
    """The article in a saved HTML page: a :class:`CleanDocument`, or None when the page has none."""
    import trafilatura

    root = parse_page(raw)
    headings = page_headings(root)
    credits, canonical = page_credits(root), canonical_address(root)  # read before furniture is removed
    page, captions = strip_furniture(raw, root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        result = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            favor_recall=True, date_extraction_params=DATE_SEARCH,
        )
    if result is None or result.body is None:
        return None
    paragraphs = _blocks(result.body)
    if not paragraphs:
        return None
    title = headline(headings, " ".join((result.title or "").split()))
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    document = clean_text("\n\n".join([title, *paragraphs]) if title else "\n\n".join(paragraphs))
    _place_captions(document, captions)
    published = parse_date(result.date or "")
    if published:
        document.published, document.date_source = published, "stated"
    document.publisher = document.publisher or (result.sitename or result.hostname or "").strip()
    document.author = byline(credits.people or [result.author or ""], document.author)
    document.distributor = document.distributor or agency_credit(credits.organisations, document.publisher)
    document.source_url = result.url or document.source_url
    document.canonical = canonical
    document.declared_language = declared_page_language(root)
    return document


def byline(names, written):
    """One byline of the names the page's markup gives and the byline written in its text ("By …"), for
    :func:`.extraction.bylines.authors_of` to read: the page's own credits first, then the text's."""
    return "; ".join(dict.fromkeys(name for name in (*names, written) if name))


def agency_credit(organisations, publisher):
    """The organisation the page credits as its author, when it is not the publisher itself (a BBC page by
    "BBC News" is the BBC's own): the agency a story came from, an outlet rather than a person."""
    return next((name for name in organisations if name.casefold() != publisher.casefold()), "")


def declared_page_language(root):
    """The language the page declares: <html lang>, else og:locale, else a Content-Language meta; "" if none."""
    for path in ("/html/@lang", "//meta[@property='og:locale'][1]/@content",
                 "//meta[translate(@http-equiv, 'CONTENTLANGUAGE', 'contentlanguage')='content-language'][1]/@content"):
        found = [value.strip() for value in root.xpath(path) if value.strip()]
        if found:
            return found[0][:35]
    return ""
