"""Search configuration in one place: analyzers, schema, boosts, facets, markup."""
import re

from whoosh import fields
from whoosh.analysis import (
    CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter,
)
from whoosh.lang import porter2
from whoosh.support.charset import accent_map

# Raised whenever the analysis changes: an index built with another version keeps its own analysis (Whoosh
# stores it) until rebuilt, and check_index says so. 2: Porter2 stemming (Whoosh's default Porter leaves
# "stabbing" as "stabb" and "running" as "runn", so they never met "stab" or "run").
# 3: the body keeps each match's characters, for snippets without re-analysis.
SCHEMA_VERSION = 3

# Latin words, or a run of CJK characters (split into bigrams below).
TOKEN_PATTERN = r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+|\w+(?:['’.]\w+)*"
CJK_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+$")


class CJKBigramFilter(Filter):
    """Splits a CJK run into overlapping bigrams (重庆国际 → 重庆 庆国 国际): enough to find words without a dictionary."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if len(text) <= 2 or text[0] < "\u3040" or not CJK_RE.match(text):
                yield token
                continue
            start = getattr(token, "startchar", None)
            for i in range(len(text) - 1):
                token.text = text[i:i + 2]
                if start is not None and token.chars:
                    token.startchar, token.endchar = start + i, start + i + 2
                yield token


class PossessiveFilter(Filter):
    """``president's`` → ``president``: a possessive is its word (the tokenizer keeps inner apostrophes, for
    ``o'clock`` and ``d'Ivoire``). An index built before this filter keeps its own analyzer until
    ``rebuild_index``."""

    def __call__(self, tokens):
        for token in tokens:
            if token.text.endswith(("'s", "’s")) and len(token.text) > 2:
                token.text = token.text[:-2]
            yield token


def text_analyzer(stem=True):
    chain = (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | PossessiveFilter() | CharsetFilter(accent_map)
             | CJKBigramFilter())
    if stem:
        chain = chain | StopFilter(minsize=1) | StemFilter(stemfn=porter2.stem)
    return chain


ANALYZER = text_analyzer()
PLAIN = text_analyzer(stem=False)

FACETS = {
    # facet name: (index field, URL parameter, label)
    "country": ("country", "country", "Country"),
    "outlet": ("outlet", "outlet", "Outlet"),
    "delegation": ("delegation", "delegation", "Delegation"),
    "year": ("year", "year", "Year"),
    "speaker": ("speaker", "speaker", "Speaker"),
    "publisher": ("publisher", "publisher", "Publisher"),
}

# Counted over the matching set for the chart of articles per month (YYYYMM).
HISTOGRAM = "month"

# What a user may write before a colon, and the field it searches.
FIELD_ALIASES = {
    "title": "title", "outlet": "outlets_text", "country": "countries_text", "speaker": "speakers_text",
    "delegation": "delegation_text", "year": "year", "publisher": "publisher_text", "person": "people_text",
    "quote": "quotes",
}
TEXT_FIELDS = ["title", "body", "quotes", "speakers_text", "outlets_text", "people_text", "delegation_text",
               "publisher_text", "countries_text", "extra"]
SNIPPET_FIELDS = ["body", "quotes", "title"]
HIGHLIGHT_TAG = "mark"


def build_schema():
    def keyword():
        return fields.KEYWORD(commas=True, lowercase=False, sortable=True, stored=False)

    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        fingerprint=fields.STORED(),
        title=fields.TEXT(analyzer=ANALYZER, field_boost=3.0),
        body=fields.TEXT(analyzer=ANALYZER, chars=True),
        quotes=fields.TEXT(analyzer=ANALYZER, field_boost=1.5),
        speakers_text=fields.TEXT(analyzer=PLAIN, field_boost=1.5),
        outlets_text=fields.TEXT(analyzer=PLAIN, field_boost=1.5),
        people_text=fields.TEXT(analyzer=PLAIN, field_boost=1.5),
        delegation_text=fields.TEXT(analyzer=PLAIN, field_boost=1.5),
        publisher_text=fields.TEXT(analyzer=PLAIN),
        countries_text=fields.TEXT(analyzer=PLAIN),
        extra=fields.TEXT(analyzer=PLAIN, field_boost=0.5),  # photo captions and credits
        spelling=fields.TEXT(analyzer=PLAIN),
        country=keyword(), outlet=keyword(), delegation=keyword(), speaker=keyword(), publisher=keyword(),
        year=fields.NUMERIC(int, sortable=True, stored=False),
        published=fields.NUMERIC(int, sortable=True, stored=False),
        dated=fields.NUMERIC(int, sortable=True, stored=False),
        month=fields.NUMERIC(int, sortable=True, stored=False),
    )
