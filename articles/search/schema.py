"""Search configuration in one place: analyzers, schema, boosts, facets, markup."""
from whoosh import fields

from .codec import packed
from .languages import LANGUAGE_FIELDS, language_analyzer

# Indexes keep the analyzer they were built with: those before NewsAnalyzer hold a chain of these filters.
from .analysis import CJKBigramFilter, NewsAnalyzer, PossessiveFilter  # noqa: F401

# Raised whenever the analysis changes: an index built with another version keeps its own analysis (Whoosh
# stores it) until rebuilt, and check_index says so. 2: Porter2 stemming (Whoosh's default Porter leaves
# "stabbing" as "stabb" and "running" as "runn", so they never met "stab" or "run").
# 3: the body keeps each match's characters, for snippets without re-analysis.
# (NewsAnalyzer, one loop instead of a tokenizer and six filters, analyses exactly as version 3 did.)
# 4: positions packed as integers, in the packed codec's blocks (codec.py).
# 5: each article's language, a facet; words in Cyrillic stemmed as Russian.
# 6: each article's story and whether it is the story's original or a copy.
# 7: Arabic letters' spellings folded (harakat, tatweel, the alef's forms, alef maqsura, ta marbuta, hamza's
# carriers); French, Spanish, Portuguese, German and Italian articles stemmed in their own language too.
# 8: Russian stems by libstemmer's Snowball ("объем" is "объ", not "обь"; "действующая" meets "действующий").
SCHEMA_VERSION = 8

ANALYZER = NewsAnalyzer()
PLAIN = NewsAnalyzer(stem=False)
LANGUAGE_ANALYZERS = {field: language_analyzer(code) for code, field in LANGUAGE_FIELDS.items()}

FACETS = {
    # facet name: (index field, URL parameter, label)
    "country": ("country", "country", "Country"),
    "outlet": ("outlet", "outlet", "Outlet"),
    "delegation": ("delegation", "delegation", "Delegation"),
    "year": ("year", "year", "Year"),
    "speaker": ("speaker", "speaker", "Speaker"),
    "publisher": ("publisher", "publisher", "Publisher"),
    "language": ("language", "language", "Language"),
    "copy": ("copy", "copy", "Original or copy"),
}
# Each document's story (its copies share it), read as a column to show one result per story.
STORY = "story"

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
    def text(**options):
        return packed(fields.TEXT(**options))

    def keyword():
        return fields.KEYWORD(commas=True, lowercase=False, sortable=True, stored=False)

    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        fingerprint=fields.STORED(),
        title=text(analyzer=ANALYZER, field_boost=3.0),
        body=text(analyzer=ANALYZER, chars=True),
        quotes=text(analyzer=ANALYZER, field_boost=1.5),
        speakers_text=text(analyzer=PLAIN, field_boost=1.5),
        outlets_text=text(analyzer=PLAIN, field_boost=1.5),
        people_text=text(analyzer=PLAIN, field_boost=1.5),
        delegation_text=text(analyzer=PLAIN, field_boost=1.5),
        publisher_text=text(analyzer=PLAIN),
        countries_text=text(analyzer=PLAIN),
        extra=text(analyzer=PLAIN, field_boost=0.5),  # photo captions and credits
        spelling=text(analyzer=PLAIN),
        # the title and body of an article in one of these languages again, in its own stems (languages.py)
        **{field: text(analyzer=analyzer) for field, analyzer in LANGUAGE_ANALYZERS.items()},
        country=keyword(), outlet=keyword(), delegation=keyword(), speaker=keyword(), publisher=keyword(),
        language=keyword(), copy=keyword(), story=keyword(),
        year=fields.NUMERIC(int, sortable=True, stored=False),
        published=fields.NUMERIC(int, sortable=True, stored=False),
        dated=fields.NUMERIC(int, sortable=True, stored=False),
        month=fields.NUMERIC(int, sortable=True, stored=False),
    )
