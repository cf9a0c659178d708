"""Search quality on a judged query set: nDCG@10 and recall@20 per engine over the same articles.

The judgments (``corpus/relevance/judgments.json``) grade articles of the shipped corpus (seeds and Wikinews)
for each query, 3 (about it) to 1 (mentions it); unlisted articles count 0. Every engine is asked the query
as a user types it and ranks the same index documents: the Whoosh backend, the PostgreSQL backend when the
database is PostgreSQL, and plain SQLite FTS5 with its BM25 ranking as the reference.
"""
import json
import math
import re
import sqlite3
import statistics
from pathlib import Path

from django.conf import settings

NDCG_DEPTH, RECALL_DEPTH = 10, 20
FTS_WORD_RE = re.compile(r'"[^"]*"|[^\W_][\w\'’.-]*', re.UNICODE)


def judgments_path():
    return Path(settings.BASE_DIR) / "corpus" / "relevance" / "judgments.json"


def load_judgments(path=None):
    """[(query, kind, {source file: grade})], checked: a malformed file names what is wrong."""
    path = Path(path or judgments_path())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        queries = [(item["query"], item["kind"], {name: int(grade) for name, grade in item["grades"].items()})
                   for item in data["queries"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: not a judgments file ({error})") from error
    if not queries:
        raise ValueError(f"{path}: no queries")
    return queries


def dcg(grades):
    return sum((2 ** grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(ranked, grades, depth=NDCG_DEPTH):
    """Normalised discounted cumulative gain of a ranking (names of articles) against graded judgments."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:depth])
    return dcg([grades.get(name, 0) for name in ranked[:depth]]) / ideal if ideal else 0.0


def recall(ranked, grades, depth=RECALL_DEPTH):
    relevant = {name for name, grade in grades.items() if grade > 0}
    return len(relevant & set(ranked[:depth])) / len(relevant) if relevant else 0.0


def score(rank, queries):
    """{"ndcg@10", "recall@20", "by_kind": {...}, "queries": {query: (ndcg, recall)}, "rankings": {query: [names]}}
    for ``rank(query) -> [names]``."""
    per_query, by_kind, rankings = {}, {}, {}
    for query, kind, grades in queries:
        ranked = rankings[query] = rank(query)
        per_query[query] = (ndcg(ranked, grades), recall(ranked, grades))
        by_kind.setdefault(kind, []).append(per_query[query][0])
    return {
        f"ndcg@{NDCG_DEPTH}": round(statistics.mean(n for n, _ in per_query.values()), 3),
        f"recall@{RECALL_DEPTH}": round(statistics.mean(r for _, r in per_query.values()), 3),
        "by_kind": {kind: round(statistics.mean(values), 3) for kind, values in sorted(by_kind.items())},
        "queries": {query: (round(n, 3), round(r, 3)) for query, (n, r) in per_query.items()},
        "rankings": rankings,
    }


def backend_ranker(backend, names):
    """Rank with one of our search backends; ``names`` maps article ids to source file names."""
    from ..search.results import SearchRequest

    def rank(query):
        results = backend.search(SearchRequest(q=query))
        return [names.get(hit.article_id, "") for hit in results[:RECALL_DEPTH]]
    return rank


def fts5_ranker(documents, names):
    """Plain SQLite FTS5 (porter stemming, BM25) over the same documents' texts, every column weighted alike."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, quotes, names, tokenize='porter unicode61')")
    db.executemany("INSERT INTO docs(rowid, title, body, quotes, names) VALUES (?, ?, ?, ?, ?)", (
        (int(d["id"]), d["title"], d["body"], d["quotes"],
         " ".join(d[f] for f in ("speakers_text", "outlets_text", "people_text", "delegation_text",
                                 "publisher_text", "countries_text", "extra"))) for d in documents))

    def rank(query):
        # each word or "phrase" as an FTS5 string: a user's query, not FTS5 syntax (no column filters, no NEAR)
        terms = [token.strip('"') for token in FTS_WORD_RE.findall(query)]
        match = " ".join('"' + term.replace('"', "") + '"' for term in terms if term.strip())
        if not match:
            return []
        rows = db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", [match, RECALL_DEPTH])
        return [names.get(row[0], "") for row in rows]
    return rank


class _Rollback(Exception):
    pass


def measure(queries, workdir, progress=print):
    """Ingest the shipped corpus into the database (rolled back afterwards) and a Whoosh index in ``workdir``,
    and score every engine on the same documents: {engine: score(...)}."""
    from django.db import connection, transaction
    from django.test import override_settings

    from .corpus import write_text_corpus
    from ..ingest import run
    from ..models import Article
    from ..search.backend import WhooshBackend
    from ..search.documents import documents_for

    workdir = Path(workdir)
    files = write_text_corpus(workdir / "articles")
    judged = {name for _, _, grades in queries for name in grades}
    missing = judged - {path.name for path in files}
    if missing:
        raise ValueError(f"judged articles not in the corpus: {', '.join(sorted(missing)[:5])}")
    scores = {}
    try:
        # quality, not speed, is measured: a loaded machine must not refuse a judged query as too broad
        with transaction.atomic(), override_settings(NEWSROOM_INDEX_DIR=str(workdir / "index"),
                                                     NEWSROOM_SEARCH_BUDGET=60):
            report = run([workdir / "articles"])
            progress(f"ingested {report.created} articles ({report.failed} failed) into a rolled-back transaction")
            names = dict(Article.objects.filter(source_file__in=[p.name for p in files])
                         .values_list("pk", "source_file"))
            documents = list(documents_for(names))
            whoosh = WhooshBackend()
            whoosh.rebuild(documents)
            scores["whoosh"] = score(backend_ranker(whoosh, names), queries)
            whoosh.reset()
            scores["fts5"] = score(fts5_ranker(documents, names), queries)
            if connection.vendor == "postgresql":
                from ..search.postgres import PostgresBackend

                postgres = PostgresBackend()
                postgres.rebuild(documents)
                scores["postgres"] = score(backend_ranker(postgres, names), queries)
            raise _Rollback
    except _Rollback:
        pass
    return scores
