"""The search engine on a real on-disk Whoosh index."""
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator

from articles.ingest import run
from articles.models import Article, Outlet, Person
from articles.search import store as index_store
from articles.search.backend import SearchRequest, get_backend
from articles.search.documents import documents_for
from articles.search.indexing import check, rebuild

from .conftest import ROOT

pytestmark = pytest.mark.django_db


def search(q="", **filters):
    sort = filters.pop("sort", "")
    return get_backend().search(SearchRequest(q=q, filters=filters, sort=sort))


def titles(results):
    return [Article.objects.get(pk=hit.article_id).title for hit in results[:100]]


def test_words_are_anded_and_phrases_work(seeded):
    assert len(search("Chongqing")) == 5
    assert len(search("Chongqing journalists Belarus")) == 1
    assert titles(search('"smart city"')) == [Article.objects.get(source_file__startswith="003_").title]
    assert len(search("Chongqing -Belarus")) == 4


def test_fields_prefixes_and_chinese(seeded):
    assert len(search("outlet:asahi")) == 1
    assert len(search("speaker:Williams")) == 1
    assert len(search("country:Poland")) == 1
    assert len(search("year:2024")) == 1
    assert len(search("deleg*")) >= 2
    assert len(search("重庆")) == 1


def test_facets_are_disjunctive_and_cover_the_whole_set(seeded):
    everything = dict(search().facets["country"])
    assert everything["CN"] == 5 and everything["PL"] == 1
    narrowed = search(country=["PL"])
    assert len(narrowed) == 1
    counts = dict(narrowed.facets["country"])
    assert counts["JP"] == everything["JP"] and counts["PL"] == 1  # picking Poland still shows Japan
    both = search(country=["PL", "JP"])
    assert len(both) == 2
    year_counts = dict(search(country=["PL"]).facets["year"])
    assert year_counts == {"2025": 1}


def test_sorting_and_pagination(seeded):
    dated = [a for a in Article.objects.newest_first() if a.published]
    newest = search(sort="date")
    assert [h.article_id for h in newest[:len(dated)]] == [a.pk for a in dated]
    oldest = search(sort="oldest")
    assert oldest[0].article_id == dated[-1].pk
    page = Paginator(search(), 2).page(2)
    assert len(page.object_list) == 2 and page.paginator.count == 5


def test_snippets_mark_terms_and_escape_everything(db, tmp_path, django_capture_on_commit_callbacks):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Reporters Visit the <script> Harbour\n\n"
                       "The reporters saw <script>alert('x')</script> near the harbour and wrote about it.\n")
    with django_capture_on_commit_callbacks(execute=True):
        run([hostile])
    results = search("harbour")
    article = Article.objects.get()
    snippet = results.snippet(article)
    assert '<mark class="hit t0">harbour</mark>' in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert len(search("<script>")) in (0, 1)  # no error either way


def test_suggestion_from_the_indexs_own_words(seeded):
    assert search("Chongquing").suggestion == "Chongqing"
    assert search("Chongqing").suggestion is None


def test_costly_queries_are_bounded(seeded):
    for q in ("*", "*ou*", "c*", "body:[a TO z]", "chongqing~2", "x" * 5000, '"unbalanced', "((("):
        results = search(q)
        assert results.count() >= 0
    assert any("too short" in n for n in search("c*").notices)
    assert any("cut" in n for n in search("x" * 5000).notices)


def test_admin_edit_reaches_search_at_once(seeded, admin_client, django_capture_on_commit_callbacks):
    article = Article.objects.get(source_file__startswith="000_")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Zanzibarian headline"
        article.save()
    assert [h.article_id for h in search("Zanzibarian")[:5]] == [article.pk]
    outlet = Outlet.objects.get(name="ORDA")
    with django_capture_on_commit_callbacks(execute=True):
        outlet.name = "Qyzylorda Portal"
        outlet.save()
    assert len(search("outlet:Qyzylorda")) == 1
    person = Person.objects.get(name="Nathan Williams")
    with django_capture_on_commit_callbacks(execute=True):
        person.quotes.update()
        article.quotes.first().__class__.objects.filter(pk=article.quotes.first().pk).first().save()
        person.name = "Nathaniel Wilhelm"
        person.save()
    assert len(search("speaker:Wilhelm")) == 1


def test_deleting_an_article_removes_it(seeded, django_capture_on_commit_callbacks):
    article = Article.objects.get(source_file__startswith="003_")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert len(search("Chongqing")) == 4


def test_rebuild_swaps_in_a_fresh_index(seeded):
    old = index_store.current_path()
    reader = search("Chongqing")
    assert rebuild() == 5
    assert index_store.current_path() != old and not old.exists()
    assert len(search("Chongqing")) == 5 and reader.count() == 5


def test_check_index_finds_and_fixes_missing_duplicated_stale_and_orphaned(seeded):
    first, second, third = Article.objects.order_by("pk")[:3]
    backend = get_backend()
    backend.delete([first.pk])
    Article.objects.filter(pk=second.pk).update(title="Changed behind the index's back")
    backend.add({"id": "9999", "title": "ghost", "fingerprint": "x"})
    writer = index_store.open_index().writer()  # a second document of one article, as a faulty writer left it
    writer.add_document(**next(documents_for([third.pk])))
    writer.commit()
    report = check()
    assert (report["missing"], report["duplicated"], report["stale"], report["orphaned"]) == (
        [first.pk], [third.pk], [second.pk], [9999])
    check(fix=True)
    report = check()
    assert report["missing"] == report["duplicated"] == report["stale"] == report["orphaned"] == []
    assert {pk: len(found) for pk, found in backend.fingerprints().items()} == dict.fromkeys(
        Article.objects.values_list("pk", flat=True), 1)


def test_missing_or_corrupt_index_is_reported_not_raised(seeded, client):
    for damage in ("corrupt", "delete"):
        path = index_store.current_path()
        if damage == "corrupt":
            for toc in path.glob("*.toc"):
                toc.write_bytes(b"garbage")
        else:
            import shutil
            shutil.rmtree(index_store.root())
        get_backend().reset()
        response = client.get("/", {"q": "Chongqing", "country": "CN"})
        assert response.status_code == 200
        assert b"Search is unavailable" in response.content
        assert b"rebuild_index" in response.content
        assert response.content.count(b'class="result"') == 5  # browsing from the database
        newest = Article.objects.exclude(published=None).order_by("-published").first()
        dated = client.get("/", {"from": newest.published.isoformat()})
        assert b"Search is unavailable" in dated.content and dated.content.count(b'class="result"') == 1
        undated = client.get("/", {"undated": "only"})
        assert undated.content.count(b'class="result"') == Article.objects.filter(published=None).count()
        call_command("check_index", "--fix")
        get_backend().reset()
        assert len(search("Chongqing")) == 5


def test_api_search_answers_and_rejects_bad_parameters(seeded, client):
    data = client.get("/api/search", {"country": ["PL", "JP"]}).json()
    assert data["count"] == 2
    assert {b["value"] for b in data["facets"]["country"] if b["selected"]} == {"PL", "JP"}
    assert set(data["facets"]) == {"country", "outlet", "delegation", "year", "speaker", "publisher", "language",
                                  "copy"}
    assert data["results"][0]["url"].startswith("http://testserver/articles/")
    for params in ({"country": "ZZ"}, {"page": "abc"}, {"page": "99"}, {"sort": "sideways"}, {"outlet": "no-such"}):
        response = client.get("/api/search", params)
        assert response.status_code == 400, params
        assert "error" in response.json()


WRITER = textwrap.dedent("""
    import os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django; django.setup()
    from articles.search.backend import get_backend
    start = int(sys.argv[1])
    for i in range(start, start + 40):
        get_backend().add({"id": str(i), "title": f"concurrent {i}", "fingerprint": str(i)})
""")


def test_concurrent_writer_processes_lose_no_update(settings):
    env = {**os.environ, "NEWSROOM_INDEX_DIR": str(settings.NEWSROOM_INDEX_DIR)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(start)], cwd=ROOT, env=env) for start in (1000, 2000)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    get_backend().reset()
    assert len(get_backend().fingerprints()) == 80


def test_an_index_opened_while_another_process_commits_is_read_again(settings, monkeypatch):
    """The table of contents Whoosh listed is deleted by a commit elsewhere before it is read: the folder is read
    again rather than the write failing."""
    from whoosh import index as whoosh_index

    from articles.search import store

    store.create_empty()
    real, calls = whoosh_index.exists_in, []

    def replaced_once(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            raise FileNotFoundError(f"{path}/_MAIN_4.toc")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store.whoosh_index, "exists_in", replaced_once)
    assert store.open_index().doc_count() == 0 and len(calls) == 2


def test_relevance_puts_title_matches_first(seeded):
    in_title = {a.pk for a in Article.objects.filter(title__icontains="delegation")}
    ranked = [hit.article_id for hit in search("delegation")[:5]]
    assert len(ranked) == len(set(ranked)) == search("delegation").count()
    assert set(ranked[:len(in_title)]) == in_title
    assert [h.article_id for h in search("delegation")[:2]] == ranked[:2]  # slicing again gives the same order


@pytest.mark.parametrize("q", ['"smart city"', '"Belt and Road"', '"press tour"', '"the Chongqing delegation"',
                               "Chongqing OR Belarus", "(tour OR briefing) reporters", '"no such phrase here"',
                               "Chongqing -Belarus", "Chongqing NOT (city OR tour)", "(Chongqing OR Belarus) -tour"])
def test_vectorised_queries_match_whooshs_own_matchers(seeded, q):
    from articles.search import vectorized
    from articles.search.budget import Budget
    from articles.search.query import parse

    backend = get_backend()
    searcher = backend._current_searcher()
    parsed = parse(q, searcher.schema, searcher.reader(), Budget())
    mask, _ = vectorized.evaluate(parsed.query, searcher.reader(), backend._facets.live, Budget())
    assert set(mask.nonzero()[0].tolist()) == set(searcher.docs_for_query(parsed.query))


def test_any_of_counts_and_scores_each_documents_terms_like_the_term_queries(seeded):
    import numpy as np
    from whoosh import query as wq

    from articles.search import vectorized

    backend = get_backend()
    searcher = backend._current_searcher()
    reader, live = searcher.reader(), backend._facets.live.copy()
    live[0] = False
    terms = [("chongq", 1.0), ("deleg", 0.5), ("journalist", 0.25), ("nosuchword", 2.0)]
    shared, scores = vectorized.any_of(reader, "body", terms, live)
    parts = [vectorized._term(wq.Term("body", text, boost=weight), reader, live) for text, weight in terms]
    assert shared.tolist() == sum(mask.astype(int) for mask, _ in parts).tolist() and shared[0] == 0
    assert np.allclose(scores, sum(np.where(mask, term_scores, 0) for mask, term_scores in parts))
    assert shared.max() >= 2


def test_phrase_keys_in_common_are_numpys_intersection():
    import numpy as np

    from articles.search.vectorized import _common

    rng = np.random.default_rng(3)
    for size, other in [(0, 5), (5, 0), (1, 1), (200, 3000), (3000, 200), (5000, 5000)]:
        first, second = (rng.choice(10_000, size=n, replace=False).astype(np.int64) for n in (size, other))
        expected = np.intersect1d(first, second).tolist()
        assert sorted(_common(first, second).tolist()) == expected  # shuffled: sorted first
        assert _common(np.sort(first), np.sort(second)).tolist() == expected


@pytest.mark.parametrize("small_segment", [0, 1000])
def test_key_terms_are_whooshs_own_whatever_the_segments(seeded, django_capture_on_commit_callbacks, monkeypatch,
                                                        small_segment):
    """Frequencies kept per segment (large segments word by word, small ones read whole) weigh an article's
    words exactly as Whoosh's expander does over the same reader."""
    from articles.search import keyterms, termstats

    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):  # one more segment per article, each a few words
        for number in range(3):
            make_article(f"Harbour floodgates {number}", body=f"Floodgates failed at the Chongqing harbour {number}.")
    monkeypatch.setattr(termstats, "SMALL_SEGMENT", small_segment)
    searcher = get_backend()._current_searcher()
    assert len(list(searcher.reader().leaf_readers())) > 1
    for article in Article.objects.all():
        text = f"{article.title}\n{article.body}"
        for _ in range(2):  # the second time from the kept frequencies
            assert keyterms.key_terms(searcher, "body", text, 12) == searcher.key_terms_from_text("body", text, 12)


def test_live_documents_after_edits_are_the_readers_own(seeded, django_capture_on_commit_callbacks):
    import numpy as np

    from articles.search.facets import FacetCache

    with django_capture_on_commit_callbacks(execute=True):  # each save deletes a document and adds a segment
        for article in Article.objects.all()[:3]:
            article.title += " (edited)"
            article.save()
    searcher = get_backend()._current_searcher()
    reader = searcher.reader()
    assert reader.has_deletions()
    expected = np.zeros(reader.doc_count_all(), dtype=bool)
    expected[list(reader.all_doc_ids())] = True
    assert (FacetCache(searcher).live == expected).all()


@pytest.fixture
def spelled(seeded, django_capture_on_commit_callbacks):
    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(4):
            make_article(f"Australia report {number}", body=f"Reporters toured Australia, part {number}.")
        make_article("Austria report", body="Reporters toured Austria and Gdańsk once.")


def test_spelling_candidates_are_whooshs_corrector_own(spelled, django_capture_on_commit_callbacks):
    from articles.search import spelling

    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):  # more segments, words in several of them
        make_article("Australian harbour", body="Austrailan reporters toured Australia and Austrian ports.")
    reader = get_backend()._current_searcher().reader()
    assert len(list(reader.leaf_readers())) > 1
    corrector = reader.corrector("spelling")
    for word in ["austrlia", "austria", "chongquing", "reporter", "belaruss", "gdansk", "deleagtion", "smrt", "x", "z"]:
        expected = corrector.suggest(word, limit=5, maxdist=2, prefix=1)
        assert spelling.suggestions(reader, "spelling", word) == expected, word
    assert spelling.suggestions(reader, "spelling", "austrlia")  # the comparison is not of empty lists only


def test_did_you_mean_prefers_the_spelling_with_more_results(spelled):
    assert get_backend().search(SearchRequest(q="Austrlia")).suggestion == "Australia"


def test_did_you_mean_leaves_known_accented_words_syntax_and_fields_alone(spelled):
    assert get_backend().search(SearchRequest(q="Gdańsk")).suggestion is None
    assert get_backend().search(SearchRequest(q="Austrlia OR year:2024")).suggestion == "Australia OR year:2024"
    assert get_backend().search(SearchRequest(q="Austrlia NOT TO")).suggestion == "Australia NOT TO"


def test_a_suggestion_keeps_the_filters_and_the_sort(spelled, client):
    response = client.get("/", {"q": "Austrlia", "sort": "date", "country": "CN", "page": "2"})
    assert 'href="?q=Australia&amp;sort=date&amp;country=CN"' in response.content.decode()


def test_prefixes_are_expanded_within_one_budget_per_query(seeded):
    from articles.search import query as search_query
    from articles.search.budget import Budget
    from articles.search.query import parse

    searcher = get_backend()._current_searcher()
    storm = " ".join(f"{a}{b}*" for a in "bcdfgmprst" for b in "aeiou")  # fifty two-letter prefixes, 200 characters
    parsed = parse(storm, searcher.schema, searcher.reader(), Budget())
    terms = [q for q in parsed.query.leaves() if isinstance(q, search_query.wq.Term)] if parsed.query else []
    assert len(storm) < search_query.MAX_QUERY_LENGTH
    assert 0 < len(terms) <= search_query.MAX_PREFIX_TERMS_PER_QUERY
    assert any("matches many words" in notice for notice in parsed.notices)


def test_a_kept_query_is_the_one_read_anew_and_its_prefixes_follow_the_index(seeded,
                                                                          django_capture_on_commit_callbacks):
    from articles.search import query as search_query
    from articles.search.budget import Budget
    from articles.search.query import parse

    from .factories import make_article

    def read(text, kept_for):
        searcher = get_backend()._current_searcher()
        return parse(text, searcher.schema, searcher.reader(), Budget(), kept_for=kept_for)

    text = 'Chongqing AND "smart city" OR title:harbo* nonfield:word'
    fresh, kept, again = read(text, None), read(text, "index-a"), read(text, "index-a")
    assert (("index-a", text) in search_query._kept and fresh.query == kept.query == again.query
            and fresh.notices == kept.notices == again.notices and kept.notices is not again.notices)
    kept.notices.append("a caller's own")
    assert read(text, "index-a").notices == fresh.notices
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Harbourmaster speaks", source_file="hm.txt")
    expanded = {q.text if isinstance(q.text, str) else q.text.decode() for q in read(text, "index-a").query.leaves()
                if isinstance(q, search_query.wq.Term) and q.fieldname == "title"}
    assert "harbourmast" in expanded  # a word new to the index, found by the kept query's prefix


def test_a_settled_index_is_not_listed_again_and_every_commit_is_seen(seeded, monkeypatch):
    import time

    from whoosh.index import FileIndex

    from articles.search.store import open_index, stamp, writer_of

    listings = []
    latest = FileIndex.latest_generation
    monkeypatch.setattr(FileIndex, "latest_generation", lambda index: listings.append(1) or latest(index))
    backend = get_backend()
    backend.search(SearchRequest(q="Chongqing")).count()
    time.sleep(0.15)  # the folder settles
    for _ in range(3):
        backend.search(SearchRequest(q="Chongqing")).count()
    listed = len(listings)
    backend.search(SearchRequest(q="Chongqing")).count()
    assert len(listings) == listed  # nothing changed: no listing
    before = stamp()
    for number in range(5):  # commits right after searches, within the file system clock's tick or not
        with writer_of(open_index()) as writer:
            writer.add_document(id=str(900000 + number), title=f"Lighthousekeeper{number}")
        assert stamp() != before
        assert backend.search(SearchRequest(q=f"Lighthousekeeper{number}")).count() == 1


def test_an_over_budget_search_is_refused_quickly_with_a_page_or_400(seeded, client, settings):
    settings.NEWSROOM_SEARCH_MAX_POSTINGS = 1  # any word of the seeds costs more
    page = client.get("/", {"q": "Chongqing", "country": "CN", "sort": "date"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "too broad" in text and 'value="Chongqing"' in text and "Traceback" not in text
    for url in ("/api/search", "/export.csv", "/export.json", "/feed.atom"):
        response = client.get(url, {"q": "Chongqing"})
        assert response.status_code == 400, url
        assert response.json()["error"] == "too broad"
    assert client.get("/", {"country": "CN"}).status_code == 200  # browsing reads no postings
    settings.NEWSROOM_SEARCH_MAX_POSTINGS = 500_000
    settings.NEWSROOM_SEARCH_BUDGET = 0.0  # spent before it starts: every stage refuses, none half-answers
    assert client.get("/", {"q": "Chongqing"}).status_code == 400
    assert client.get("/api/search", {"country": "CN"}).status_code == 400


@pytest.mark.parametrize("q", [
    " ".join(f"{a}{b}*" for a in "bcdfgmprst" for b in "aeiou"),  # a prefix storm
    " OR ".join(f"w{n}" for n in range(120)),  # many terms (cut at the query limit)
    "(" * 120 + "Chongqing" + ")" * 120,  # deep nesting
    "Chongqing" * 40,  # a huge word
    '"' + " ".join(["the city"] * 60) + '"',  # a long phrase of common words
    "NOT " * 70 + "Chongqing",
])
def test_pathological_queries_are_answered_or_refused_never_failed(seeded, client, q):
    response = client.get("/", {"q": q})
    assert response.status_code in (200, 400), q
    assert b"Search is unavailable" not in response.content and b"Traceback" not in response.content
    api = client.get("/api/search", {"q": q})
    assert api.status_code in (200, 400) and ("count" in api.json() or api.json()["error"] == "too broad")


def test_an_index_analysed_by_an_older_version_is_reported_and_rebuilt(seeded):
    (index_store.current_path() / "schema-version").write_text("1")
    assert check()["outdated"] is True
    with pytest.raises(Exception, match="run check_index --fix"):
        call_command("check_index")
    call_command("check_index", "--fix")
    assert index_store.schema_is_current() and check()["outdated"] is False
    assert len(search("Chongqing")) == 5


def test_stemming_joins_word_forms_with_doubled_consonants(seeded, django_capture_on_commit_callbacks):
    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):
        make_article("Harbour attack", body="A man began to stab people near the harbour.")
    assert len(search("stabbing")) == len(search("stabbed")) == len(search("stab")) >= 1
    results = search("stabbing harbour")
    article = Article.objects.get(title="Harbour attack")
    assert "<mark" in results.snippet(article) and ">stab</mark>" in results.snippet(article)


def test_a_kept_snippet_follows_its_article_and_survives_edits_elsewhere(db, tmp_path,
                                                                      django_capture_on_commit_callbacks):
    from articles.search import snippetcache

    for name, text in (("one", "The harbour reporters saw the old lighthouse."), ("two", "Reporters met the mayor.")):
        (tmp_path / f"{name}.txt").write_text(f"Harbour Story {name}\n\n{text}\n")
    with django_capture_on_commit_callbacks(execute=True):
        run(sorted(tmp_path.glob("*.txt")))
    one, two = Article.objects.get(title__endswith="one"), Article.objects.get(title__endswith="two")
    first = search("harbour")
    first[:20]
    assert "lighthouse" in first.snippet(one)
    kept = set(snippetcache._kept.keys())
    assert kept

    two.body = "Reporters met the mayor and the harbour master."
    with django_capture_on_commit_callbacks(execute=True):
        two.save()  # an edit elsewhere: a new archive state, the other article's snippet kept as it was
    again = search("harbour")
    again[:20]
    assert again.snippet(one) == first.snippet(one) and kept <= set(snippetcache._kept.keys())

    one.body = "The harbour reporters saw the new ferry terminal."
    with django_capture_on_commit_callbacks(execute=True):
        one.save()
    edited = search("harbour")
    edited[:20]
    assert "ferry" in edited.snippet(one) and "lighthouse" not in edited.snippet(one)  # never the old text's


def test_snippets_are_cut_from_stored_positions_like_the_highlighter_would(seeded, django_capture_on_commit_callbacks):
    from articles.search import snippets

    from .factories import make_article

    filler = "Officials described the budget in general terms. " * 900  # ~45,000 characters before the match
    body = filler + "Then the harbour <commission> met, and the harbour’s lighthouse keepers spoke."
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("A long report", body=body, source_file="long-report.txt")
    results = search("harbour lighthouse")
    results[:10]
    docnum = next(hit.docnum for hit in results._hits if hit.article_id == article.pk)
    spans = get_backend()._body_spans(results._run()["query"], docnum)
    assert spans and all(body[start:end].lower().startswith(("harbour", "lighthouse")) for start, end in spans)
    snippet = results.snippet(article)
    # past Whoosh's 32,000-character highlighting limit, escaped, every form marked
    assert '<mark class="hit t0">harbour</mark>' in snippet and "lighthouse</mark>" in snippet
    assert "harbour’s</mark>" in snippet and "&lt;commission&gt;" in snippet and "<commission>" not in snippet
    assert snippets.fragments("short text", [(50, 60)]) == ""  # positions from an older text: the slow way


def test_fragments_pick_the_window_with_most_distinct_matches():
    from articles.search.snippets import fragments

    text = ("alpha " * 100) + "alpha beta gamma here " + ("filler " * 100) + "gamma"
    spans = [(m.start(), m.end()) for m in __import__("re").finditer(r"alpha|beta|gamma", text)]
    html = fragments(text, spans, top=1)
    assert "beta</mark>" in html and "gamma</mark>" in html
    assert len(fragments(text, spans, top=2).split(" … ")) == 2


def test_postings_read_by_block_equal_whooshs_matcher(seeded, django_capture_on_commit_callbacks):
    from articles.search import vectorized

    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):  # several segments, one with a deletion
        for number in range(3):
            make_article(f"Harbour report {number}", body="Chongqing harbour reporters " * (number + 1),
                         source_file=f"harbour-{number}.txt")
        Article.objects.get(title="Harbour report 1").delete()
    reader = get_backend()._current_searcher().reader()
    assert len(list(reader.leaf_readers())) > 1
    assert len(vectorized.postings(reader, "body", "nosuchword")[0]) == 0
    for field, word in (("body", "chongq"), ("body", "harbour"), ("title", "report")):
        ids, weights = vectorized.postings(reader, field, word)
        expected = vectorized._postings_one_by_one(reader, field, word)
        live = set(reader.all_doc_ids())
        assert [(int(i), float(w)) for i, w in zip(ids, weights) if i in live] == \
            [(int(i), float(w)) for i, w in zip(*expected)], (field, word)

    # phrases: positions decoded from the same blocks, over several segments and a deletion
    from articles.search.budget import Budget
    from articles.search.query import parse

    backend = get_backend()
    searcher = backend._current_searcher()
    for q in ('"Chongqing harbour"', '"harbour reporters Chongqing"', '"reporters harbour"', '"Harbour report"'):
        parsed = parse(q, searcher.schema, searcher.reader(), Budget())
        mask, _ = vectorized.evaluate(parsed.query, searcher.reader(), backend._facets.live, Budget())
        assert set(mask.nonzero()[0].tolist()) == set(searcher.docs_for_query(parsed.query)), q


def test_stop_words_are_not_required_unless_they_are_the_whole_query(seeded, django_capture_on_commit_callbacks):
    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Budget vote", body="The council will fully withdraw the bill on Monday.")
        article.countries.add("US")
    assert [h.article_id for h in search("fully withdraw the bill")[:5]] == [article.pk]
    assert article.pk in [h.article_id for h in search("US")[:10]]  # only a stop word: searched as written


def test_a_rolled_back_save_does_not_stop_later_saves_reaching_search(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    from .factories import make_article

    with pytest.raises(RuntimeError), transaction.atomic():
        make_article("Abandoned draft", body="Never committed.", source_file="draft.txt")
        raise RuntimeError("the request failed after the save")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Harbour report", body="The harbour reopened.", source_file="h.txt")
    assert [hit.article_id for hit in search("harbour")[:5]] == [article.pk]


@pytest.mark.parametrize("packed_codec, packed_formats", [(False, False), (True, True), (True, False)])
def test_posting_lists_by_block_survive_deleted_leading_blocks(tmp_path, packed_codec, packed_formats):
    """A segment whose first blocks are all deleted: Whoosh's deletion filter moves past them, the block
    reader must still see every block where it is (positions and characters read from the right one)."""
    from whoosh import fields, index
    from whoosh.codec.whoosh3 import W3Codec

    from articles.search import codec, postinglists, vectorized
    from articles.search.analysis import NewsAnalyzer

    body = fields.TEXT(analyzer=NewsAnalyzer(), chars=True)
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=codec.packed(body) if packed_formats else body)
    options = {"codec": codec.PackedCodec() if packed_codec else W3Codec()}  # (an index from before: the packed
    # codec writes its new segments, Whoosh's formats their values)
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer(**options) as writer:
        for number in range(400):
            writer.add_document(id=str(number), body=f"harbour workers {'pier ' * (number % 3)}strike {number}")
    with ix.writer(**options) as writer:
        for number in range(300):
            writer.delete_by_term("id", str(number))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        (leaf, offset), = reader.leaf_readers()
        ids, _ = vectorized.postings(reader, "body", "strike")
        assert sorted(set(ids.tolist()) & set(reader.all_doc_ids())) == sorted(reader.all_doc_ids())
        expected = dict(reader.postings("body", "strike").items_as("characters"))
        wanted = [300, 301, 377, 399]
        values = postinglists.values_of(leaf, "body", "strike", wanted)
        decode = schema["body"].format.decode_characters
        assert {docnum: decode(value) for docnum, value in values.items()} == {d: expected[d] for d in wanted}
        docs, positions = postinglists.segment_positions(leaf, "body", "strike", schema["body"].format.decode_positions)
        assert {d: positions[docs == d].tolist() for d in wanted} == {d: [p for p, _, _ in expected[d]] for d in wanted}


def test_a_search_under_way_outlives_a_merge_by_another_writer(seeded):
    """A writer in another process may merge the segments a search is reading and delete their files: the
    search still lists its hits (Whoosh opens a segment's stored fields lazily; the load test got a 500)."""
    from whoosh.writing import OPTIMIZE

    from articles.search.store import open_index, writer_of

    results = get_backend().search(SearchRequest(q="Chongqing"))
    assert results.count() == 5
    index = open_index()
    with writer_of(index) as writer:
        writer.add_document(id="999999", title="Another segment")
    writer = writer_of(index)
    writer.add_document(id="999998", title="And a merge")
    writer.commit(mergetype=OPTIMIZE)  # every segment into one: the old segments' files are deleted
    assert len(index.reader().leaf_readers()) == 1
    assert {hit.article_id for hit in results[:5]} == set(Article.objects.values_list("pk", flat=True))


def test_a_ranked_facet_reads_as_its_list_of_pairs():
    import pickle

    import numpy as np

    from articles.search.facets import Ranked

    ranked = Ranked(np.asarray(["pl", "fr", "de"], dtype=object), np.asarray([5, 3, 1]), [("jp", 0)])
    pairs = [("pl", 5), ("fr", 3), ("de", 1), ("jp", 0)]
    assert list(ranked) == pairs and ranked == pairs and len(ranked) == 4 and dict(ranked)["de"] == 1
    assert ranked[:2] == pairs[:2] and ranked[2:] == pairs[2:] and ranked[3:] == [("jp", 0)] and ranked[9:] == []
    assert ranked[1] == ("fr", 3) and ranked[-1] == ("jp", 0) and ranked[::2] == pairs[::2]
    assert pickle.loads(pickle.dumps(ranked)) == pairs  # kept in Django's cache between workers


@pytest.mark.parametrize("small_segment", [0, 1000])  # segments looked up term by term, or read whole
def test_kept_term_counts_are_whooshs_and_follow_new_segments(seeded, django_capture_on_commit_callbacks,
                                                              monkeypatch, small_segment):
    from articles.search import termstats

    from .factories import make_article

    monkeypatch.setattr(termstats, "SMALL_SEGMENT", small_segment)

    def counts():
        backend = get_backend()
        with backend._lock:
            reader = backend._current_searcher().reader()
            return [(termstats.doc_frequency(reader, field, word), reader.doc_frequency(field, word))
                    for field, word in (("body", "chongq"), ("body", "journalist"), ("body", "zzyzx"),
                                        ("body", b"chongq"), ("title", "chongq"), ("id", "1"))]

    before = counts()
    assert all(kept == whoosh for kept, whoosh in before) and before[0][0] == 5 and before[2] == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Chongqing again", body="Journalists returned to Chongqing.")  # a new segment
    after = counts()
    assert all(kept == whoosh for kept, whoosh in after) and after[0][0] == 6
