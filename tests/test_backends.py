"""One suite for every search backend available here: Whoosh always, PostgreSQL when the database is
PostgreSQL (``make test-postgres``). On the seeded archive they must agree on counts and facet counts."""
import re

import pytest
from django.db import connection

from articles.ingest import run
from articles.models import Article
from articles.search.backend import SearchRequest, get_backend

from .conftest import SEEDS

BACKENDS = ["whoosh"] + (["postgres"] if connection.vendor == "postgresql" else [])
pytestmark = pytest.mark.django_db


@pytest.fixture(params=BACKENDS)
def backend(request, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM_SEARCH_BACKEND = request.param
    engine = get_backend()
    engine.recreate()
    with django_capture_on_commit_callbacks(execute=True):
        assert run([SEEDS]).created == 5
    return engine


def search(engine, q="", sort="", **filters):
    return engine.search(SearchRequest(q=q, filters=filters, sort=sort))


def test_counts_and_words(backend):
    assert search(backend, "Chongqing").count() == 5
    assert search(backend, "Chongqing journalists Belarus").count() == 1
    assert search(backend, '"smart city"').count() == 1
    assert search(backend).count() == 5


def test_disjunctive_facet_counts_on_the_seeds(backend):
    everything = dict(search(backend).facets["country"])
    assert everything == {"BY": 1, "CN": 5, "DE": 1, "GB": 1, "HK": 1, "JP": 1, "KZ": 1, "PH": 1, "PL": 1, "UZ": 1}
    picked = search(backend, country=["PL"])
    assert picked.count() == 1
    assert dict(picked.facets["country"]) == everything
    assert dict(picked.facets["year"]) == {"2025": 1}
    assert dict(search(backend).facets["year"]) == {"2023": 1, "2024": 1, "2025": 1}
    assert search(backend, country=["PL", "JP"]).count() == 2


def test_sorting_and_slicing(backend):
    dated = [a.pk for a in Article.objects.newest_first() if a.published]
    assert [h.article_id for h in search(backend, sort="date")[:len(dated)]] == dated
    assert search(backend, sort="oldest")[0].article_id == dated[-1]
    assert len(search(backend)[0:2]) == 2


def test_ties_come_in_the_order_of_their_ids_on_every_page(backend, django_capture_on_commit_callbacks):
    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):  # ids past 9 and 99: ordered as numbers, not text
        same = [make_article(f"Zanzibar harbour {n}", body="Zanzibar harbour.", source_file=f"z{n}.txt").pk
                for n in range(25)]
    assert [h.article_id for h in search(backend, "Zanzibar")[:25]] == sorted(same)
    assert [h.article_id for h in search(backend, "Zanzibar", sort="date")[:25]] == sorted(same, reverse=True)
    assert [h.article_id for h in search(backend, "Zanzibar", sort="oldest")[:25]] == sorted(same)
    assert [h.article_id for h in search(backend, "Zanzibar")[20:25]] == sorted(same)[20:]  # a later page


def test_snippets_are_marked_and_escaped(backend, tmp_path, django_capture_on_commit_callbacks):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Reporters at the Harbour\n\nThe reporters saw <script>alert('x')</script> at the harbour.\n")
    with django_capture_on_commit_callbacks(execute=True):
        run([hostile])
    results = search(backend, "harbour")
    article = Article.objects.get(source_file="hostile.txt")
    snippet = results.snippet(article)
    assert "<mark" in snippet and "harbour</mark>" in snippet
    # Whoosh shows the tag escaped, PostgreSQL's parser drops it: either way only <mark> is markup
    assert "<" not in re.sub(r"</?mark[^>]*>", "", snippet)
    assert "alert(" in snippet


def test_edits_and_deletes_reach_the_backend(backend, django_capture_on_commit_callbacks):
    article = Article.objects.get(source_file__startswith="000_")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Zanzibarian headline"
        article.save()
    assert [h.article_id for h in search(backend, "Zanzibarian")[:5]] == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert search(backend, "Chongqing").count() == 4


@pytest.mark.parametrize("start, end, undated", [
    ("2024-01-01", None, ""), (None, "2024-12-31", ""), ("2023-06-01", "2025-03-31", ""),
    ("2024-01-01", None, "include"), (None, None, "only"), (None, None, "exclude"), ("2030-01-01", None, ""),
])
def test_date_range_limits_results_facets_and_paging(backend, start, end, undated):
    from datetime import date

    start, end = (date.fromisoformat(d) if d else None for d in (start, end))
    request = SearchRequest(date_from=start, date_to=end, undated=undated)
    expected = {a.pk for a in Article.objects.all()
                if (a.published is None and request.undated_rule in ("include", "only"))
                or (a.published and request.undated_rule != "only"
                    and (not start or a.published >= start) and (not end or a.published <= end))}
    results = backend.search(request)
    assert results.count() == len(expected)
    assert {hit.article_id for hit in results[:results.count()]} == expected
    for sort in ("date", "oldest"):
        sorted_results = backend.search(SearchRequest(date_from=start, date_to=end, undated=undated, sort=sort))
        assert {hit.article_id for hit in sorted_results[:100]} == expected
    years = {str(a.published.year) for a in Article.objects.filter(pk__in=expected) if a.published}
    assert {year for year, count in results.facets["year"] if count} == years
    # the month chart keeps showing the whole span around the range
    assert results.facets["month"] == search(backend).facets["month"]


def test_date_range_combines_with_words_and_facets(backend):
    from datetime import date

    dated = Article.objects.exclude(published=None).order_by("published")
    first = dated.first()
    request = SearchRequest(q="Chongqing", filters={"country": ["CN"]}, date_to=first.published)
    assert [hit.article_id for hit in backend.search(request)[:10]] == [first.pk]
    assert backend.search(SearchRequest(q="Chongqing", date_from=date(1990, 1, 1), undated="only")).count() == \
        Article.objects.filter(published=None).count()


def test_a_search_over_its_budget_is_refused_by_every_backend(backend, settings):
    from articles.search.budget import TooBroad

    settings.NEWSROOM_SEARCH_BUDGET = 0.0
    with pytest.raises(TooBroad):
        search(backend, "Chongqing").count()
    settings.NEWSROOM_SEARCH_BUDGET = 1.5
    assert search(backend, "Chongqing").count() == 5  # the connection is still usable after a refusal


OLD_LAYOUT = """
CREATE TABLE newsroom_search (
    article_id bigint PRIMARY KEY, fingerprint text NOT NULL,
    title text NOT NULL DEFAULT '', body text NOT NULL DEFAULT '', quotes text NOT NULL DEFAULT '',
    names text NOT NULL DEFAULT '',
    country text[] NOT NULL DEFAULT '{}', outlet text[] NOT NULL DEFAULT '{}',
    delegation text[] NOT NULL DEFAULT '{}', speaker text[] NOT NULL DEFAULT '{}',
    publisher text NOT NULL DEFAULT '', year integer NOT NULL DEFAULT 0, month integer NOT NULL DEFAULT 0,
    published integer NOT NULL DEFAULT 0,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('simple', names), 'B') || setweight(to_tsvector('english', quotes), 'B') ||
        setweight(to_tsvector('english', body), 'C')
    ) STORED
);
CREATE INDEX newsroom_search_document ON newsroom_search USING gin (document);
INSERT INTO newsroom_search (article_id, fingerprint, title, body, country, year)
VALUES (1, 'f', 'Harbour tour', 'Reporters toured the lighthouse district.', '{IS}', 2024);
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own table")
def test_the_postgres_table_moves_from_its_old_layout_in_place(settings):
    from articles.search.postgres import PostgresBackend

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS newsroom_search; DROP TABLE IF EXISTS newsroom_search_leads")
        cursor.execute(OLD_LAYOUT)
    engine = PostgresBackend()
    found = engine.search(SearchRequest(q="lighthouse"))
    assert found.count() == 1 and found[0].article_id == 1 and dict(found.facets["country"]) == {"IS": 1}
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'newsroom_search'")
        columns = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT article_id, lead FROM newsroom_search_leads")
        leads = cursor.fetchall()
    assert "document" in columns and not columns & {"lead", "title", "body", "quotes", "names"}
    assert [article_id for article_id, _lead in leads] == [1] and "lighthous" in leads[0][1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own table")
def test_postgres_facet_columns_follow_every_write(settings):
    """The facet columns a process keeps (pgcolumns.py) are brought up to date by the rows written since:
    after new rows, rewritten rows and deletions they count what a process reading the table afresh counts."""
    from articles.search.postgres import PostgresBackend

    def document(number, countries, year):
        return {"id": str(number), "fingerprint": "f", "title": f"Harbour story {number}", "body": "The harbour.",
                "country": countries, "year": year, "month": year * 100 + 1, "published": 700000 + number}

    def seen(engine, **filters):
        found = engine.search(SearchRequest(q="harbour", filters=filters))
        return found.count(), {facet: found.facets[facet] for facet in ("country", "year", "month")}, \
            [hit.article_id for hit in found[:50]]

    engine = PostgresBackend()
    engine.recreate()
    engine.add_bulk([document(n, "FR,DE" if n % 2 else "PL", 2020 + n % 3) for n in range(1, 41)])
    assert seen(engine)[0] == 40
    engine.add_bulk([document(n, "JP", 2030) for n in range(35, 46)])  # five rewritten, six new
    engine.delete([2, 4])
    assert seen(engine) == seen(PostgresBackend())
    count, facets, _ = seen(engine, country=["JP"])
    assert count == 11 and dict(facets["year"]) == {"2030": 11} and dict(facets["country"])["PL"] == 15
    engine.add_bulk([document(3, "IS", 2031)])
    assert seen(engine, year=["2031"])[0] == 1 and seen(engine) == seen(PostgresBackend())


@pytest.mark.parametrize("words, condition", [
    ("'prime' <-> 'minist'", "'prime minist'"),
    ("!( 'prime' <-> 'minist' ) & 'harbour'", "!( 'prime minist' ) & 'harbour'"),
    ("'it''s' <-> 'late' | 'presid'", "'it''s late' | 'presid'"),
    ("'o' <-> 'brien' <-> 'said'", None),  # three words: checked against the documents
    ("'prime' <2> 'minist'", None),  # a stop word between
    ("'presid' & 'elect'", None),  # no phrase
])
def test_two_word_phrases_are_matched_as_word_pairs(words, condition):
    from articles.search.postgres import WORDS_AND_PAIRS, PostgresBackend

    sql, params = PostgresBackend._matches(words, "the query")
    if condition:
        assert sql.startswith(WORDS_AND_PAIRS) and params == [condition]
    else:
        assert sql.startswith("document @@ websearch_to_tsquery") and params == ["the query"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own table")
@pytest.mark.parametrize("query", ['"prime minister"', '"minister prime"', 'harbour -"prime minister"',
                                   '"prime minister" or "harbour master"', '"prime minister said"',
                                   '"prime of minister"', '"O\'Brien said"', "prime minister"])
def test_postgres_phrases_match_and_rank_as_postgres_checks_them(settings, query):
    """Whether through word pairs or not, a query matches the documents PostgreSQL's own check of the words'
    order over the whole document matches, and ranks them by their leads' cover density."""
    from articles.search.postgres import PostgresBackend

    texts = [("Prime", "Minister Ames spoke at the harbour."), ("Harbour master", "The prime minister said no."),
             ("Minister prime time", "Prime ministers and the minister of the harbour."),
             ("The prime of the minister", "O'Brien said the harbour master was prime."),
             ("Harbour news", "Words. " * 120 + "Late in the story the prime minister said so, O'Brien said."),
             ("Prime minister", "The prime minister said the prime minister would visit the harbour master.")]
    engine = PostgresBackend()
    engine.recreate()
    engine.add_bulk([{"id": str(number), "fingerprint": "f", "title": title, "body": body}
                     for number, (title, body) in enumerate(texts, 1)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM newsroom_search JOIN newsroom_search_leads USING (article_id) "
                       "WHERE document @@ websearch_to_tsquery('english', %s) "
                       "ORDER BY ts_rank_cd(lead, websearch_to_tsquery('english', %s)) DESC, article_id",
                       [query, query])
        expected = [row[0] for row in cursor.fetchall()]
    found = engine.search(SearchRequest(q=query))
    assert found.count() == len(expected) and [hit.article_id for hit in found[:10]] == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own table")
def test_postgres_ranks_filtered_matches_alike_whether_few_or_many_are_kept(settings, monkeypatch):
    """Filters keeping few articles have their leads looked up by id, others joined: the same order."""
    from articles.search import postgres

    engine = postgres.PostgresBackend()
    engine.recreate()
    engine.add_bulk([{"id": str(n), "fingerprint": "f", "title": "Harbour " * (n % 4 + 1), "body": f"Story {n}.",
                      "country": "FR" if n % 3 else "PL", "year": 2020 + n % 2} for n in range(1, 31)])

    def ranked():
        found = engine.search(SearchRequest(q="harbour", filters={"country": ["FR"], "year": ["2021"]}))
        return found.count(), [(hit.article_id, round(hit.score, 5)) for hit in found[:30]]

    by_id = ranked()
    monkeypatch.setattr(postgres, "KEPT_BY_ID", 0)
    assert ranked() == by_id and by_id[0] == 10 and {score for _id, score in by_id[1]} == {2.0, 4.0}


def test_outlet_and_title_words_are_matched_in_their_part_of_the_document_by_every_backend(backend):
    """"outlet:word" finds exactly the articles with an outlet of that name (the PostgreSQL backend once searched
    it as the words "outlet" and "word" anywhere, and found none of them); "title:" the title's words; a
    negated field leaves those articles out."""
    from django.db.models import Q

    from articles.models import Outlet

    linked = {outlet: set(Article.objects.filter(Q(outlets=outlet) | Q(publisher=outlet) | Q(distributor=outlet))
                          .values_list("pk", flat=True)) for outlet in Outlet.objects.all()}
    word = max((w for outlet, ids in linked.items() if ids for w in re.findall(r"[A-Za-z]{4,}", outlet.name)),
               key=lambda w: sum(1 for outlet in linked if re.search(rf"\b{w}\b", outlet.name, re.I)))
    named = set().union(*(ids for outlet, ids in linked.items() if re.search(rf"\b{word}\b", outlet.name, re.I)))
    titled = set(Article.objects.filter(title__icontains="Chongqing").values_list("pk", flat=True))
    assert named and titled  # the seeds have both

    def found(query):
        return {hit.article_id for hit in search(backend, query)[:50]}

    assert found(f"outlet:{word}") == named
    assert found("title:Chongqing") == titled
    assert found(f"Chongqing -outlet:{word}") == found("Chongqing") - named


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own table")
def test_a_postgres_table_written_before_the_outlets_had_their_own_weight_is_outdated_until_fixed(
        settings, django_capture_on_commit_callbacks):
    from articles.search.indexing import check

    settings.NEWSROOM_SEARCH_BACKEND = "postgres"
    get_backend().recreate()
    with django_capture_on_commit_callbacks(execute=True):
        run([SEEDS])
    assert check()["outdated"] is False
    with connection.cursor() as cursor:
        cursor.execute("UPDATE newsroom_search SET layout = 1")
    assert check()["outdated"] is True
    assert check(fix=True)["rebuilt"] == Article.objects.count() and check()["outdated"] is False
