"""Answers kept per archive state: computed once, shared through Django's cache, stale at the next change."""
from articles.kernel import memo
from articles.models import Article
from articles.search.backend import SearchRequest, get_backend

from .factories import make_article


def counting(answer):
    calls = []

    def compute():
        calls.append(1)
        return answer

    return compute, calls


def test_an_answer_is_computed_once_per_state_and_again_after_a_change(db, django_capture_on_commit_callbacks):
    compute, calls = counting(["first"])
    assert memo.once_per_state("test", ("a", 1), compute) == ["first"]
    assert memo.once_per_state("test", ("a", 1), compute) == ["first"]
    assert memo.once_per_state("test", ("b", 1), compute) == ["first"]  # another key: its own answer
    assert len(calls) == 2
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Harbour report", body="Reporters toured the harbour.")
    memo.once_per_state("test", ("a", 1), compute)
    assert len(calls) == 3


def test_workers_share_answers_through_a_shared_cache(db, settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    compute, calls = counting({"FR": 3})
    assert memo.once_per_state("test", "key", compute) == {"FR": 3}
    memo.forget()  # another worker: nothing of its own yet
    assert memo.once_per_state("test", "key", compute) == {"FR": 3}
    assert len(calls) == 1


def test_a_cache_that_fails_costs_the_computation_not_the_answer(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                                   "LOCATION": "127.0.0.1:1"}}  # nothing listens there (nor is pymemcache installed)
    compute, calls = counting(7)
    assert memo.once_per_state("test", "key", compute) == 7
    assert len(calls) == 1


def test_browsing_facets_are_kept_per_index_generation_and_follow_an_edit(seeded, django_capture_on_commit_callbacks):
    def countries(**filters):
        return dict(get_backend().search(SearchRequest(filters=filters)).facets["country"])

    before = countries()
    assert countries() == before and countries(country=["CN"]) == countries(country=["CN"])
    article = Article.objects.get(source_file__startswith="004_")
    with django_capture_on_commit_callbacks(execute=True):
        article.countries.add("IS")
        article.save()
    assert countries()["IS"] == before.get("IS", 0) + 1
    assert countries(country=["CN"])["IS"] >= 1


def test_answers_kept_item_by_item_are_computed_once_each_per_state(db, django_capture_on_commit_callbacks):
    asked = []

    def names(missing):
        asked.append(sorted(missing))
        return {key: key.upper() for key in missing}

    assert memo.each_once_per_state("test", ["fr", "de"], names) == {"fr": "FR", "de": "DE"}
    assert memo.each_once_per_state("test", ["de", "pl"], names) == {"de": "DE", "pl": "PL"}
    assert memo.each_once_per_state("test", ["pl", "fr"], names) == {"pl": "PL", "fr": "FR"}
    assert asked == [["de", "fr"], ["pl"]]
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Harbour report", body="Reporters toured the harbour.")
    memo.each_once_per_state("test", ["fr"], names)
    assert asked[-1] == ["fr"]


def test_a_renamed_outlet_is_named_anew_on_the_next_search_page(seeded, client, django_capture_on_commit_callbacks):
    from articles.models import Outlet

    def outlet_facet():
        page = client.get("/", {"q": "Chongqing"}).content.decode()
        return page.split('data-facet="outlet"', 1)[1].split("</section>", 1)[0]

    outlet = Outlet.objects.filter(articles__isnull=False).first()
    assert outlet.name in outlet_facet()
    with django_capture_on_commit_callbacks(execute=True):
        outlet.name = "Renamed Herald Tribune"
        outlet.save()
    assert "Renamed Herald Tribune" in outlet_facet()


def test_the_names_version_moves_with_named_records_only(db, django_capture_on_commit_callbacks):
    from articles.records.freshness import bulk_changes, state

    from .factories import make_outlet, make_person

    etag, _changed_at, names = state()
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Harbour report", body="Reporters toured the harbour.")
    assert state()[0] != etag and state()[2] == names  # an article: a new state, the same names
    with django_capture_on_commit_callbacks(execute=True):
        make_outlet("Harbour Herald")
    assert state()[2] == names + 1
    with bulk_changes():  # an ingest: bumped once, at its end
        make_person("Anna Berg")
    assert state()[2] == names + 2


def test_facet_labels_outlive_an_edit_of_an_article(seeded, client, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/", {"q": "Chongqing"})
    article = Article.objects.get(source_file__startswith="004_")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "An edited title"
        article.save()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/", {"q": "Chongqing"}).content.decode()
    assert "An edited title" in page
    label_tables = ("articles_outlet", "articles_person", "articles_delegation")
    assert not [q["sql"] for q in queries if q["sql"].split(" FROM ")[1].split()[0].strip('"') in label_tables]
