"""The database work of every page is constant in the archive's size: the same number of queries with five
articles or with a hundred more on the same outlet, person, delegation and country."""
import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Delegation, Outlet, Person, Quote

from .factories import appear, make_article, quote

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


def page_urls():
    article = Article.objects.get(source_file__startswith="004_")
    return {
        "search": "/?q=Chongqing", "browse": "/", "filtered": "/?country=CN&year=2024", "api": "/api/search?q=Chongqing",
        "article": article.get_absolute_url(), "source": article.get_absolute_url() + "source/",
        "outlets": "/outlets/", "people": "/people/", "delegations": "/delegations/", "countries": "/countries/",
        "quotes": "/quotes/", "outlet": Outlet.objects.get(name="China Daily").get_absolute_url(),
        "person": Person.objects.get(name="Nathan Williams").get_absolute_url(),
        "delegation": Delegation.objects.filter(articles=article).first().get_absolute_url(),
        "country": "/countries/cn/", "feed": "/feed.atom?q=Chongqing", "csv": "/export.csv?q=Chongqing",
        "quote": Quote.objects.order_by("pk").first().get_absolute_url(),
        "compare": "/compare?q=Chongqing&q=tour", "compare_csv": "/compare.csv?q=Chongqing&q=tour",
        "quotes_api": "/api/quotes?q=Chongqing", "quotes_csv": "/quotes/export.csv?q=Chongqing",
        "quotes_of_a_speaker": "/quotes/export.json?speaker=nathan-williams",
    }


def closed_as_a_server_closes_it(response):
    """Close a response without ``request_finished`` closing the database connection, as the test client
    itself does: the test's transaction holds that connection (on PostgreSQL it would be closed under it)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def captured(client, url):
    """The SQL of a page's second request: caches warmed (the searcher, sessions), as a running server has them."""
    closed_as_a_server_closes_it(client.get(url))  # an export gives its slot back
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries]


def counts(client, urls):
    return {name: len(captured(client, url)) for name, url in urls.items()}


def test_every_page_makes_a_bounded_number_of_queries_whatever_the_data(seeded, client, django_capture_on_commit_callbacks):
    outlet, person = Outlet.objects.get(name="China Daily"), Person.objects.get(name="Nathan Williams")
    with django_capture_on_commit_callbacks(execute=True):  # one of its own, so no list starts empty
        make_article("China Daily's own story", source_file="own.txt", body="Its own words.", publisher=outlet)
    urls = page_urls()
    small = counts(client, urls)
    delegation = Delegation.objects.get(pk=Delegation.objects.filter(articles__isnull=False).first().pk)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(60):
            article = make_article(f"Chongqing harbour story {number}", source_file=f"more-{number}.txt",
                                   body=f"Chongqing reporters met again, part {number}.", publisher=outlet)
            article.outlets.add(outlet)
            article.countries.add("CN")
            article.delegations.add(delegation)
            appear(article, person, "reporter", outlet)
            quote(article, person, "Chongqing reporters met again", paragraph=0, start=0, end=10)
    large = counts(client, urls)
    assert {name: n for name, n in large.items() if n > small[name]} == {}, (small, large)
    assert max(large.values()) <= MAX_QUERIES, large


def test_no_page_but_the_source_view_reads_an_articles_source_text(seeded, client):
    """An article's source text (a saved page can weigh megabytes) is read by its source view alone: not by
    its own page, its related coverage, results or lists."""
    for name, url in page_urls().items():
        reading = [sql for sql in captured(client, url) if "raw_text" in sql]
        assert bool(reading) == (name == "source"), (name, reading)
