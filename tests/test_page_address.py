"""The address a page from the web is known by: the one it gives for itself (``<link rel="canonical">``, else
``og:url``) when that is on its own site, so its copies at other addresses are one article, captured or read
back from the archive's own WARC export; the capture keeps the address it fetched."""
from django.core.management import call_command
import pytest

from articles.capture import capture_urls
from articles.capture.localsite import LocalSite, Page
from articles.ingest import run
from articles.ingest.urls import page_address
from articles.models import Article, Capture

from .pages import BRIDGE, FERRY

FETCHED = "https://www.harbourcourier.co.uk/amp/ferry?utm_source=x"


@pytest.mark.parametrize("claimed, address", [
    ("https://www.harbourcourier.co.uk/news/ferry", "https://www.harbourcourier.co.uk/news/ferry"),
    ("/news/ferry#comments", "https://www.harbourcourier.co.uk/news/ferry"),
    ("//harbourcourier.co.uk/news/ferry", "https://harbourcourier.co.uk/news/ferry"),  # the same registered domain
    ("http://www.harbourcourier.co.uk/news/ferry", "http://www.harbourcourier.co.uk/news/ferry"),
    ("https://other.example/news/ferry", FETCHED),  # another site's address never stands for the page
    ("https://harbourcourier.co.uk.evil.com/news/ferry", FETCHED),
    ("https://editor:secret@www.harbourcourier.co.uk/news/ferry", FETCHED),
    ("javascript:alert(1)", FETCHED),
    ("https://www.harbourcourier.co.uk/", FETCHED),  # the home page, named by every page of a misconfigured site
    ("/?p=123", "https://www.harbourcourier.co.uk/?p=123"),
    ("https://www.harbourcourier.co.uk/news/" + "x" * 600, FETCHED),
    ("https://[www.harbourcourier.co.uk/news", FETCHED),
    ("", FETCHED),
])
def test_a_page_is_known_by_its_canonical_address_only_on_its_own_site(claimed, address):
    assert page_address(claimed, FETCHED) == address


def with_head(page, head):
    return page.replace(b"</head>", head.encode() + b"</head>")


@pytest.fixture
def courier(settings):
    """The ferry story at its address, and an AMP copy of it that names that address as its canonical one."""
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = settings.NEWSROOM_CAPTURE_BACKOFF = 0
    with LocalSite({"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain")}) as site:
        canonical = f'<link rel="canonical" href="{site.url}/news/ferry">'
        site.routes["/news/ferry"] = Page(with_head(FERRY, canonical))
        site.routes["/amp/ferry"] = Page(with_head(FERRY, canonical + "<style>amp-img{display:block}</style>"))
        site.routes["/news/bridge"] = Page(with_head(BRIDGE, '<link rel="canonical" '
                                                             'href="https://other.example/news/bridge">'))
        yield site


@pytest.mark.django_db(transaction=True)
def test_a_copy_with_a_canonical_link_is_one_article_at_the_canonical_address(courier):
    report = capture_urls([f"{courier.url}/amp/ferry?utm_source=x", f"{courier.url}/news/ferry",
                           f"{courier.url}/news/bridge"])
    assert report.failed == 0 and report.captured == 2, report.errors
    ferry = Article.objects.get(title="Harbour board approves new ferry berth")
    assert ferry.source_url == f"{courier.url}/news/ferry"
    assert sorted(ferry.captures.values_list("url", flat=True)) == [f"{courier.url}/amp/ferry?utm_source=x",
                                                                    f"{courier.url}/news/ferry"]
    bridge = Article.objects.get(title="Council reopens the old swing bridge")
    assert bridge.source_url == f"{courier.url}/news/bridge"  # its canonical is another site's: not taken
    assert Article.objects.count() == 2 and Capture.objects.count() == 3
    assert courier.hits == {"/robots.txt": 1, "/amp/ferry": 1, "/news/ferry": 1, "/news/bridge": 1}


@pytest.mark.django_db(transaction=True)
def test_the_exported_warc_of_a_pages_copies_ingested_adds_no_article(courier, tmp_path):
    capture_urls([f"{courier.url}/amp/ferry?utm_source=x", f"{courier.url}/news/ferry"])
    articles = sorted(Article.objects.values_list("pk", "source_url", "content_hash"))
    assert len(articles) == 1
    captures = sorted(Capture.objects.values_list("pk", "article_id", "url"))
    exported = tmp_path / "out" / "export.warc.gz"
    exported.parent.mkdir()
    call_command("export_warc", str(exported))

    for _ in range(2):
        report = run([exported.parent])
        assert report.failed == 0 and report.created == 0 and report.unchanged == 2, report.errors
        assert sorted(Article.objects.values_list("pk", "source_url", "content_hash")) == articles
        assert sorted(Capture.objects.values_list("pk", "article_id", "url")) == captures


@pytest.mark.django_db(transaction=True)
def test_a_page_read_from_another_crawl_is_the_article_captured_at_its_canonical_address(courier, tmp_path):
    from .test_warcs import warc_bytes

    capture_urls([f"{courier.url}/news/ferry"])
    ferry = Article.objects.get()
    edited = with_head(FERRY.replace(b"in the spring", b"in the summer"),
                       '<link rel="canonical" href="/news/ferry">')
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes((f"{courier.url}/news/ferry?ref=home", "text/html", edited)))
    report = run([tmp_path])
    assert report.updated == 1 and Article.objects.get() == ferry, report.errors
    ferry.refresh_from_db()
    assert "in the summer" in ferry.body and ferry.source_url == f"{courier.url}/news/ferry"
    assert sorted(ferry.captures.values_list("url", flat=True)) == [f"{courier.url}/news/ferry",
                                                                    f"{courier.url}/news/ferry?ref=home"]
