"""The PostgreSQL full-text backend, behind the same interface as Whoosh.

One row per article in ``newsroom_search``: the facet values of the same index
documents Whoosh gets, and the weighted ``tsvector`` of its whole document
(title A, names and quotes B, body C) under GIN indexes, matched; its lead, a
vector of its opening, ranked, is in ``newsroom_search_leads``. Both vectors are
made from the texts as the row is written. Queries use
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
from .facets import count_facets, matching, one_per_story, story_rank
from .pgcolumns import ARRAY_FACETS, FACET_COLUMNS, SEPARATOR, ColumnKeeper
from .results import Hit, Results
from .store import SearchUnavailable

logger = logging.getLogger(__name__)

TABLE = "newsroom_search"
LEADS = "newsroom_search_leads"  # each row's lead, for ranking
STATE = "newsroom_search_state"  # one row: the version of the last write, and of the last deletion
VERSIONS = "newsroom_search_versions"  # the sequence
WORK_MEM = "64MB"  # for one search statement: 100,000 matches with their rank
FIELD_RE = re.compile(r"\b[A-Za-z]+:")
# A fielded word is matched in the part of the document its field is in: an outlet's in the outlets' names (D), a
# title's in the title (A); the other names share B (analysed as written) with the quotes (B, stemmed).
FIELD_PARTS = {"outlet": ("simple", "D"), "publisher": ("simple", "D"), "title": ("english", "A"),
               "quote": ("english", "B"),
               **dict.fromkeys(("speaker", "person", "delegation", "country"), ("simple", "B"))}
FIELDED_RE = re.compile(r'(?<![\w-])(?P<minus>-)?(?P<field>[A-Za-z]+):(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"()]+))')
WORD_RE = re.compile(r"\w+")


def fielded_terms(text):
    """(``text`` without the words of the fields it names, [(text search configuration, tsquery)], those words
    as plain text): each field's words must be in its part of the document ("outlet:gazette" as 'gazette':D; a
    negated field's words, together, must not); a field this backend does not know stays in the text."""
    parts, plain = {}, []

    def take(match):
        part = FIELD_PARTS.get(match.group("field").lower())
        value = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        words = [word.lower() for word in WORD_RE.findall(value)]
        if part is None or not words:
            return match.group()
        together = " & ".join(f"{word}:{part[1]}" for word in words)
        parts.setdefault(part, []).append(f"!({together})" if match.group("minus") else f"({together})")
        if not match.group("minus"):
            plain.extend(words)
        return " "

    rest = FIELDED_RE.sub(take, text)
    return rest, [(config, " & ".join(terms)) for (config, _weight), terms in parts.items()], " ".join(plain)
START, STOP = "\x02", "\x03"  # ts_headline markers, replaced after the text is escaped

# Relevance is cover density over an article's lead: its title, and its names, quotes and body each up to
# LEAD_CHARS, the opening where a news story says what it is about. A lead that does not match the query ranks
# 0, so only the matches whose leads its own GIN index finds are ranked (8,948 of a two-word search's 29,921 at
# 100,000 articles). The leads are a table of their own, in line (ranking 9,000 leads read back from TOAST
# was 110-125 ms), and the search table keeps its document out of line and no text: listing the matches reads
# a narrow heap (163 MB with the leads in it: 87 ms against 26 warm). Its rows are made to fit ROW_BYTES by
# moving the largest value (the document) out: at 128 bytes the facet values went too, and filtering 44,599
# matches by them read each back (600 ms).
LEAD_CHARS = 500
ROW_BYTES = 512
# Filters keeping fewer articles than this (known from the facet columns) have their leads looked up by id: a
# join made PostgreSQL read all 20,692 leads with "government" to rank the 57 matches in two countries and a year
KEPT_BY_ID = 2_000

# A two-word phrase is matched as one word: each pair of words next to each other in a document is indexed
# beside its words ("prime minist"; the parser never makes a word with a space). A phrase through the
# document's own index reads each candidate's whole document back to check the words' order: 307 ms of 17,714
# candidates at 100,000 articles, against 16 warm (140 cold) by the pairs. Any other phrase (three words or
# more, a stop word between) is still checked that way.
PAIRS = "newsroom_word_pairs"
WORDS_AND_PAIRS = f"(document || {PAIRS}(document))"
PAIR_RE = re.compile(r"'((?:[^']|'')*)' <-> '((?:[^']|'')*)'")  # two words of a phrase, as a tsquery prints them

LEADS_TABLE = f"CREATE TABLE IF NOT EXISTS {LEADS} (article_id bigint PRIMARY KEY, lead tsvector NOT NULL);"
DDL = f"""
CREATE OR REPLACE FUNCTION {PAIRS}(words tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.word || ' ' || b.word)), ''::tsvector)
  FROM (SELECT lexeme AS word, unnest(positions) AS position FROM unnest(words)) a
  JOIN (SELECT lexeme AS word, unnest(positions) AS position FROM unnest(words)) b ON b.position = a.position + 1
$$;
CREATE TABLE IF NOT EXISTS {TABLE} (
    article_id bigint PRIMARY KEY,
    fingerprint text NOT NULL,
    country text[] NOT NULL DEFAULT '{{}}', outlet text[] NOT NULL DEFAULT '{{}}',
    delegation text[] NOT NULL DEFAULT '{{}}', speaker text[] NOT NULL DEFAULT '{{}}',
    publisher text NOT NULL DEFAULT '', year integer NOT NULL DEFAULT 0, month integer NOT NULL DEFAULT 0,
    published integer NOT NULL DEFAULT 0,
    document tsvector NOT NULL
);
ALTER TABLE {TABLE} SET (toast_tuple_target = {ROW_BYTES});
CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document);
CREATE INDEX IF NOT EXISTS {TABLE}_pairs ON {TABLE} USING gin ({WORDS_AND_PAIRS});
{LEADS_TABLE}
ALTER TABLE {LEADS} ALTER COLUMN lead SET STORAGE MAIN;
CREATE INDEX IF NOT EXISTS {LEADS}_lead ON {LEADS} USING gin (lead);
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS version bigint NOT NULL DEFAULT 0;
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS language text NOT NULL DEFAULT '';
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS copy text NOT NULL DEFAULT '';
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS story text NOT NULL DEFAULT '';
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS layout integer NOT NULL DEFAULT 1;
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


def _vectors(title, names, quotes, body, outlets=None):
    """SQL of the (document, lead) vectors made from SQL text expressions; the document also holds the outlets'
    names on their own (weight D), which "outlet:" and "publisher:" words are matched in."""
    def vector(lead):
        cut = (lambda text: f"left({text}, {LEAD_CHARS})") if lead else (lambda text: text)
        return (f"setweight(to_tsvector('english', {title}), 'A') || "
                f"setweight(to_tsvector('simple', {cut(names)}), 'B') || "
                f"setweight(to_tsvector('english', {cut(quotes)}), 'B') || "
                f"setweight(to_tsvector('english', {cut(body)}), 'C')"
                + (f" || setweight(to_tsvector('simple', {outlets}), 'D')" if outlets and not lead else ""))
    return vector(False), vector(True)


# The layout before the lead vector kept the texts, with the document generated from them: moved in place.
OLD_LAYOUT_MIGRATION = f"""
ALTER TABLE {TABLE} ALTER COLUMN document DROP EXPRESSION;
ALTER TABLE {TABLE} ADD COLUMN lead tsvector;
UPDATE {TABLE} SET lead = {_vectors("title", "names", "quotes", "body")[1]};
ALTER TABLE {TABLE} ALTER COLUMN lead SET NOT NULL;
ALTER TABLE {TABLE} DROP COLUMN title, DROP COLUMN body, DROP COLUMN quotes, DROP COLUMN names;
"""
# The layout before the leads' table kept each lead in its row: moved.
LEAD_MIGRATION = f"""
{LEADS_TABLE}
INSERT INTO {LEADS} SELECT article_id, lead FROM {TABLE} ON CONFLICT (article_id) DO NOTHING;
ALTER TABLE {TABLE} DROP COLUMN lead;
"""
TEXTS = ["title", "body", "quotes", "names", "outlet_names"]
# How a row's document is made: 2 since it holds the outlets' names apart (D). A table with rows written before
# answers, but "outlet:" misses them: check_index says it is outdated and its --fix rewrites it.
LAYOUT = 2
# what _row gives, in its order, with each value's type
WRITTEN = [("article_id", "bigint"), ("fingerprint", "text"), *((text, "text") for text in TEXTS),
           *((facet, "text[]") for facet in ARRAY_FACETS), ("publisher", "text"), ("language", "text"),
           ("copy", "text"), ("story", "text"),
           ("year", "integer"), ("month", "integer"), ("published", "integer"), ("layout", "integer"),
           ("version", "bigint")]
STORED = [name for name, _type in WRITTEN if name not in TEXTS]
DOCUMENT, LEAD = _vectors("v.title", "v.names", "v.quotes", "v.body", "v.outlet_names")
UPSERT = (f"WITH v AS (SELECT * FROM (VALUES ({', '.join(f'%s::{kind}' for _name, kind in WRITTEN)})) "
          f"AS v({', '.join(name for name, _type in WRITTEN)})), "
          f"main AS (INSERT INTO {TABLE} ({', '.join(STORED)}, document) "
          f"SELECT {', '.join(f'v.{name}' for name in STORED)}, {DOCUMENT} FROM v "
          f"ON CONFLICT (article_id) DO UPDATE SET "
          + ", ".join(f"{name} = EXCLUDED.{name}" for name in [*STORED[1:], "document"]) + ") "
          f"INSERT INTO {LEADS} (article_id, lead) SELECT v.article_id, {LEAD} FROM v "
          "ON CONFLICT (article_id) DO UPDATE SET lead = EXCLUDED.lead")


def _split(value):
    return [v for v in (value or "").split(",") if v]


def _row(doc):
    names = " ".join(doc.get(f, "") for f in ("speakers_text", "outlets_text", "people_text", "delegation_text",
                                                "publisher_text", "countries_text", "extra"))
    return [int(doc["id"]), doc.get("fingerprint", ""), doc.get("title", ""), doc.get("body", ""),
            doc.get("quotes", ""), names, doc.get("outlets_text", ""), *(_split(doc.get(f)) for f in ARRAY_FACETS),
            doc.get("publisher", ""), doc.get("language", ""), doc.get("copy", ""), doc.get("story", ""),
            doc.get("year", 0), doc.get("month", 0), doc.get("published", 0), LAYOUT]


class PostgresBackend:
    def __init__(self):
        self._ready = False
        self._columns = ColumnKeeper(self._changed_rows)

    def _ensure(self):
        if connection.vendor != "postgresql":
            raise SearchUnavailable("The PostgreSQL search backend needs DATABASE_URL to point at PostgreSQL.")
        if not self._ready:
            with transaction.atomic(), connection.cursor() as cursor:
                # processes starting together move and create all this once, one after the other
                cursor.execute(f"SELECT pg_advisory_xact_lock(hashtext('{TABLE}'))")
                for column, migration in [("body", OLD_LAYOUT_MIGRATION), ("lead", LEAD_MIGRATION)]:
                    cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                                   "AND column_name = %s AND table_schema = current_schema()", [TABLE, column])
                    if cursor.fetchone():
                        logger.warning("moving the PostgreSQL search table to its new layout (once; may take "
                                       "minutes)")
                        cursor.execute(migration)
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
            for table in (TABLE, LEADS):
                cursor.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", [[int(i) for i in ids]])

    def rebuild(self, documents, progress=None):
        self._ensure()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(NEXT_DELETION)
                cursor.execute(f"DELETE FROM {TABLE}; DELETE FROM {LEADS}")
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
            found = {}
            for article_id, fingerprint in cursor.fetchall():
                found.setdefault(article_id, []).append(fingerprint)
            return found

    @staticmethod
    def state():
        return "postgres"  # its rows change in the database's own transactions: the change counter covers them

    def analysis_is_current(self):
        """Whether every row's document is made as this code makes it (see LAYOUT)."""
        self._ensure()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {TABLE} WHERE layout < %s)", [LAYOUT])
            return cursor.fetchone()[0]

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
            elif facet in ("publisher", "language", "copy"):
                where.append(f"{facet} = ANY(%s)")
                params.append(list(chosen))
        return " AND ".join(where) or "TRUE", params

    @staticmethod
    def _matches(words, query_text, fielded=()):
        """The SQL condition (and its parameters) matching a query whose words PostgreSQL printed as
        ``words``: its two-word phrases as word pairs (see PAIRS) when it has no other phrase; a query without
        phrases through the document's own index (a third of the size); each of ``fielded``'s words in its
        field's part of the document."""
        conditions, params = [], []
        if query_text.strip() or not fielded:
            paired = PAIR_RE.sub(lambda pair: f"'{pair[1]} {pair[2]}'", words)
            if "<" in paired or paired == words:
                conditions.append("document @@ websearch_to_tsquery('english', %s)")
                params.append(query_text)
            else:
                conditions.append(f"{WORDS_AND_PAIRS} @@ %s::tsquery")
                params.append(paired)
        for config, query in fielded:
            conditions.append("document @@ to_tsquery(%s::regconfig, %s)")
            params.extend([config, query])
        return " AND ".join(conditions), params

    def _matched_and_ranked(self, request, columns, words, text, fielded=(), named=""):
        """The statement (and its parameters) listing the matches (rank NULL), then the ranks of those every
        filter keeps whose leads match; only those: a phrase of common words that matches no document has its
        words in 30,000 leads."""
        kept = self._kept_ids(request, columns)
        if kept is None:
            where, params = self._filters(request)
            leads, lead_params = f"{LEADS} JOIN matches USING (article_id) WHERE kept AND", []
        else:
            where, params = "TRUE", []
            leads, lead_params = f"{LEADS} WHERE article_id = ANY(%s) AND", [kept]
        matches, match_params = self._matches(words, text, fielded)
        ranked_text = text if text.strip() else named  # a query of fielded words only: ranked by those words
        return (f"WITH matches AS (SELECT article_id, {where} AS kept FROM {TABLE} WHERE {matches}) "
                "SELECT article_id, NULL::real FROM matches UNION ALL "
                "SELECT article_id, ts_rank_cd(lead, websearch_to_tsquery('english', %s)) "
                f"FROM {leads} lead @@ websearch_to_tsquery('english', %s)",
                [*params, *match_params, ranked_text, *lead_params, self._lead_words(ranked_text)])

    @staticmethod
    def _kept_ids(request, columns):
        """The ids of the articles the request's filters keep, when there are few of them (KEPT_BY_ID)."""
        if not (any(request.filters.values()) or request.limits_dates):
            return None
        kept = matching(columns, columns.live, request.filters, columns.date_mask(request))
        return columns.article_ids[kept].tolist() if kept.sum() <= KEPT_BY_ID else None

    @staticmethod
    def _lead_words(query_text):
        """The query whose lead matches are ranked. A phrase's words as plain words: the lead's GIN index then
        answers without reading each candidate back to check the words' order (the phrase ranks 0 in a lead
        without it all the same: 9,031 candidates for 9,019 phrases, 75 ms against 314 for a first run). Not
        with a negation or an OR, where the plain words would find fewer leads than the phrase."""
        if '"' in query_text and "-" not in query_text and not re.search(r"\bor\b", query_text, re.IGNORECASE):
            return query_text.replace('"', " ")
        return query_text

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

        Profiled at 100,000 articles (EXPLAIN ANALYZE): listing the matches reads their narrow rows (and,
        for a phrase of more than two words, each candidate's whole document from TOAST to check the words'
        order); ranking reads the leads that match."""
        self._ensure()
        notices = []
        text, fielded, named = fielded_terms(request.q.strip()[:300])
        if FIELD_RE.search(text):
            text = FIELD_RE.sub(" ", text)
            notices.append("Fields other than title:, quote:, outlet:, publisher:, speaker:, person:, delegation: "
                           "and country: are searched as plain words by the PostgreSQL backend.")
        columns = self._current_columns()
        budget.start()  # reading the rows written since is upkeep, not the query's cost
        with self._within(budget, "matching") as execute:
            scores = None
            if text.strip() or fielded:
                # through the GIN indexes: a scan of the table reads every document out of line, which the
                # planner does not count (705 ms at 100,000 articles)
                words = execute("SELECT websearch_to_tsquery('english', %s)::text, set_config('enable_seqscan', "
                                "'off', true), set_config('work_mem', %s, true), set_config('jit', 'off', true)",
                                [text, WORK_MEM])[0][0]
                rows = execute(*self._matched_and_ranked(request, columns, words, text, fielded, named))
                matched_ids = [article_id for article_id, rank in rows if rank is None]
                positions = columns.positions_of(matched_ids)
                if (positions < 0).any():  # written since the columns were read
                    columns = self._current_columns()
                    positions = columns.positions_of(matched_ids)
                scores = np.zeros(columns.doc_count)
                ranked = [(article_id, rank) for article_id, rank in rows if rank is not None]
                ranked_positions = columns.positions_of([article_id for article_id, _rank in ranked])
                known = ranked_positions >= 0
                scores[ranked_positions[known]] = np.array([rank for _id, rank in ranked])[known]
                docs = columns.mask(positions[positions >= 0])
            else:
                docs = columns.live
        budget.check("facets")
        dates = columns.date_mask(request)
        matched = matching(columns, docs, request.filters, dates)
        articles = int(matched.sum())
        if not request.every_copy:
            matched, _folded = one_per_story(columns, matched, story_rank(columns, request, scores))
        return {"query": request.q.strip()[:300] or None, "notices": notices, "count": int(matched.sum()), "articles": articles,
                "matched": matched, "facets": count_facets(columns, docs, request.filters, dates),
                "scores": scores, "columns": columns,
                "filtered": any(request.filters.values()) or request.limits_dates}

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
