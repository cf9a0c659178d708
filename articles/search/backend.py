"""The Whoosh search backend (the default), and the choice of backend.

``add``, ``add_bulk``, ``delete`` and ``search`` (see :mod:`.results` for what
``search`` returns). One searcher stays open per process and is refreshed when the
index changes (opening one costs ~1 s at 100,000 documents). Writers wait for
the index lock instead of failing, so concurrent processes never lose an update.
"""
import logging
import threading
import time

import numpy as np

from whoosh import highlight, query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.index import LockError

from ..kernel.memo import once_per_state
from . import snippetcache, snippets, spelling, termstats, vectorized
from .budget import TooBroad
from .bulk import Vocabulary, WhooshBulkWriter, latest_by_id
from .facets import FacetCache, count_facets, matching, one_per_story, story_rank
from .keyterms import key_terms
from .postinglists import values_of
from .query import MAX_QUERY_LENGTH, parse
from .results import Hit, Results, SearchRequest  # noqa: F401  (the interface's types, importable from here)
from .schema import ANALYZER, HIGHLIGHT_TAG, LANGUAGE_ANALYZERS, PLAIN, TEXT_FIELDS
from .store import (
    SearchUnavailable, create_empty, current_path, document_at, fitting, leaf_at, new_generation, open_index,
    pinned_searcher, schema_is_current, stamp, swap_in, writer_of,
)

logger = logging.getLogger(__name__)
MAX_SUGGESTED_WORDS = 10
RELATED_TERMS = 12
# A distinctive term for related coverage is in at most this share of the archive's articles (and always when in
# fewer than RELATED_COMMON_FLOOR): a word a hundredth of a large archive uses does not set an article apart, and
# reading its whole posting list was most of an article page's time at a million articles (cProfile: 97 ms).
RELATED_COMMON_SHARE = 0.01
RELATED_COMMON_FLOOR = 1_000

WRITE_TIMEOUT = 60.0
SETTLED_NS = 100_000_000  # an index folder unchanged for 0.1 s: a later commit shows as a later time


class WhooshBackend:
    def __init__(self):
        self._lock = threading.RLock()
        self._index = None
        self._searcher = None
        self._facets = None
        self._settled = None  # the index's stamp when nothing had changed in it for a while (_current_searcher)

    # -- writing ------------------------------------------------------------------
    def _writer(self, create=False, **options):
        index = open_index(create=create)
        try:
            return writer_of(index, timeout=WRITE_TIMEOUT, delay=0.05, **options)
        except LockError as error:
            raise SearchUnavailable(f"The index stayed locked for {WRITE_TIMEOUT:.0f} s; try again.") from error

    def add(self, document, *, create=False):
        self.add_bulk([document], create=create)

    def add_bulk(self, documents, *, create=False):
        documents = latest_by_id(documents)
        if not documents:
            return 0
        # a large batch (check_index --fix, a renamed outlet's articles) is analysed by two processes,
        # each writing its own segment (an ingest uses bulk_writer() instead)
        options = {"procs": 2, "limitmb": 128} if len(documents) >= 100 else {}
        writer = self._writer(create, **options)
        try:
            for document in documents:
                writer.update_document(**fitting(writer.schema, document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return len(documents)

    def bulk_writer(self):
        """For an ingest: documents are indexed by another process as they come (see :mod:`.bulk`)."""
        return WhooshBulkWriter(lambda: self._writer(True))

    def delete(self, ids):
        writer = self._writer()
        try:
            for article_id in ids:
                writer.delete_by_term("id", str(article_id))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    @staticmethod
    def analysis_is_current():
        return schema_is_current()

    @staticmethod
    def state():
        """Changes whenever the index does (see :func:`.store.stamp`)."""
        found = stamp()
        return f"{found[0]}:{found[1]}" if found else "none"

    def indexed(self, article_ids):
        """Which of these article ids have a document in the index."""
        with self._lock:
            searcher = self._current_searcher()
            return {pk for pk in article_ids if searcher.document_number(id=str(pk)) is not None}

    def fingerprints(self):
        """{article id: [fingerprint of each of its documents]} over the whole index (for check_index: an
        article indexed twice has two)."""
        with self._lock:
            searcher = self._current_searcher()
            reader = searcher.reader()
            found = {}
            for docnum in reader.all_doc_ids():
                fields = reader.stored_fields(docnum)
                found.setdefault(int(fields["id"]), []).append(fields.get("fingerprint"))
            return found

    # -- reading ------------------------------------------------------------------
    def _current_searcher(self):
        """The process's searcher, reopened when the index or its generation changed.

        The index's stamp (:func:`.store.stamp`) unchanged since a check says nothing changed, once the folder
        was last modified well before that check (a commit in the same tick of the file system's clock would
        leave the same time: the rule that keeps git's index honest). Otherwise Whoosh is asked: where
        ``current`` points, the latest generation in it (a listing of the folder; 2.5% of a loaded worker when
        asked at every search). The index is opened again only when a rebuild swapped in another folder.
        """
        checked = stamp()
        if checked is not None and checked == self._settled and self._facets is not None:
            return self._searcher
        settled = checked if checked and time.time_ns() - checked[1] > SETTLED_NS else None
        try:
            folder = current_path()
            if self._searcher is None or folder is None or str(folder) != self._index.storage.folder:
                self.reset()
                self._index = open_index()
                self._searcher = pinned_searcher(self._index)
            elif not self._searcher.up_to_date():
                # a fresh searcher: refresh() reuses segment readers and can miss new deletions. The old one is
                # not closed here: a search under way may still hold it; its files close with its last reference
                self._searcher, self._facets = pinned_searcher(self._index), None
            if self._facets is None:
                self._facets = FacetCache(self._searcher)
                for field in TEXT_FIELDS:  # BM25's field lengths, read once per segment, not on a reader's query
                    vectorized.field_lengths(self._searcher.reader(), field)
            self._settled = settled
            return self._searcher
        except SearchUnavailable:
            self.reset()
            raise
        except Exception as error:
            self.reset()
            raise SearchUnavailable.because("The search index cannot be read", error) from error

    def reset(self):
        with self._lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # the files may be gone already
                    logger.warning("closing a broken searcher failed", exc_info=True)
            self._index = self._searcher = self._facets = self._settled = None

    def search(self, request):
        return Results(self, request)

    def _execute(self, request, budget):
        with self._lock:
            searcher, columns = self._current_searcher(), self._facets
            budget.start()
            try:
                parsed = parse(request.q, searcher.schema, searcher.reader(), budget,
                               kept_for=self._index.storage.folder)
                scores = None
                if parsed.is_empty:
                    docs = columns.live
                else:
                    reader = searcher.reader()
                    terms = parsed.query.iter_all_terms()
                    budget.postings(sum(termstats.doc_frequency(reader, f, t) for f, t in terms))
                    fast = vectorized.evaluate(parsed.query, reader, columns.live, budget)
                    docs, scores = fast if fast is not None else (self._slow_docs(searcher, parsed.query, budget), None)
                budget.check("facets")
                dates = columns.date_mask(request)
                matched = matching(columns, docs, request.filters, dates)
                articles = int(matched.sum())
                matched, folded = (matched, 0) if request.every_copy else one_per_story(
                    columns, matched, story_rank(columns, request, scores))
                facets = self._facet_counts(searcher, columns, parsed, docs, request, dates)
            except (SearchUnavailable, TooBroad):
                raise
            except Exception as error:
                self.reset()
                raise SearchUnavailable.because("Search failed on the index", error) from error
            # the rest of the request (ranking, snippets) reads this searcher: its document numbers are the
            # matches', and checking the index's freshness again for each snippet was 6% of a loaded worker
            return {"query": parsed.query, "notices": parsed.notices, "matched": matched, "facets": facets,
                    "filtered": any(request.filters.values()) or request.limits_dates or folded > 0,
                    "scores": scores, "count": int(matched.sum()), "articles": articles, "searcher": searcher,
                    "columns": columns}

    def _facet_counts(self, searcher, columns, parsed, docs, request, dates):
        """The facets of a search; those of the whole archive and of a single facet value (the browsing pages'
        links) are counted once per index generation and shared (:mod:`articles.kernel.memo`)."""
        chosen = [(facet, value) for facet, values in request.filters.items() for value in values]
        if not parsed.is_empty or dates is not None or len(chosen) > 1:
            return count_facets(columns, docs, request.filters, dates)
        generation = f"{self._index.storage.folder}:{searcher.reader().generation()}"
        return once_per_state("facets", tuple(chosen), lambda: count_facets(columns, docs, request.filters),
                              state=generation)

    @staticmethod
    def _slow_docs(searcher, query, budget):
        """The matches of a query the vectorised path cannot take, collected within the budget."""
        collector = TimeLimitCollector(searcher.collector(limit=None), timelimit=max(budget.remaining(), 0.01))
        try:
            searcher.search_with_collector(query, collector)
        except TimeLimit:
            raise TooBroad("matching") from None
        return [hit.docnum for hit in collector.results()]

    @staticmethod
    def _versions(state, hits):
        """Each hit's document as the index stored it (:func:`.store.document_at`): it changes whenever the
        article is indexed again, and only then."""
        reader = state["searcher"].reader()
        return tuple(document_at(reader, hit.docnum) for hit in hits)

    def _ranked(self, state, limit, request, budget):
        if not state["count"]:
            return []
        with self._lock:
            searcher = state["searcher"]
            if state["scores"] is not None and request.effective_sort == "relevance":
                best = vectorized.top(state["scores"], state["matched"], limit)
                return [Hit(int(searcher.stored_fields(int(d))["id"]), int(d), float(state["scores"][d])) for d in best]
            query = state["query"] or wq.Every()
            sort = request.effective_sort
            if sort in {"date", "oldest"} or state["query"] is None:
                return self._by_date(searcher, state["columns"], state["matched"], limit, oldest=sort == "oldest")
            kwargs = {}
            # without facet filters the query's own matches are the set: no filter keeps Whoosh's skipping
            allowed = set(np.flatnonzero(state["matched"]).tolist()) if state["filtered"] or state["query"] is None else None
            collector = searcher.collector(limit=limit, filter=allowed, **kwargs)
            timed = TimeLimitCollector(collector, timelimit=max(budget.remaining(), 0.01))
            try:
                searcher.search_with_collector(query, timed)
            except TimeLimit:
                raise TooBroad("ranking") from None
            return [Hit(int(hit["id"]), hit.docnum, hit.score or 0.0) for hit in timed.results()]

    @staticmethod
    def _by_date(searcher, columns, matched, limit, *, oldest):
        """The first ``limit`` matches by date from the per-document date column: dated articles first either
        way, then newest (or oldest) first, ties the latest indexed first (or last), as the database orders them
        by id. Whoosh's sorting collector read two columns per match, document by document (~1 s for browsing
        100,000 articles); this is one numpy sort."""
        docs = np.flatnonzero(matched)
        published = columns.published[docs]
        order = np.lexsort((docs if oldest else -docs, published if oldest else -published, published == 0))[:limit]
        return [Hit(int(searcher.stored_fields(int(d))["id"]), int(d), 0.0) for d in docs[order]]

    def related(self, article, limit=5):
        """Ids of the articles that share at least a third of this one's distinctive terms (of the twelve that
        set its text apart from the archive's, those not common in it: RELATED_COMMON_SHARE): fewer, or none,
        rather than articles that share a word."""
        with self._lock:
            searcher = self._current_searcher()
            docnum = searcher.document_number(id=str(article.pk))
            if docnum is None:
                return []
            terms = key_terms(searcher, "body", f"{article.title}\n{article.body}", RELATED_TERMS)
            common = max(RELATED_COMMON_FLOOR, RELATED_COMMON_SHARE * searcher.doc_count_all())
            reader = searcher.reader()
            terms = [(term, weight) for term, weight in terms
                     if termstats.doc_frequency(reader, "body", term) <= common]
            # scored over whole posting lists (numpy): Whoosh's matchers took ~45 ms a page at 10,000 articles
            live = self._facets.live.copy()
            live[docnum] = False
            shared, scores = vectorized.any_of(reader, "body", terms, live)
            enough = max(2, len(terms) // 3)
            best = vectorized.top(scores, shared > 0, limit * 3)
            return [int(searcher.stored_fields(int(d))["id"]) for d in best if shared[d] >= enough][:limit]

    def _suggest(self, request, count, budget):
        """A better-spelled query from the index's own words, when this one finds little.

        Only plain words are respelled (never operators, fields, ranges or phrases), in the query as cut
        for searching; a word the index knows (accents folded as indexed) is kept; among the spellings
        within two edits, the one found in the most articles wins.
        """
        if count >= 3:
            return None
        tokens = request.q[:MAX_QUERY_LENGTH].split()[:MAX_SUGGESTED_WORDS]
        if not any(self._respellable(token) for token in tokens):
            return None
        with self._lock:
            searcher = self._current_searcher()
            reader = searcher.reader()

            def found_in(option):
                return reader.doc_frequency("body", self._analysed(searcher, "body", option))

            changed, corrected = False, []
            for word in tokens:
                if budget.spent():  # a suggestion is a courtesy: none rather than a late page
                    return None
                folded = self._analysed(searcher, "spelling", word)
                if self._respellable(word) and folded and reader.doc_frequency("spelling", folded) == 0:
                    options = spelling.suggestions(reader, "spelling", folded)
                    if options:
                        best = max(options, key=lambda option: (found_in(option), -options.index(option)))
                        corrected.append(best.capitalize() if word[:1].isupper() else best)
                        changed = True
                        continue
                corrected.append(word)
            return " ".join(corrected) if changed else None

    @staticmethod
    def _respellable(token):
        return token.isalpha() and token not in {"AND", "OR", "NOT", "TO"}

    @staticmethod
    def _analysed(searcher, field, word):
        """A word as the field indexes it (folded, stemmed); "" when it analyses to nothing."""
        tokens = [token.text for token in searcher.schema[field].analyzer(word)]
        return tokens[0] if len(tokens) == 1 else ""

    def snippet(self, query, texts, docnum=None, state=None):
        """The first text (body, quotes, title) with a match, its best fragments marked. The body's matches
        come from the positions the index stored for document ``docnum`` when it is given (see
        :mod:`.snippets`); the short texts, and an index without positions, are highlighted by analysis.

        Kept by what it is cut from (:mod:`.snippetcache`): the same query shows the same articles' snippets
        page after page, and an edit elsewhere in the archive leaves them as they were."""
        if query is None:
            return ""
        terms = {text for fieldname, text in query.iter_all_terms() if isinstance(text, str)}
        if not terms:
            return ""
        with self._lock:
            searcher = state["searcher"] if state else self._current_searcher()
            where = document_at(searcher.reader(), docnum)
        return snippetcache.kept(where, query, texts, lambda: self._snippet(query, terms, texts, docnum, searcher))

    def _snippet(self, query, terms, texts, docnum, searcher):
        spans = self._body_spans(query, docnum, searcher) if docnum is not None else None
        if spans and texts and texts[0]:
            excerpt = snippets.fragments(texts[0], spans)
            if excerpt:
                return excerpt
        fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)
        formatter = highlight.HtmlFormatter(tagname=HIGHLIGHT_TAG, between=" … ", classname="hit", termclass="t")
        # when the stored positions say the body has no match, only the short texts are analysed, unless the body
        # may match in its own language's stems (which keep no positions)
        in_language = any(field in LANGUAGE_ANALYZERS for field, _ in query.iter_all_terms())
        analyzers = (ANALYZER, PLAIN, *LANGUAGE_ANALYZERS.values()) if in_language else (ANALYZER, PLAIN)
        for text in texts[1:] if spans == [] and not in_language else texts:
            for analyzer in analyzers:
                excerpt = highlight.highlight(text, terms, analyzer, fragmenter, formatter, top=2)
                if excerpt:
                    return excerpt
        return ""

    def _body_spans(self, query, docnum, searcher=None):
        """[(start, end)] of the query's body terms in document ``docnum`` of ``searcher`` (the current one when
        not given), from the postings; None when the index keeps no character positions (built before they were
        stored)."""
        words = {text for fieldname, text in query.iter_all_terms() if fieldname == "body" and isinstance(text, str)}
        spans = []
        with self._lock:
            reader = (searcher or self._current_searcher()).reader()
            if not reader.schema["body"].format.supports("characters"):
                return None
            decode = reader.schema["body"].format.decode_characters
            leaf, offset = leaf_at(reader, docnum)
            for word in words if leaf is not None else ():
                values = values_of(leaf, "body", word, [docnum - offset])
                if values is None:  # a codec not read by block: Whoosh's matcher, from the list's start
                    postings = reader.postings("body", word)
                    postings.skip_to(docnum)
                    values = {docnum - offset: postings.value()} if postings.is_active() and postings.id() == docnum \
                        else {}
                spans.extend((start, end) for value in values.values() for _position, start, end in decode(value))
        return spans

    def rebuild(self, documents, progress=None, batch_size=500):
        """Build a fresh index beside the live one and swap it in; searches go on meanwhile."""
        from whoosh import index as whoosh_index

        path = new_generation()
        writer = writer_of(whoosh_index.open_dir(str(path)), procs=2, limitmb=256)
        count, vocabulary = 0, Vocabulary()
        try:
            for document in documents:
                writer.add_document(**vocabulary.new_words_only(document))
                count += 1
                if progress and count % batch_size == 0:
                    progress(count)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        swap_in(path)
        self.reset()
        return count

    def recreate(self):
        """An empty index in place of a missing or broken one."""
        create_empty()
        self.reset()


_backends = {}
_backend_lock = threading.Lock()


def get_backend():
    """The configured backend (NEWSROOM_SEARCH_BACKEND: whoosh or postgres), one per process."""
    from django.conf import settings

    name = getattr(settings, "NEWSROOM_SEARCH_BACKEND", "whoosh")
    with _backend_lock:
        if name not in _backends:
            if name == "postgres":
                from .postgres import PostgresBackend

                _backends[name] = PostgresBackend()
            else:
                _backends[name] = WhooshBackend()
        return _backends[name]
