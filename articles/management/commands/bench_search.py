import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings

from articles.bench.synthetic import PATHOLOGICAL, QUERY_MIX, synthetic_documents
from articles.management import benchmarks_page
from articles.search.backend import SearchRequest, WhooshBackend
from articles.search.budget import TooBroad
from articles.search.store import new_generation, swap_in, writer_of


ENGINES = ("whoosh", "fts5", "tantivy", "postgres")


class _Rollback(Exception):
    pass


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = ("Build a synthetic archive of N articles from real paragraphs, index it with Whoosh and SQLite FTS5, "
            "and time the search page's full work (count, all facet counts, 20 snippets) for a fixed query mix.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="corpus size (default 10,000)")
        parser.add_argument("--rounds", type=int, default=5, help="times each query of the mix is run")
        parser.add_argument("--seed", type=int, default=7, help="random seed of the corpus (fixed data)")
        parser.add_argument("--engines", default=",".join(ENGINES),
                            help=f"comma-separated engines to run (default all: {','.join(ENGINES)}; postgres "
                                 "only when DATABASE_URL points at PostgreSQL)")
        parser.add_argument("--write-docs", nargs="?", const=True, default=False, metavar="FILE",
                            help="rewrite this benchmark's section of docs/benchmarks.md (or of FILE) with "
                                 "the figures")

    def handle(self, *args, articles, rounds, seed, engines, write_docs, **options):
        if articles < 100:
            raise CommandError("--articles must be at least 100")
        engines = [name.strip() for name in engines.split(",") if name.strip()]
        unknown = set(engines) - set(ENGINES)
        if unknown or not engines:
            raise CommandError(f"--engines: unknown {', '.join(sorted(unknown)) or 'none given'}; choose from "
                               f"{', '.join(ENGINES)}")
        if "postgres" in engines and connection.vendor != "postgresql":
            if engines == ["postgres"]:
                raise CommandError("--engines postgres needs DATABASE_URL to point at PostgreSQL")
            engines.remove("postgres")
        figures = dict.fromkeys(ENGINES)
        with tempfile.TemporaryDirectory() as tmp:
            documents = synthetic_documents(articles, seed=seed)
            self.stdout.write(f"corpus: {articles} articles from real paragraphs (seed {seed})")
            if "whoosh" in engines:
                with override_settings(NEWSROOM_INDEX_DIR=f"{tmp}/index"):
                    figures["whoosh"] = self._whoosh(documents, rounds)
            if "fts5" in engines:
                figures["fts5"] = self._fts5(documents, f"{tmp}/fts.sqlite3", rounds)
            if "tantivy" in engines:
                figures["tantivy"] = self._tantivy(documents, f"{tmp}/tantivy", rounds)
        if "postgres" in engines:
            figures["postgres"] = self._postgres(documents, rounds)
        summary = {"articles": articles, **figures, "peak_rss_mb": round(_peak_mb())}
        whoosh, fts, tantivy = figures["whoosh"], figures["fts5"], figures["tantivy"]
        summary["matched"] = self._matched_alike(figures)
        if whoosh and fts:
            summary["p95_ratio"] = round(whoosh["all_p95_ms"] / max(fts["all_p95_ms"], 0.001), 2)
            self.stdout.write(f"p95 ratio Whoosh/FTS5 over the whole mix: {summary['p95_ratio']}x")
        if whoosh and tantivy:
            summary["p95_ratio_tantivy"] = round(whoosh["all_p95_ms"] / max(tantivy["all_p95_ms"], 0.001), 2)
            self.stdout.write(f"p95 ratio Whoosh/tantivy over the whole mix: {summary['p95_ratio_tantivy']}x")
        self.stdout.write(f"peak resident memory {summary['peak_rss_mb']} MB")
        self.stdout.write(json.dumps(summary))
        if write_docs:
            benchmarks_page.write(write_docs, "bench_search", summary, articles=articles, rounds=rounds,
                                  engines=",".join(engines))

    def _matched_alike(self, figures):
        """{kind: {engine: articles matched}} for the query mix, printed; a timing compares like with like only
        where every engine matched the same articles, so engines that differ stop the benchmark, naming them."""
        table = {kind: {engine: f["matched"][kind] for engine, f in figures.items() if f and f.get("matched")}
                 for kind, _query, _filters in QUERY_MIX}
        for kind, counts in table.items():
            self.stdout.write(f"articles matched, {kind}: " + ", ".join(f"{e} {n}" for e, n in counts.items()))
        unlike = [kind for kind, counts in table.items() if len(set(counts.values())) > 1]
        if unlike:
            raise CommandError(f"the engines matched different articles for {', '.join(unlike)} (counts above): "
                               "their timings would compare different work; make each engine ask what the "
                               "archive's search asks before timing it")
        return table

    def _report(self, name, build_rate, timings):
        # the query mix; an edit's commit-to-searchable time is reported on its own
        every = [t for kind, values in timings.items() if not kind.startswith("edit") for t in values]
        figures = {"build_per_s": round(build_rate, 1), "all_median_ms": round(statistics.median(every), 1),
                   "all_p95_ms": round(_percentile(every, 0.95), 1)}
        self.stdout.write(f"{name}: built at {build_rate:.0f} articles/s")
        for kind, values in timings.items():
            figures[f"{kind}_median_ms"] = round(statistics.median(values), 1)
            figures[f"{kind}_p95_ms"] = round(_percentile(values, 0.95), 1)
            self.stdout.write(f"  {kind:<10} median {statistics.median(values):7.1f} ms   p95 {_percentile(values, 0.95):7.1f} ms")
        return figures

    def _whoosh(self, documents, rounds):
        from whoosh import index as whoosh_index

        started = time.perf_counter()
        path = new_generation()
        writer = writer_of(whoosh_index.open_dir(str(path)), procs=2, limitmb=256)
        for number, document in enumerate(documents, start=1):
            writer.add_document(**{k: v for k, v in document.items() if k != "_quotes"})
            if number % 5000 == 0:
                self.stderr.write(f"  whoosh: {number} indexed")
        writer.commit()
        swap_in(path)
        build_rate = len(documents) / (time.perf_counter() - started)
        backend = WhooshBackend()
        opened = time.perf_counter()
        backend.search(SearchRequest()).count()  # the long-lived searcher and its facet columns, once per process
        self.stdout.write(f"  searcher opened with facet columns in {(time.perf_counter() - opened) * 1000:.0f} ms")
        timings, matched, refused = self._timed_mix(backend, documents, rounds)
        timings["edit_to_searchable"] = self._edits(backend, documents, rounds)
        abuse = self._pathological(backend, documents)
        backend.reset()
        figures = self._report("whoosh", build_rate, timings)
        figures["pathological"] = abuse
        figures["matched"] = matched
        figures["refused_in_mix"] = refused
        if refused:
            self.stdout.write(f"  refused as too broad in the ordinary mix: {', '.join(refused)}")
        figures["web_process_rss_mb"] = self._web_process_rss()
        memory = figures["web_process_rss_mb"] or {}
        self.stdout.write(f"  a fresh process holding the searcher after the query mix: {memory.get('peak_resident_mb')} MB "
                          f"resident at peak, {memory.get('private_mb')} MB of it its own (the rest mapped index files)")
        return figures

    def _web_process_rss(self):
        """Peak resident memory of a separate process that, like a web worker, opens the searcher and searches."""
        from django.conf import settings

        script = (
            "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsroom.settings'\n"
            "import django; django.setup()\n"
            "from articles.search.backend import SearchRequest, get_backend\n"
            "from articles.bench.synthetic import QUERY_MIX\n"
            "for kind, q, filters in QUERY_MIX:\n"
            "    r = get_backend().search(SearchRequest(q=q, filters=filters)); r.count(); r.facets; r[:20]\n"
            # VmHWM, not ru_maxrss (which keeps the forking parent's figure across exec); RssAnon is the
            # process's own memory, the rest being index files mapped from the page cache
            "status = {l.split(':')[0]: int(l.split()[1]) // 1024 for l in open('/proc/self/status') if 'kB' in l}\n"
            "print(status['VmHWM'], status['RssAnon'])\n"
        )
        env = {**os.environ, "NEWSROOM_INDEX_DIR": str(settings.NEWSROOM_INDEX_DIR)}
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                cwd=settings.BASE_DIR, timeout=600)
        if result.returncode != 0:
            return None
        peak, private = map(int, result.stdout.split()[-2:])
        return {"peak_resident_mb": peak, "private_mb": private}

    def _edits(self, backend, documents, rounds):
        """An editor's save: one document rewritten and committed, until a search finds it (ms each)."""
        times = []
        for n in range(rounds):
            document = {k: v for k, v in documents[n * 7 % len(documents)].items() if k != "_quotes"}
            marker = f"editmarker{n}x"
            document["title"] = f"{marker} {document['title']}"
            started = time.perf_counter()
            backend.add(document)
            assert backend.search(SearchRequest(q=marker)).count() == 1
            times.append((time.perf_counter() - started) * 1000)
        return times

    def _pathological(self, backend, documents):
        """Each abusive query once, the page's whole work: answered or refused as too broad, and how fast."""
        by_id = {int(d["id"]): d for d in documents}
        figures = {}
        for kind, query in PATHOLOGICAL:
            started = time.perf_counter()
            try:
                results = backend.search(SearchRequest(q=query))
                results.count()
                results.facets
                for hit in results[:20]:
                    doc = by_id[hit.article_id]
                    results.snippet_of(doc["title"], doc["body"], doc["quotes"], docnum=hit.docnum)
                results.suggestion
                outcome = f"{results.count()} found"
            except TooBroad as refusal:
                outcome = f"refused ({refusal.stage})"
            elapsed = (time.perf_counter() - started) * 1000
            figures[kind] = {"ms": round(elapsed, 1), "outcome": outcome}
            self.stdout.write(f"  abuse {kind:<14} {elapsed:7.1f} ms   {outcome}")
        figures["max_ms"] = max(f["ms"] for f in figures.values())
        return figures

    def _timed_mix(self, backend, documents, rounds):
        """({kind: [ms, …]}, {kind: articles matched}, [the ordinary queries refused as too broad])."""
        by_id = {int(d["id"]): d for d in documents}
        timings, matched, refused = {}, {}, []
        for kind, query, filters in QUERY_MIX:
            for _ in range(rounds):
                started = time.perf_counter()
                try:
                    results = backend.search(SearchRequest(q=query, filters=filters))
                    matched[kind] = results.count()
                    results.facets
                    for hit in results[:20]:
                        doc = by_id[hit.article_id]
                        results.snippet_of(doc["title"], doc["body"], doc["quotes"], docnum=hit.docnum)
                except TooBroad as refusal:  # an ordinary query over the budget: a finding, reported
                    refused.append(f"{kind} ({refusal.stage})")
                timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        return timings, matched, refused

    def _postgres(self, documents, rounds):
        """The PostgreSQL backend on the same corpus, inside a transaction that is rolled back."""
        from articles.search.postgres import PostgresBackend

        backend = PostgresBackend()
        try:
            with transaction.atomic():
                started = time.perf_counter()
                backend.rebuild({k: v for k, v in d.items() if k != "_quotes"} for d in documents)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE newsroom_search")
                build_rate = len(documents) / (time.perf_counter() - started)
                opened = time.perf_counter()
                backend.search(SearchRequest()).count()  # the facet columns, read once per process (pgcolumns.py)
                columns_ms = (time.perf_counter() - opened) * 1000
                self.stdout.write(f"  facet columns read in {columns_ms:.0f} ms")
                timings, matched, refused = self._timed_mix(backend, documents, rounds)
                figures = self._report("postgres", build_rate, timings)
                figures["columns_read_ms"] = round(columns_ms)
                figures["matched"], figures["refused_in_mix"] = matched, refused
                figures["pathological"] = self._pathological(backend, documents)
                raise _Rollback
        except _Rollback:
            pass
        return figures

    def _tantivy(self, documents, path, rounds):
        """The reference embedded engine doing the page's work: the same texts searched, disjunctive counts for
        all six facets and the month histogram (aggregations over fast fields), the top 20 with body snippets."""
        import tantivy

        builder = tantivy.SchemaBuilder()
        for field in ("title", "body", "quotes", "outlets_text", "countries_text"):
            builder.add_text_field(field, stored=field in ("title", "body"), tokenizer_name="en_stem")
        for facet in ("country", "outlet", "delegation", "speaker", "publisher"):
            builder.add_text_field(facet, tokenizer_name="raw", fast=True)
        for number in ("year", "month", "id"):
            builder.add_unsigned_field(number, indexed=True, fast=True, stored=number == "id")
        schema = builder.build()
        os.makedirs(path)
        started = time.perf_counter()
        index = tantivy.Index(schema, path=path)
        writer = index.writer(heap_size=256_000_000, num_threads=2)
        for d in documents:
            doc = tantivy.Document()
            for field in ("title", "body", "quotes", "outlets_text", "countries_text"):
                doc.add_text(field, d[field])
            for facet in ("country", "outlet", "delegation", "speaker", "publisher"):
                for value in d[facet].split(","):
                    if value:
                        doc.add_text(facet, value)
            for number in ("year", "month", "id"):
                doc.add_unsigned(number, int(d[number]))
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        build_rate = len(documents) / (time.perf_counter() - started)
        searcher = index.searcher()
        fields = ["title", "body", "quotes", "outlets_text", "countries_text"]

        def year_in(values):
            # a term of an unsigned field built from a Python int is a signed one and matches nothing: a year is
            # asked as the range from it to itself
            return tantivy.Query.boolean_query([
                (tantivy.Occur.Should, tantivy.Query.range_query(schema, "year", tantivy.FieldType.Unsigned,
                                                                 int(v), int(v))) for v in values])

        def restricted(text_query, filters, skip=None):
            clauses = [(tantivy.Occur.Must, text_query)] if text_query else []
            for facet, values in filters.items():
                if facet != skip:
                    clauses.append((tantivy.Occur.Must, year_in(values) if facet == "year"
                                    else tantivy.Query.term_set_query(schema, facet, values)))
            return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()

        timings, matched = {}, {}
        for kind, query, filters in QUERY_MIX:
            # (words must all match, as the archive's search asks them: tantivy's parser defaults to any)
            text = index.parse_query(query.replace("outlet:", "outlets_text:"), fields,
                                     conjunction_by_default=True) if query else None
            for _ in range(rounds):
                started = time.perf_counter()
                everything = restricted(text, filters)
                hits = searcher.search(everything, 20, count=True)
                matched[kind] = hits.count
                for facet in ("country", "outlet", "delegation", "speaker", "publisher", "year"):
                    searcher.aggregate(restricted(text, filters, skip=facet),
                                       {facet: {"terms": {"field": facet, "size": 100_000}}})
                searcher.aggregate(everything, {"month": {"terms": {"field": "month", "size": 100_000}}})
                if text:
                    snippets = tantivy.SnippetGenerator.create(searcher, text, schema, "body")
                    for _score, address in hits.hits:
                        snippets.snippet_from_doc(searcher.doc(address)).to_html()
                timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        figures = self._report("tantivy", build_rate, timings)
        figures["matched"] = matched
        return figures

    def _fts5(self, documents, path, rounds):
        db = sqlite3.connect(path)
        started = time.perf_counter()
        db.executescript("""
            CREATE VIRTUAL TABLE docs USING fts5(title, body, quotes, outlets_text, tokenize='porter unicode61');
            CREATE TABLE facets (doc INTEGER, facet TEXT, value TEXT);
        """)
        db.executemany("INSERT INTO docs(rowid, title, body, quotes, outlets_text) VALUES (?, ?, ?, ?, ?)",
                       ((int(d["id"]), d["title"], d["body"], d["quotes"], d["outlets_text"]) for d in documents))
        db.executemany("INSERT INTO facets VALUES (?, ?, ?)", (
            (int(d["id"]), facet, value) for d in documents
            for facet in ("country", "outlet", "delegation", "speaker", "publisher")
            for value in d[facet].split(",") if value))
        db.executemany("INSERT INTO facets VALUES (?, 'year', ?)", ((int(d["id"]), str(d["year"])) for d in documents))
        db.executescript("CREATE INDEX facet_doc ON facets(doc, facet, value); CREATE INDEX facet_value ON facets(facet, value, doc);")
        db.commit()
        build_rate = len(documents) / (time.perf_counter() - started)
        timings, counts = {}, {}
        for kind, query, filters in QUERY_MIX:
            match = " ".join(w for w in query.replace("outlet:", "outlets_text:").split()) or None
            for _ in range(rounds):
                started = time.perf_counter()
                where, params = [], []
                if match:
                    where.append("doc IN (SELECT rowid FROM docs WHERE docs MATCH ?)")
                    params.append(match)
                for facet, values in filters.items():
                    where.append(f"doc IN (SELECT doc FROM facets WHERE facet = ? AND value IN ({','.join('?' * len(values))}))")
                    params += [facet, *values]
                condition = " AND ".join(where) or "1"
                matched = f"SELECT DISTINCT doc FROM facets WHERE {condition}"
                counts[kind] = db.execute(f"SELECT count(*) FROM ({matched})", params).fetchone()[0]
                db.execute(f"SELECT facet, value, count(*) FROM facets WHERE doc IN ({matched}) GROUP BY facet, value",
                           params).fetchall()
                if match:
                    db.execute("SELECT snippet(docs, 1, '<mark>', '</mark>', ' … ', 20) FROM docs WHERE docs MATCH ? "
                               "ORDER BY rank LIMIT 20", [match]).fetchall()
                timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        db.close()
        figures = self._report("fts5", build_rate, timings)
        figures["matched"] = counts
        return figures
