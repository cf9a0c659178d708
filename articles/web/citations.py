"""Ready-made citations of an archived article: APA, Chicago and MLA text, BibTeX and CSL-JSON.

CSL-JSON is the format reference managers (Zotero, Mendeley, pandoc) import directly. Each text style follows
its manual's form for a newspaper or online news article: the authors (the article's bylines) when it has
them, else the publisher first (APA) or the title (Chicago, MLA); the original address shown decoded, as a
reader types it; the archive's permalink and the day it was archived.
"""
import json
import re
from urllib.parse import unquote

BIBTEX_SPECIAL_RE = re.compile(r"([\\{}%&$#_^~])")


def authors_of(article):
    """The article's bylines, in the order they were read (people with the role "author")."""
    return list(article.appearances.filter(role="author").order_by("pk").values_list("person__name", flat=True))


def _split(name):
    """(family name, given names) of a name as bylines write it: the last word is the family name."""
    words = name.split()
    return (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")


def _shown_address(article, permalink):
    """The original address as a citation shows it: percent-escapes decoded (a reader types it so), else the
    archive's page."""
    address = article.shown_source_url or permalink
    decoded = unquote(address)
    return decoded if decoded.isprintable() and " " not in decoded else address


def _inverted_list(authors, *, et_al_after):
    """"Doe, Jane, and John Roe": the first author inverted, "et al." past ``et_al_after`` authors."""
    family, given = _split(authors[0])
    first = f"{family}, {given}" if given else family
    rest = list(authors[1:])
    if len(authors) > et_al_after:
        return f"{first}, et al."
    if not rest:
        return first
    return f"{first}, " + "".join(f"{name}, " for name in rest[:-1]) + f"and {rest[-1]}"


def _apa_author(name):
    family, given = _split(name)
    initials = " ".join(f"{part[0]}." for part in given.replace("-", " ").split() if part)
    return f"{family}, {initials}" if initials else family


def apa_date(day):
    """A publication date as APA writes it: '2024, March 6', or 'n.d.'."""
    return f"{day:%Y, %B} {day.day}" if day else "n.d."


def apa(article, permalink, authors=()):
    """APA 7: 'Doe, J., & Roe, J. (2024, March 6). Title. Publisher. Address'."""
    when = apa_date(article.published)
    publisher = article.publisher.name if article.publisher else ""
    where = _shown_address(article, permalink)
    if authors:
        names = [_apa_author(a) for a in authors[:20]]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        return f"{who} ({when}). {article.title}. {publisher + '. ' if publisher else ''}{where}"
    return f"{publisher or article.title}. ({when}). {article.title + '. ' if publisher else ''}{where}"


def chicago(article, permalink, authors=()):
    """Chicago (notes and bibliography): 'Doe, Jane, and John Roe. "Title." Publisher, March 6, 2024. Address.'"""
    when = f"{article.published:%B} {article.published.day}, {article.published.year}" if article.published else "n.d."
    publisher = article.publisher.name if article.publisher else ""
    where = _shown_address(article, permalink)
    who = f"{_inverted_list(authors, et_al_after=10)}. " if authors else ""
    return f'{who}"{article.title}." {publisher + ", " if publisher else ""}{when}. {where}.'


def mla(article, permalink, authors=()):
    """MLA 9: 'Doe, Jane, and John Roe. "Title." Publisher, 6 Mar. 2024, address. Accessed … in newsroom.'"""
    months = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()
    when = (f"{article.published.day} {months[article.published.month - 1]} {article.published.year}"
            if article.published else "")
    publisher = article.publisher.name if article.publisher else ""
    where = _shown_address(article, permalink).split("://", 1)[-1]
    who = f"{_inverted_list(authors, et_al_after=2)}. " if authors else ""
    parts = ", ".join(part for part in (publisher, when, where) if part)
    return (f'{who}"{article.title}." {parts}. Archived at {permalink}, '
            f'{article.ingested_at.day} {months[article.ingested_at.month - 1]} {article.ingested_at.year}.')


def styles(article, permalink):
    """[(style, citation)] as the article's page offers them."""
    authors = authors_of(article)
    return [("APA", apa(article, permalink, authors)), ("Chicago", chicago(article, permalink, authors)),
            ("MLA", mla(article, permalink, authors))]


def _date_parts(date):
    return [[date.year, date.month, date.day]] if date else []


def csl(article, permalink):
    """The article as one CSL-JSON item."""
    item = {
        "id": article.slug, "type": "article-newspaper", "title": article.title,
        "author": [{"family": family, "given": given} if given else {"literal": family}
                   for family, given in map(_split, authors_of(article))],
        "URL": article.shown_source_url or permalink,
        "container-title": article.publisher.name if article.publisher else "",
        "publisher": article.distributor.name if article.distributor else "",
        "issued": {"date-parts": _date_parts(article.published)},
        "accessed": {"date-parts": _date_parts(article.ingested_at.date())},
        "archive": "newsroom", "archive_location": permalink,
    }
    return {key: value for key, value in item.items() if value not in ("", [], {"date-parts": []})}


def csl_json(article, permalink):
    return json.dumps([csl(article, permalink)], ensure_ascii=False, indent=2)


def _bibtex_value(text):
    """A field value BibTeX reads literally: its special characters escaped, capitals kept."""
    return "{" + BIBTEX_SPECIAL_RE.sub(lambda m: r"\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1),
                                       " ".join(str(text).split())) + "}"


def bibtex(article, permalink):
    authors = authors_of(article)
    fields = {
        "author": _bibtex_value(" and ".join(f"{family}, {given}".rstrip(", ")
                                             for family, given in map(_split, authors))) if authors else "",
        "title": "{" + _bibtex_value(article.title) + "}",  # double braces: no case changes to the headline
        "journal": _bibtex_value(article.publisher.name) if article.publisher else "",
        "year": str(article.published.year) if article.published else "",
        "month": str(article.published.month) if article.published else "",
        "day": str(article.published.day) if article.published else "",
        "url": "{" + (article.shown_source_url or permalink).replace("{", "%7B").replace("}", "%7D") + "}",  # verbatim
        "note": _bibtex_value(f"Archived at {permalink} on {article.ingested_at:%Y-%m-%d}"),
        "urldate": "{" + article.ingested_at.strftime("%Y-%m-%d") + "}",
    }
    key = re.sub(r"[^A-Za-z0-9]", "", article.slug)[:40] or "article"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items() if value)
    return f"@article{{{key},\n{body}\n}}\n"
