"""Search pages and API answers kept by what they show: served again after edits elsewhere, never stale."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.web import pagecache

from .factories import make_article


def edit(article, capture, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    with capture(execute=True):
        article.save()


def reads_articles(queries):
    """Whether a page's queries read article rows (what a kept page does not need)."""
    return any('FROM "articles_article"' in q["sql"] and '"articles_article"."body"' in q["sql"] for q in queries)


def test_a_search_page_is_served_again_after_an_edit_elsewhere(seeded, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere = make_article("Harbour report", body="Reporters toured the harbour.")
    first = client.get("/", {"q": "Chongqing"}).content
    edit(elsewhere, django_capture_on_commit_callbacks, title="Harbour report, edited")  # a new archive state
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/", {"q": "Chongqing"})
    assert again.status_code == 200 and again.content == first
    assert not reads_articles(queries)  # the page kept, not made again
    assert again["ETag"]  # still a public page with its validator


def test_an_edit_of_a_listed_article_shows_at_once(seeded, client, django_capture_on_commit_callbacks):
    client.get("/", {"q": "Chongqing"})
    client.get("/api/search", {"q": "Chongqing"})
    listed = Article.objects.get(source_file__startswith="003_")
    edit(listed, django_capture_on_commit_callbacks, title="Smart city tour, retitled")
    assert "Smart city tour, retitled" in client.get("/", {"q": "Chongqing"}).content.decode()
    titles = [r["title"] for r in client.get("/api/search", {"q": "Chongqing"}).json()["results"]]
    assert "Smart city tour, retitled" in titles


def test_a_new_match_changes_the_page(seeded, client, django_capture_on_commit_callbacks):
    before = client.get("/", {"q": "Chongqing"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Another Chongqing visit", body="Reporters went to Chongqing again.")
    after = client.get("/", {"q": "Chongqing"}).content.decode()
    assert "Another Chongqing visit" in after and "Another Chongqing visit" not in before


def test_editors_pages_are_never_kept_nor_served_from_the_kept(seeded, client, admin_client):
    anonymous = client.get("/", {"q": "Chongqing"}).content.decode()
    editor = admin_client.get("/", {"q": "Chongqing"}).content.decode()
    assert "Sign out" in editor and "Sign out" not in anonymous
    assert "Sign out" not in client.get("/", {"q": "Chongqing"}).content.decode()
    assert admin_client.get("/", {"q": "Chongqing"})["Cache-Control"].startswith("private")


def test_api_answers_are_kept_per_host(seeded, client, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    one = client.get("/api/search", {"q": "Chongqing"}, HTTP_HOST="one.example").json()
    two = client.get("/api/search", {"q": "Chongqing"}, HTTP_HOST="two.example").json()
    assert one["results"][0]["url"].startswith("http://one.example/")
    assert two["results"][0]["url"].startswith("http://two.example/")


def test_the_kept_pages_stay_within_their_bound(monkeypatch):
    from articles.kernel.lru import WeighedLRU

    monkeypatch.setattr(pagecache, "_kept", WeighedLRU(1000))
    for n in range(10):
        pagecache.keep(f"page {n}", b"x" * 200, "text/html")
    assert pagecache.get("page 0") is None and pagecache.get("page 9") == (b"x" * 200, "text/html")
    assert pagecache._kept.weight <= 1000
    pagecache.keep("too big", b"x" * 600, "text/html")  # more than a quarter of the bound: never kept
    assert pagecache.get("too big") is None and pagecache.get("page 9") is not None


def test_a_page_says_whether_the_kept_pages_answered_it(seeded, client, admin_client):
    """The load test counts the pages the cache answered by this header."""
    assert client.get("/", {"q": "Chongqing"})["X-Page-Cache"] == "miss"
    assert client.get("/", {"q": "Chongqing"})["X-Page-Cache"] == "hit"
    assert client.get("/api/search", {"q": "Chongqing"})["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in admin_client.get("/", {"q": "Chongqing"})  # an editor's page is never kept
