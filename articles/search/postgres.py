"""The PostgreSQL full-text backend, behind the same interface as Whoosh.

One row per article in ``newsroom_search``: the texts and facet values of the
same index documents Whoosh gets, and a weighted ``tsvector`` the database
keeps itself (a generated column: title A, names and quotes B, body C) under a
GIN index. Queries use ``websearch_to_tsquery``; snippets ``ts_headline``;
facet counts are grouped queries, disjunctive like Whoosh's.
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
FIELD_RE = re.compile(r"\b[A-Za-z]+:")
START, STOP = "\x02", "\x03"  # ts_headline markers, replaced after the text is escaped

DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    article_id bigint PRIMARY KEY,
    fingerprint text NOT NULL,
    title text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    quotes text NOT NULL DEFAULT '',
    names text NOT NULL DEFAULT '',
    country text[] NOT NULL DEFAULT '{{}}', outlet text[] NOT NULL DEFAULT '{{}}',
    delegation text[] NOT NULL DEFAULT '{{}}', speaker text[] NOT NULL DEFAULT '{{}}',
    publisher text NOT NULL DEFAULT '', year integer NOT NULL DEFAULT 0, month integer NOT NULL DEFAULT 0,
    published integer NOT NULL DEFAULT 0,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('simple', names), 'B') || setweight(to_tsvector('english', quotes), 'B') ||
        setweight(to_tsvector('english', body), 'C')
    ) STORED
);
CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document);
"""


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
            with connection.cursor() as cursor:
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
        columns = ("article_id, fingerprint, title, body, quotes, names, country, outlet, delegation, speaker, "
                   "publisher, year, month, published")
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns.split(", ")[1:])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({columns}) VALUES ({', '.join(['%s'] * 14)}) "
                f"ON CONFLICT (article_id) DO UPDATE SET {updates}", rows)
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
    def _conditions(query_text, request, skip=None, dates=True):
        """SQL conditions for the words and filters (all facets but ``skip``; the date range unless not ``dates``)."""
        where, params = [], []
        if query_text:
            where.append("document @@ websearch_to_tsquery('english', %s)")
            params.append(query_text)
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
        self._ensure()
        notices = []
        text = request.q.strip()[:300]
        if FIELD_RE.search(text):
            text = FIELD_RE.sub(" ", text)
            notices.append("Field prefixes are searched as plain words by the PostgreSQL backend.")
        where, params = self._conditions(text, request)
        with self._within(budget, "matching") as execute:
            matched = [row[0] for row in execute(f"SELECT article_id FROM {TABLE} WHERE {where}", params)]
            facets = {}
            for facet in FACETS:
                facet_where, facet_params = self._conditions(text, request, skip=facet)
                value = f"unnest({facet})" if facet in ARRAY_FACETS else ("year::text" if facet == "year" else facet)
                counts = dict(execute(f"SELECT v, count(*) FROM (SELECT {value} AS v FROM {TABLE} WHERE {facet_where}) s "
                                      f"WHERE v <> '' AND v <> '0' GROUP BY v", facet_params))
                for chosen in request.filters.get(facet, []):
                    counts.setdefault(chosen, 0)
                facets[facet] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            any_date, any_date_params = self._conditions(text, request, dates=False)  # the chart shows around a range
            months = execute(f"SELECT month, count(*) FROM {TABLE} WHERE {any_date} AND month > 0 GROUP BY month",
                             any_date_params)
            facets[HISTOGRAM] = sorted((str(m), c) for m, c in months)
        return {"query": text or None, "notices": notices, "matched": matched, "count": len(matched), "facets": facets,
                "filtered": any(request.filters.values()) or request.limits_dates}

    def _ranked(self, state, limit, request, budget):
        where, params = self._conditions(state["query"] or "", request)
        sort = request.effective_sort
        if sort == "relevance" and state["query"]:
            order = "ts_rank_cd(document, websearch_to_tsquery('english', %s)) DESC, article_id"
            params = params + [state["query"]]
        else:
            direction = "ASC" if sort == "oldest" else "DESC"
            order = f"(published > 0) DESC, published {direction}, article_id DESC"
        with self._within(budget, "ranking") as execute:
            rows = execute(f"SELECT article_id FROM {TABLE} WHERE {where} ORDER BY {order} LIMIT %s", params + [limit])
            return [Hit(row[0], row[0], 0.0) for row in rows]

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
