"""Ready-made citations of an archived article: plain text, BibTeX and CSL-JSON.

CSL-JSON is the format reference managers (Zotero, Mendeley, pandoc) import directly; the plain text
follows the common author-date news style, with the original address and the archive's permalink.
"""
import json
import re

BIBTEX_SPECIAL_RE = re.compile(r"([\\{}%&$#_^~])")


def _date_parts(date):
    return [[date.year, date.month, date.day]] if date else []


def csl(article, permalink):
    """The article as one CSL-JSON item."""
    item = {
        "id": article.slug, "type": "article-newspaper", "title": article.title,
        "URL": article.shown_source_url or permalink,
        "container-title": article.publisher.name if article.publisher else "",
        "publisher": article.distributor.name if article.distributor else "",
        "issued": {"date-parts": _date_parts(article.published)},
        "accessed": {"date-parts": _date_parts(article.ingested_at.date())},
        "archive": "newsroom", "archive_location": permalink,
    }
    return {key: value for key, value in item.items() if value not in ("", {"date-parts": []})}


def csl_json(article, permalink):
    return json.dumps([csl(article, permalink)], ensure_ascii=False, indent=2)


def _bibtex_value(text):
    """A field value BibTeX reads literally: its special characters escaped, capitals kept."""
    return "{" + BIBTEX_SPECIAL_RE.sub(lambda m: r"\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1),
                                       " ".join(str(text).split())) + "}"


def bibtex(article, permalink):
    fields = {
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


def plain(article, permalink):
    """'Publisher. (2024, March 6). Title. Address (archived at …, 2026-11-29).'"""
    who = article.publisher.name if article.publisher else "Unknown publisher"
    when = f"{article.published:%Y, %B} {article.published.day}" if article.published else "n.d."
    where = article.shown_source_url or permalink
    return f"{who}. ({when}). {article.title}. {where} (archived at {permalink}, {article.ingested_at:%Y-%m-%d})."
