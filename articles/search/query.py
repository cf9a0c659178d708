"""The public query language, with bounded cost.

Words are ANDed; "phrases", OR, NOT / -word, parentheses, prefix* and a few
fields (title:, outlet:, country:, speaker:, delegation:, year:) are allowed.
Wildcards other than a trailing ``*`` after two letters, fuzzy terms and
ranges are not: each of those can take seconds on a large index. A query that
does not parse is searched as plain words, with a notice.
"""
from dataclasses import dataclass, field
import re

from whoosh import qparser, query as wq
from whoosh.analysis import STOP_WORDS

from .languages import LANGUAGE_FIELD_NAMES, LANGUAGE_FIELDS
from .placenames import other_names
from .schema import FIELD_ALIASES, TEXT_FIELDS

MAX_QUERY_LENGTH = 300
MAX_PREFIX_TERMS = 200
MAX_PREFIX_TERMS_PER_QUERY = 400  # "ba* be* bi* …": sixty prefixes must not search 12,000 words
MIN_PREFIX_LENGTH = 2
FIELD_RE = re.compile(r"\b([A-Za-z]+):")
# A word joined by - / . ' inside it ("COVID-19", "e-mail", "9/11", "U.S.", "Gdańsk-based") is one compound,
# searched as the phrase of its parts, exactly as the index analysed it; its hyphen is no NOT.
COMPOUND_RE = re.compile(r"(?<![\w\"*-])(\w+(?:[-/.'’]\w+)+)\.?(?![\w*])")
BOOST_RE = re.compile(r"(?<=[\w\")])\^[\d.]*")  # "economy^100": no boosts, the word alone
MAX_KEPT = 5000  # queries as read from their text; all are dropped when there are more

_kept = {}  # {(index folder, text): (query before prefixes are expanded, notices)}


@dataclass
class ParsedQuery:
    query: wq.Query | None
    notices: list[str] = field(default_factory=list)

    @property
    def is_empty(self):
        return self.query is None


def _parser(schema):
    """Each word asked of every text field, and of each language's stems (an index built before they were
    kept has none)."""
    fields = TEXT_FIELDS + [field for field in LANGUAGE_FIELDS.values() if field in schema]
    parser = qparser.MultifieldParser(fields, schema, group=qparser.AndGroup)
    for plugin in (qparser.WildcardPlugin, qparser.BoostPlugin, qparser.RangePlugin, qparser.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PrefixPlugin())
    parser.add_plugin(qparser.PlusMinusPlugin())
    return parser


def _translate_fields(text, notices):
    """``outlet:`` → the index field; an unknown field name becomes a plain word."""
    def replace(match):
        name = match.group(1).lower()
        if name in FIELD_ALIASES:
            return f"{FIELD_ALIASES[name]}:"
        notices.append(f"“{match.group(1)}:” is not a field you can search; searched as a word.")
        return f"{match.group(1)} "
    return FIELD_RE.sub(replace, text)


def _bounded(query, reader, notices, budget, left=None):
    """Replace prefix queries by their terms: at most MAX_PREFIX_TERMS each and MAX_PREFIX_TERMS_PER_QUERY in
    all (``left`` holds what is left); refuse short prefixes and every other expanding query. Drop what asks a
    language's stems when no article of the index is in that language."""
    left = [MAX_PREFIX_TERMS_PER_QUERY] if left is None else left
    if getattr(query, "fieldname", None) in LANGUAGE_FIELD_NAMES and not reader.field_length(query.fieldname):
        return wq.NullQuery  # a language no article of the index is in: nothing to find, and English as it was
    if isinstance(query, wq.Prefix):
        budget.check("prefix expansion")
        if len(query.text) < MIN_PREFIX_LENGTH:
            notices.append(f"“{query.text}*” is too short to expand; type at least {MIN_PREFIX_LENGTH} letters.")
            return wq.NullQuery
        terms, limit = [], min(MAX_PREFIX_TERMS, left[0])
        for term in reader.expand_prefix(query.fieldname, query.text):
            if len(terms) >= limit:
                notices.append(f"“{query.text}*” matches many words; only the first {len(terms)} were searched.")
                break
            terms.append(wq.Term(query.fieldname, term))
        left[0] -= len(terms)
        return wq.Or(terms) if terms else wq.NullQuery
    if isinstance(query, (wq.Wildcard, wq.FuzzyTerm, wq.TermRange, wq.NumericRange, wq.Regex)):
        return wq.NullQuery
    if query.is_leaf():
        return query
    return query.apply(lambda sub: _bounded(sub, reader, notices, budget, left))


def _without_stop_words(query):
    """Drop a plain word that the text fields ignore as a stop word ("the", "for", "not"): left in, it would
    have to appear in a name field, and "fully withdraw the bill" would find nothing. A fielded one stays.
    Judged on the English fields alone: the other languages' stemmers keep "have" (as "hav")."""
    children = [c for c in query.children() if getattr(c, "fieldname", None) not in LANGUAGE_FIELD_NAMES] \
        if isinstance(query, wq.Or) else []
    if len(children) > 1 and all(isinstance(c, wq.Term) and c.text in STOP_WORDS for c in children):
        return wq.NullQuery
    if query.is_leaf():
        return query
    return query.apply(_without_stop_words)


def _has_error(query):
    if isinstance(query, wq.Query) and type(query).__name__ == "ErrorQuery":
        return True
    return not query.is_leaf() and any(_has_error(child) for child in query.children())


def _outside_quotes(text, change):
    """``text`` with ``change`` applied to each of its parts outside quotes (the even parts between marks)."""
    parts = text.split('"')
    parts[::2] = [change(part) for part in parts[::2]]
    return '"'.join(parts)


def _compounds(text):
    """Quote the compound words outside phrases: ``COVID-19 vaccine`` → ``"COVID-19" vaccine``."""
    return _outside_quotes(text, lambda part: COMPOUND_RE.sub(r'"\1"', part))


NAME_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
SPACED_WORDS_RE = re.compile(r"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)*")
OPERATORS = {"and", "or", "not"}


def _with_other_names(text, notices):
    """Countries and large cities searched under their names in the visitors' languages too: ``Chongqing`` is
    ``(Chongqing OR Чунцин OR 重庆 …)``, and a notice says which names were added. Words in quotes, after a
    field name or a minus, or before a ``*`` stay as written."""
    added = []
    text = _outside_quotes(text, lambda part: _named_places(part, added))
    if added:
        notices.append("Also searched: " + ", ".join(dict.fromkeys(added)) + ".")
    return text


def _named_places(part, added):
    words, pieces, last, i = list(NAME_WORD_RE.finditer(part)), [], 0, 0
    while i < len(words):
        for size in (3, 2, 1):
            group = words[i:i + size]
            start, end = group[0].start(), group[-1].end()
            phrase = part[start:end]
            if (len(group) < size or not SPACED_WORDS_RE.fullmatch(phrase) or phrase.lower() in OPERATORS
                    or part[start - 1:start] in (":", "-") or part[end:end + 1] in ("*", ":")):
                continue
            names = other_names(phrase)
            if names:
                written = f'"{phrase}"' if size > 1 else phrase
                pieces += [part[last:start], "(" + " OR ".join([written, *names]) + ")"]
                added += names
                last, i = end, i + size
                break
        else:
            i += 1
    return "".join(pieces) + part[last:]


def parse(text, schema, reader, budget, *, kept_for=None):
    """A bounded Whoosh query for the user's text, or an empty ParsedQuery for a blank one.

    ``kept_for`` names the index whose ``schema`` this is (its folder: one schema for all its generations):
    the query as read from the text is then kept for the next search of the same text. Reading it (a parser
    built, the text parsed, stop words dropped) was 3% of a loaded web worker, for the same few hundred
    searches; prefixes are still expanded against ``reader`` each time, as the index's words change."""
    key = (kept_for, text) if kept_for is not None else None
    read = _kept.get(key) if key is not None else None
    if read is None:
        read = _read(text, schema)
        if key is not None:
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[key] = read
    content, notices = read[0], list(read[1])
    if content is None:
        return ParsedQuery(None, notices)
    budget.check("parsing")
    return ParsedQuery(_bounded(content, reader, notices, budget).normalize(), notices)


def _read(text, schema):
    """(the query of the text, before prefixes are expanded; the notices reading it gave)."""
    notices = []
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notices.append(f"The query was cut to its first {MAX_QUERY_LENGTH} characters.")
    if not text:
        return None, notices
    if not re.search(r"\w", text):  # only punctuation ('"', "-", "*"): nothing to find, not everything
        notices.append("The query has no words to search for.")
        return wq.NullQuery, notices
    text = BOOST_RE.sub("", text)
    if text.count('"') % 2 == 0:
        text = _with_other_names(text, notices)
    parser = _parser(schema)
    try:
        parsed = parser.parse(_translate_fields(_compounds(text) if text.count('"') % 2 == 0 else text, notices))
        if _has_error(parsed) or text.count('"') % 2 or text.count("(") != text.count(")"):
            raise ValueError("unbalanced")
    except Exception:
        notices.append("The query could not be read as written (check quotes and parentheses); "
                       "its words were searched instead.")
        words = re.findall(r"\w+", text)
        if not words:
            return wq.NullQuery, notices
        parsed = parser.parse(" ".join(f'"{w}"' for w in words))
    content = _without_stop_words(parsed).normalize()
    if content is wq.NullQuery:  # only stop words ("US", "The Who"): search them as written
        content = parsed
    return content, notices
