"""The PostgreSQL full-text backend, behind the same interface as Whoosh.

One row per article in ``newsroom_search``: the facet values of the same index
documents Whoosh gets, and two weighted ``tsvector``s made from their texts as
the row is written: the whole document (title A, names and quotes B, body C)
under a GIN index, and its lead for ranking. Queries use
``websearch_to_tsquery``; snippets ``ts_headline``. PostgreSQL matches and ranks;
facets are counted, disjunctive like Whoosh's, over the table's facet columns kept
in the web process (pgcolumns.py).
"""
from contextlib import contextmanager
from html import escape
import logging
import re

from django.db import OperationalError, connection, transaction
import numpy as np

from .budget import TooBroad
from .bulk import DirectBulkWriter
from .facets import count_facets, matching
from .pgcolumns import ARRAY_FACETS, FACET_COLUMNS, SEPARATOR, ColumnKeeper
from .results import Hit, Results
from .store import SearchUnavailable

logger = logging.getLogger(__name__)

TABLE = "newsroom_search"
STATE = "newsroom_search_state"  # one row: the version of the last write, and of the last deletion
VERSIONS = "newsroom_search_versions"  # the sequence
WORK_MEM = "64MB"  # for one search statement: 100,000 matches with their rank
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
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS version bigint NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS {TABLE}_version ON {TABLE} (version);
CREATE SEQUENCE IF NOT EXISTS {VERSIONS};
CREATE TABLE IF NOT EXISTS {STATE} (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL DEFAULT 0, deleted bigint NOT NULL DEFAULT 0
);
INSERT INTO {STATE} DEFAULT VALUES ON CONFLICT DO NOTHING;
"""
# A write's version: the next of the sequence, taken under the state row's lock (writes commit in its order)
NEXT_VERSION = f"UPDATE {STATE} SET version = nextval('{VERSIONS}') RETURNING version"
NEXT_DELETION = f"UPDATE {STATE} SET (version, deleted) = (SELECT v, v FROM nextval('{VERSIONS}') v)"
# The table's version and last deletion, with the rows written after %s (one row of NULLs when none), read in
# one statement: one snapshot
CHANGED_ROWS = ("SELECT s.version, s.deleted, t.article_id, "
                + ", ".join(f"array_to_string(t.{c}, '{SEPARATOR}')" if c in ARRAY_FACETS else f"t.{c}"
                            for c in FACET_COLUMNS)
                + f", t.published FROM {STATE} s LEFT JOIN {TABLE} t ON t.version > %s")


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
           ("month", "integer"), ("published", "integer"), ("version", "bigint")]
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
        self._columns = ColumnKeeper(self._changed_rows)

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
        self._columns.forget()

    def recreate(self):
        self.reset()
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
            cursor.execute(NEXT_VERSION)
            version = cursor.fetchone()[0]
            cursor.executemany(UPSERT, [[*row, version] for row in rows])
        return len(rows)

    def bulk_writer(self):
        return DirectBulkWriter(self.add_bulk)

    def delete(self, ids):
        self._ensure()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(NEXT_DELETION)
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [[int(i) for i in ids]])

    def rebuild(self, documents, progress=None):
        self._ensure()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(NEXT_DELETION)
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
    def _filters(request):
        """SQL conditions (and their parameters) for the facet filters and the date range, over the columns a
        search table row has: the matches that every filter keeps are the ones ranked."""
        where, params = [], []
        if request.limits_dates:
            inside = "(published BETWEEN %s AND %s)"
            where.append({"include": f"({inside} OR published = 0)", "exclude": inside,
                          "only": "published = 0"}[request.undated_rule])
            if request.undated_rule != "only":
                params.extend(request.published_bounds())
        for facet, chosen in request.filters.items():
            if not chosen:
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

    def _current_columns(self):
        with transaction.atomic(), connection.cursor() as cursor:
            def execute(sql, params):
                cursor.execute(sql, params)
                return cursor.fetchall()
            return self._columns.current(execute)

    @staticmethod
    def _changed_rows(execute, since):
        """(the table's version, its last deletion's, the rows written after ``since``) for ColumnKeeper."""
        # upkeep, without a request's time limit; the rows since a version through its index, whatever the
        # planner last learnt of the column; no JIT compilation, which the cost of a scan turned off calls for
        # (150 ms for a statement of 0.3)
        execute("SELECT set_config('statement_timeout', '0', true), set_config('enable_seqscan', %s, true), "
                "set_config('jit', 'off', true)", ["on" if since < 0 else "off"])
        rows = execute(CHANGED_ROWS, [since])
        return rows[0][0], rows[0][1], [row[2:] for row in rows if row[2] is not None]

    def _execute(self, request, budget):
        """Count, facets and month histogram: PostgreSQL matches the words (GIN) and ranks the matches that
        every filter keeps, in one statement; the facets are counted over the columns kept in this process.

        Profiled at 100,000 articles (EXPLAIN ANALYZE): matching reads each match's row (its lead is there,
        in line, for ranking; the whole document is out of line, in TOAST), and ranking 30,000 leads by cover
        density is about 70 ms."""
        self._ensure()
        notices = []
        text = request.q.strip()[:300]
        if FIELD_RE.search(text):
            text = FIELD_RE.sub(" ", text)
            notices.append("Field prefixes are searched as plain words by the PostgreSQL backend.")
        columns = self._current_columns()
        budget.start()  # reading the rows written since is upkeep, not the query's cost
        with self._within(budget, "matching") as execute:
            scores = None
            if text:
                rank, rank_params = self._rank(text)
                where, params = self._filters(request)
                # through the GIN index: a scan of the table reads every document out of line, which the
                # planner does not count (705 ms at 100,000 articles)
                execute("SELECT set_config('enable_seqscan', 'off', true), set_config('work_mem', %s, true), "
                        "set_config('jit', 'off', true)", [WORK_MEM])
                rows = execute(f"SELECT article_id, CASE WHEN {where} THEN {rank} END FROM {TABLE} "
                               "WHERE document @@ websearch_to_tsquery('english', %s)", [*params, *rank_params, text])
                matched_ids = [row[0] for row in rows]
                positions = columns.positions_of(matched_ids)
                if (positions < 0).any():  # written since the columns were read
                    columns = self._current_columns()
                    positions = columns.positions_of(matched_ids)
                found = positions >= 0
                scores = np.zeros(columns.doc_count)
                scores[positions[found]] = [row[1] or 0.0 for row, kept in zip(rows, found) if kept]
                docs = columns.mask(positions[found])
            else:
                docs = columns.live
        budget.check("facets")
        dates = columns.date_mask(request)
        matched = matching(columns, docs, request.filters, dates)
        return {"query": text or None, "notices": notices, "count": int(matched.sum()), "matched": matched,
                "facets": count_facets(columns, docs, request.filters, dates), "scores": scores,
                "columns": columns, "filtered": any(request.filters.values()) or request.limits_dates}

    def _ranked(self, state, limit, request, budget):
        """The first ``limit`` matches in the request's order, as the database lists them (ties by id)."""
        positions = np.flatnonzero(state["matched"])
        ids = state["columns"].article_ids[positions]
        scores = state["scores"][positions] if state["scores"] is not None else np.zeros(len(positions))
        if request.effective_sort == "relevance" and state["query"]:
            order = np.lexsort((ids, -scores))
        else:
            published = state["columns"].published[positions]
            sign = 1 if request.effective_sort == "oldest" else -1
            order = np.lexsort((sign * ids, sign * published, published == 0))
        chosen = order[:limit]
        return [Hit(int(i), int(i), float(score)) for i, score in zip(ids[chosen].tolist(), scores[chosen].tolist())]

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
