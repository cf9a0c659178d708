"""What a page says of itself in its markup rather than its text: who wrote it and the address it is known by.

Authors come from the page's JSON-LD (``author`` of an article: a string, a Person, or a list of them, by
``name`` or given and family names, a reference by ``@id`` to a Person elsewhere in the page's graph) and its
``<meta name="author">`` and ``article:author`` tags. A JSON-LD author typed as an organisation ("Reuters",
"BBC News") is a credit to an outlet or agency, kept apart from the people. JSON-LD is read whatever its
``@context`` says and wherever the article sits (a top-level list, an ``@graph``, a WebPage's
``mainEntity``), since real pages write all of these.

The address is the page's ``<link rel="canonical">``, else its ``og:url``, as written: whether it may stand
for the page is for the caller to judge, against the address the page was fetched from.

Markup is untrusted: each JSON-LD block is read only up to ``MAX_JSON_CHARS``, only ``MAX_JSON_BLOCKS`` of them,
and the walk through them stops after ``MAX_JSON_NODES`` objects, so a hostile page costs little.
"""
from collections import deque
import html
import json
import re
from typing import NamedTuple

MAX_JSON_BLOCKS = 20
MAX_JSON_CHARS = 200_000
MAX_JSON_NODES = 5_000
MAX_NAME_CHARS = 200
MAX_ADDRESS_CHARS = 2_000
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                 "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "blogposting",
                 "liveblogposting", "report", "scholarlyarticle", "socialmediaposting", "techarticle",
                 "satiricalarticle", "advertisercontentarticle"}
# what some pages wrap a script's JSON in, for browsers long gone: an HTML comment or a CDATA section
WRAPPER_RE = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
PERSON_TYPES = {"person"}
ORGANISATION_TYPES = {"organization", "newsmediaorganization", "corporation", "governmentorganization",
                      "ngo", "educationalorganization", "localbusiness", "onlinebusiness", "project"}


class Credits(NamedTuple):
    """Who a page says wrote it: people's names and organisations' names, each once, in the page's order."""

    people: list
    organisations: list


def _types(node):
    written = node.get("@type", [])
    return {str(kind).rsplit("/", 1)[-1].lower() for kind in (written if isinstance(written, list) else [written])}


def _json_blocks(root):
    """The page's JSON-LD blocks, parsed; a block that is not JSON, or is too long or deep, is skipped."""
    blocks = []
    for script in root.xpath("//script[@type]")[:500]:
        if script.get("type", "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text or len(text) > MAX_JSON_CHARS:
            continue
        try:  # raw line breaks inside strings, which browsers' JSON-LD readers accept, are read too
            blocks.append(json.loads(WRAPPER_RE.sub("", text), strict=False))
        except (ValueError, RecursionError):
            continue
        if len(blocks) == MAX_JSON_BLOCKS:
            break
    return blocks


def _nodes(blocks):
    """Every JSON object in the blocks, breadth first, at most MAX_JSON_NODES of them."""
    found, pending = [], deque(blocks)
    while pending and len(found) < MAX_JSON_NODES:
        value = pending.popleft()
        if isinstance(value, dict):
            found.append(value)
            pending.extend(v for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            pending.extend(v for v in value if isinstance(v, (dict, list)))
    return found


def _name(node):
    """A JSON-LD person's or organisation's name: ``name`` (a string, or the first of a list), else its
    given and family names; "" when it has none."""
    name = node.get("name")
    if isinstance(name, list):
        name = next((part for part in name if isinstance(part, str)), "")
    if isinstance(name, dict):
        name = name.get("name") or name.get("@value") or ""
    if not isinstance(name, str) or not name.strip():
        parts = [node.get(key) for key in ("givenName", "additionalName", "familyName")]
        name = " ".join(part for part in parts if isinstance(part, str))
    name = _plain(name)
    return "" if len(name) > MAX_NAME_CHARS or name.lower().startswith(("http:", "https:")) else name


def json_ld_credits(root):
    """The authors the page's JSON-LD gives its article (or articles)."""
    nodes = _nodes(_json_blocks(root))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str) and len(node) > 1}
    people, organisations = [], []
    for node in nodes:
        if not _types(node) & ARTICLE_TYPES:
            continue
        authors = node.get("author", [])
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, str):
                people.append(_plain(author)[:MAX_NAME_CHARS])
                continue
            if not isinstance(author, dict):
                continue
            author = by_id.get(author.get("@id"), author) if len(author) == 1 else author
            name, kinds = _name(author), _types(author)
            if name and kinds & ORGANISATION_TYPES and not kinds & PERSON_TYPES:
                organisations.append(name)
            elif name:
                people.append(name)
    return Credits(_once(people), _once(organisations))


def meta_authors(root):
    """The names in the page's ``<meta name="author">`` and ``article:author`` tags (a profile's address, which
    ``article:author`` often holds, is no name)."""
    values = root.xpath("//meta[translate(@name, 'AUTHOR', 'author')='author']/@content"
                        " | //meta[@property='article:author' or @name='article:author']/@content")
    names = [_plain(value) for value in values[:20]]
    return _once([name for name in names if name and len(name) <= MAX_NAME_CHARS and "://" not in name
                  and not name.lower().startswith("www.")])


def page_credits(root):
    """Who the page says wrote it: the JSON-LD's people then the meta tags' names, and the organisations the
    JSON-LD credits; nothing when the page could not be parsed."""
    if root is None:
        return Credits([], [])
    from_json = json_ld_credits(root)
    return Credits(_once([*from_json.people, *meta_authors(root)]), from_json.organisations)


def canonical_address(root):
    """The address the page gives for itself, as written: ``<link rel="canonical">``, else ``og:url``; ""."""
    if root is None:
        return ""
    for link in root.xpath("//link[@rel and @href]")[:500]:
        if "canonical" in link.get("rel", "").lower().split():
            return link.get("href", "").strip()[:MAX_ADDRESS_CHARS]
    found = root.xpath("//meta[@property='og:url' or @name='og:url'][1]/@content")
    return found[0].strip()[:MAX_ADDRESS_CHARS] if found else ""


def _plain(text):
    """A name as text: entities some pages leave in their JSON ("Maria &amp; Katerina") read, spaces joined."""
    return " ".join(html.unescape(text[:MAX_NAME_CHARS * 4]).split())


def _once(names):
    return list(dict.fromkeys(name for name in names if name))
