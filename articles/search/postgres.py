"""The PostgreSQL full-text backend, behind the same interface as Whoosh.

One row per article in ``newsroom_search``: the facet values of the same index
documents Whoosh gets, and two weighted ``tsvector``s made from their texts as
the row is written: the whole document (title A, names and quotes B, body C)
under a GIN index, and its lead for ranking. Queries use
``websearch_to_tsquery``; snippets ``ts_headline``; facet counts are counted,
disjunctive like Whoosh's, over the matches of one statement.
"""
from contextlib import contextmanager
from html import escape
import logging
import re

from django.db import OperationalError, connection, transaction

from .budget import TooBroad
from .bulk import DirectBulkWriter
from .results import Hit, Results
from .schema import FACETS, HISTOGRAM
from .store import SearchUnavailable

logger = logging.getLogger(__name__)

TABLE = "newsroom_search"
ARRAY_FACETS = ["country", "outlet", "delegation", "speaker"]
FACET_COLUMNS = [*ARRAY_FACETS, "publisher", "year", "month"]
FIRST_HITS = 20  # hits ranked with the counts: a first page (a later page ranks again with its own limit)
WORK_MEM = "64MB"  # for one search statement: 100,000 matches' facet columns held in memory
FIELD_RE = re.compile(r"\b[A-Za-z]+:")
START, STOP = "\x02", "\x03"  # ts_headline markers, replaced after the text is escaped

# Relevance is cover density over a row's lead: its title, and its names, quotes and body each up to
# LEAD_CHARS, the opening where a news story says what it is about. The whole document (matched through its GIN
# index) is kept out of line: ranking thirty thousand matches by it read each one back from TOAST (415 of a
# two-word search's ms at 100,000 articles); the lead stays in the row (STORAGE MAIN). The row keeps no text:
# both vectors are made from the texts as they are written, so the heap a search reads stays narrow.
LEAD_CHARS = 500

DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    article_id bigint PRIMARY KEY,
    fingerprint text NOT NULL,
    country text[] NOT NULL DEFAULT '{{}}', outlet text[] NOT NULL DEFAULT '{{}}',
    delegation text[] NOT NULL DEFAULT '{{}}', speaker text[] NOT NULL DEFAULT '{{}}',
    publisher text NOT NULL DEFAULT '', year integer NOT NULL DEFAULT 0, month integer NOT NULL DEFAULT 0,
    published integer NOT NULL DEFAULT 0,
    document tsvector NOT NULL,
    lead tsvector NOT NULL
);
ALTER TABLE {TABLE} ALTER COLUMN lead SET STORAGE MAIN;
CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document);
"""


def _vectors(title, names, quotes, body):
    """SQL of the (document, lead) vectors made from four SQL text expressions."""
    def vector(lead):
        cut = (lambda text: f"left({text}, {LEAD_CHARS})") if lead else (lambda text: text)
        return (f"setweight(to_tsvector('english', {title}), 'A') || "
                f"setweight(to_tsvector('simple', {cut(names)}), 'B') || "
                f"setweight(to_tsvector('english', {cut(quotes)}), 'B') || "
                f"setweight(to_tsvector('english', {cut(body)}), 'C')")
    return vector(False), vector(True)


# The layout before the lead vector kept the texts, with the document generated from them: moved in place.
OLD_LAYOUT_MIGRATION = f"""
ALTER TABLE {TABLE} ALTER COLUMN document DROP EXPRESSION;
ALTER TABLE {TABLE} ADD COLUMN lead tsvector;
UPDATE {TABLE} SET lead = {_vectors("title", "names", "quotes", "body")[1]};
ALTER TABLE {TABLE} ALTER COLUMN lead SET NOT NULL;
ALTER TABLE {TABLE} DROP COLUMN title, DROP COLUMN body, DROP COLUMN quotes, DROP COLUMN names;
"""
TEXTS = ["title", "body", "quotes", "names"]
# what _row gives, in its order, with each value's type
WRITTEN = [("article_id", "bigint"), ("fingerprint", "text"), *((text, "text") for text in TEXTS),
           *((facet, "text[]") for facet in ARRAY_FACETS), ("publisher", "text"), ("year", "integer"),
           ("month", "integer"), ("published", "integer")]
STORED = [name for name, _type in WRITTEN if name not in TEXTS]
UPSERT = (f"INSERT INTO {TABLE} ({', '.join(STORED)}, document, lead) "
          f"SELECT {', '.join(f'v.{name}' for name in STORED)}, "
          f"{', '.join(_vectors('v.title', 'v.names', 'v.quotes', 'v.body'))} "
          f"FROM (VALUES ({', '.join(f'%s::{kind}' for _name, kind in WRITTEN)})) "
          f"AS v({', '.join(name for name, _type in WRITTEN)}) "
          f"ON CONFLICT (article_id) DO UPDATE SET "
          + ", ".join(f"{name} = EXCLUDED.{name}" for name in [*STORED[1:], "document", "lead"]))


def _split(value):
    return [v for v in (value or "").split(",") if v]


def _row(doc):
    names = " ".join(doc.get(f, "") for f in ("speakers_text", "outlets_text", "people_text", "delegation_text",
                                                "publisher_text", "countries_text", "extra"))
    return [int(doc["id"]), doc.get("fingerprint", ""), doc.get("title", ""), doc.get("body", ""),
            doc.get("quotes", ""), names, *(_split(doc.get(f)) for f in ARRAY_FACETS), doc.get("publisher", ""),
            doc.get("year", 0), doc.get("month", 0), doc.get("published", 0)]


class PostgresBackend:
    def __init__(self):
        self._ready = False

    def _ensure(self):
        if connection.vendor != "postgresql":
            raise SearchUnavailable("The PostgreSQL search backend needs DATABASE_URL to point at PostgreSQL.")
        if not self._ready:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'body' "
                               "AND table_schema = current_schema()", [TABLE])
                if cursor.fetchone():
                    logger.warning("moving the PostgreSQL search table to its new layout (once; may take minutes)")
                    cursor.execute(OLD_LAYOUT_MIGRATION)
                cursor.execute(DDL)
            self._ready = True

    def reset(self):
        self._ready = False

    def recreate(self):
        self._ready = False
        self._ensure()

    # -- writing ------------------------------------------------------------------
    def add(self, document, *, create=False):
        self.add_bulk([document])

    def add_bulk(self, documents, *, create=False):
        self._ensure()
        rows = [_row(d) for d in documents]
        if not rows:
            return 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(UPSERT, rows)
        return len(rows)

    def bulk_writer(self):
        return DirectBulkWriter(self.add_bulk)

    def delete(self, ids):
        self._ensure()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [[int(i) for i in ids]])

    def rebuild(self, documents, progress=None):
        self._ensure()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE}")
            batch, count = [], 0
            for document in documents:
                batch.append(document)
                if len(batch) == 500:
                    count += self.add_bulk(batch)
                    batch = []
                    if progress:
                        progress(count)
            count += self.add_bulk(batch)
        return count

    def fingerprints(self):
        self._ensure()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id, fingerprint FROM {TABLE}")
            return dict(cursor.fetchall())

    @staticmethod
    def state():
        return "postgres"  # its rows change in the database's own transactions: the change counter covers them

    @staticmethod
    def analysis_is_current():
        return True  # PostgreSQL analyses with its own configuration, in a generated column

    def indexed(self, article_ids):
        self._ensure()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id FROM {TABLE} WHERE article_id = ANY(%s)", [list(article_ids)])
            return {row[0] for row in cursor.fetchall()}

    # -- reading ------------------------------------------------------------------
    def search(self, request):
        return Results(self, request)

    @staticmethod
    def _filters(request, skip=None, dates=True):
        """SQL conditions (and their parameters) for the facet filters but ``skip``, and the date range unless
        not ``dates``, over the columns a search table row has (and the matches of one search keep)."""
        where, params = [], []
        if dates and request.limits_dates:
            inside = "(published BETWEEN %s AND %s)"
            where.append({"include": f"({inside} OR published = 0)", "exclude": inside,
                          "only": "published = 0"}[request.undated_rule])
            if request.undated_rule != "only":
                params.extend(request.published_bounds())
        for facet, chosen in request.filters.items():
            if not chosen or facet == skip:
                continue
            if facet in ARRAY_FACETS:
                where.append(f"{facet} && %s::text[]")
                params.append(list(chosen))
            elif facet == "year":
                where.append("year = ANY(%s)")
                params.append([int(v) for v in chosen])
            elif facet == "publisher":
                where.append("publisher = ANY(%s)")
                params.append(list(chosen))
        return " AND ".join(where) or "TRUE", params

    @classmethod
    def _conditions(cls, query_text, request):
        """The words and every filter, as one SQL condition over the search table."""
        where, params = cls._filters(request)
        if query_text:
            return f"document @@ websearch_to_tsquery('english', %s) AND {where}", [query_text, *params]
        return where, params

    @staticmethod
    def _order(request, query_text):
        if request.effective_sort == "relevance" and query_text:
            return "rank DESC, article_id"
        direction = "ASC" if request.effective_sort == "oldest" else "DESC"  # ties too, as the database's lists
        return f"(published > 0) DESC, published {direction}, article_id {direction}"

    @staticmethod
    def _rank(query_text):
        """The relevance of a row: cover density over its lead (see DDL), 0 without words."""
        if not query_text:
            return "0::real", []
        return "ts_rank_cd(lead, websearch_to_tsquery('english', %s))", [query_text]

    @staticmethod
    @contextmanager
    def _within(budget, stage):
        """A function running statements, each limited to what is left of the request's budget
        (statement_timeout), in a savepoint so a cancelled one leaves the connection usable; a cancellation
        or a spent budget is TooBroad."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                def execute(sql, params):
                    budget.check(stage)
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)",
                                   [f"{max(int(budget.remaining() * 1000), 1)}ms"])
                    cursor.execute(sql, params)
                    return cursor.fetchall()
                yield execute
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise TooBroad(stage) from None
            raise

    def _execute(self, request, budget):
        """Count, facets, month histogram and the first page of hits in one statement.

        The words are matched once (GIN), into a materialised set of the matches' facet columns and rank;
        every count is then a pass over that set. Profiled at 100,000 articles (EXPLAIN ANALYZE), the eight
        statements this replaces each matched the words again, most of them by a parallel scan of the whole
        table reading every document (550 ms each for a two-word search); ranking read every match's whole
        document out of line (TOAST), which the lead vector, kept in the row, does not."""
        self._ensure()
        notices = []
        text = request.q.strip()[:300]
        if FIELD_RE.search(text):
            text = FIELD_RE.sub(" ", text)
            notices.append("Field prefixes are searched as plain words by the PostgreSQL backend.")
        rank, rank_params = self._rank(text)
        words, word_params = ("document @@ websearch_to_tsquery('english', %s)", [text]) if text else ("TRUE", [])
        where, params = self._filters(request)
        parts = [f"SELECT 'count', '', count(*)::float8 FROM m WHERE {where}"]
        all_params = [*rank_params, *word_params, *params]
        for facet in FACETS:
            facet_where, facet_params = self._filters(request, skip=facet)
            value = f"unnest({facet})" if facet in ARRAY_FACETS else ("year::text" if facet == "year" else facet)
            parts.append(f"SELECT '{facet}', v, count(*)::float8 FROM (SELECT {value} AS v FROM m WHERE {facet_where}) s "
                         "WHERE v <> '' AND v <> '0' GROUP BY v")
            all_params += facet_params
        any_date, any_date_params = self._filters(request, dates=False)  # the chart shows around a range
        parts.append(f"SELECT '{HISTOGRAM}', month::text, count(*)::float8 FROM m WHERE {any_date} AND month > 0 "
                     "GROUP BY month")
        all_params += any_date_params
        # named apart, so the order's article_id is the number, not its text
        parts.append(f"(SELECT 'hit', article_id::text AS hit, rank FROM m WHERE {where} "
                     f"ORDER BY {self._order(request, text)} LIMIT {FIRST_HITS})")
        all_params += params
        # ranked only where every filter holds: a facet-filtered search keeps a few of its words' matches
        sql = (f"WITH m AS MATERIALIZED (SELECT article_id, {', '.join(FACET_COLUMNS)}, published, "
               f"CASE WHEN {where} THEN {rank} END AS rank FROM {TABLE} WHERE {words}) " + " UNION ALL ".join(parts))
        all_params = [*params, *all_params]
        with self._within(budget, "matching") as execute:
            # Words are matched through the GIN index: a scan of the table reads every document out of line,
            # which the planner does not count (705 ms at 100,000 articles). The matches' columns are kept in
            # memory, not spilled to a temporary file, for the passes that count them.
            execute("SELECT set_config('enable_seqscan', %s, true), set_config('work_mem', %s, true)",
                    ["off" if text else "on", WORK_MEM])
            rows = execute(sql, all_params)
        counts = {facet: {} for facet in (*FACETS, HISTOGRAM)}
        total, hits = 0, []
        for kind, value, number in rows:
            if kind == "count":
                total = int(number)
            elif kind == "hit":
                hits.append(Hit(int(value), int(value), float(number)))
            else:
                counts[kind][value] = int(number)
        facets = {}
        for facet in FACETS:
            for chosen in request.filters.get(facet, []):
                counts[facet].setdefault(chosen, 0)
            facets[facet] = sorted(counts[facet].items(), key=lambda item: (-item[1], item[0]))
        facets[HISTOGRAM] = sorted(counts[HISTOGRAM].items())
        return {"query": text or None, "notices": notices, "count": total, "facets": facets, "hits": hits,
                "filtered": any(request.filters.values()) or request.limits_dates}

    def _ranked(self, state, limit, request, budget):
        if limit <= len(state["hits"]) or len(state["hits"]) >= state["count"]:
            return state["hits"][:limit]
        text = state["query"] or ""
        rank, rank_params = self._rank(text)
        where, params = self._conditions(text, request)
        with self._within(budget, "ranking") as execute:
            rows = execute(f"SELECT article_id, {rank} AS rank FROM {TABLE} WHERE {where} "
                           f"ORDER BY {self._order(request, text)} LIMIT %s", [*rank_params, *params, limit])
            return [Hit(row[0], row[0], float(row[1])) for row in rows]

    def snippet(self, query, texts, docnum=None, state=None):
        if not query:
            return ""
        with connection.cursor() as cursor:
            for text in texts:
                if not text:
                    continue
                cursor.execute(
                    "SELECT ts_headline('english', %s, websearch_to_tsquery('english', %s), %s)",
                    [text, query, f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=35, MinWords=15, "
                                  "FragmentDelimiter=\" … \""])
                headline = cursor.fetchone()[0]
                if START in headline:
                    return escape(headline, quote=False).replace(START, "<mark>").replace(STOP, "</mark>")
        return ""

    def _suggest(self, request, count, budget):
        return None

    def related(self, article, limit=5):
        return None  # the caller falls back to shared delegations, outlets and people
