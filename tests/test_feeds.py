"""Feeds and sitemaps: every item fails alone into the feed's ``last_error``, and a run over every feed reads
every feed. Served by a ``LocalSite`` on 127.0.0.1."""
import gzip

from django.core.management import CommandError, call_command
import pytest

from articles.capture import capture_feed
from articles.capture.fetch import Fetcher
from articles.capture.localsite import LocalSite, Page
from articles.models import Capture, Feed

from .pages import BRIDGE, FERRY

pytestmark = pytest.mark.django_db(transaction=True)

METADATA = "http://169.254.169.254/latest/meta-data/"


def urlset(*locations):
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{loc}</loc></url>" for loc in locations) + "</urlset>").encode()


def sitemapindex(*locations):
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locations) + "</sitemapindex>").encode()


def rss(*links):
    items = "".join(f"<item><title>{link}</title><link>{link}</link><guid>{link}</guid></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{items}</channel></rss>'.encode()


@pytest.fixture
def site(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True  # the local site; metadata addresses stay refused
    settings.NEWSROOM_CAPTURE_DELAY = 0
    settings.NEWSROOM_CAPTURE_BACKOFF = 0
    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"), "/news/ferry": Page(FERRY),
                    "/news/bridge": Page(BRIDGE)}) as served:
        yield served


def test_refused_and_unreadable_items_are_recorded_and_the_others_captured(site):
    secret = site.url.replace("http://", "http://editor:hunter2@") + "/news/bridge"
    site.routes["/index.xml"] = Page(sitemapindex(f"{site.url}/pages.xml", f"{METADATA}sitemap.xml",
                                                  f"{site.url}/gone.xml"), content_type="application/xml")
    site.routes["/pages.xml"] = Page(urlset(METADATA, secret, "ftp://example.org/x", f"{site.url}/news/ferry"),
                                     content_type="application/xml")
    with Fetcher() as fetcher:
        feed, report = capture_feed(f"{site.url}/index.xml", fetcher=fetcher)
    assert report.captured == 1 and report.failed == 5
    errors = feed.last_error.split("; ")
    assert errors == [
        f"{METADATA}sitemap.xml: refused, 169.254.169.254 resolves to 169.254.169.254, a cloud metadata address",
        f"{site.url}/gone.xml: the server answered 404 Not Found",
        f"{site.url}/news/bridge: an address with a user name or password is refused (it would be sent to the "
        "site and kept in the archive)",
        "ftp://example.org/x: not an http(s) address",
        f"{METADATA}: refused, 169.254.169.254 resolves to 169.254.169.254, a cloud metadata address",
    ]
    assert list(Capture.objects.values_list("url", flat=True)) == [f"{site.url}/news/ferry"]
    assert feed.seen == [f"{site.url}/news/ferry"]  # the failed items are tried again next run
    assert "hunter2" not in str(Feed.objects.values_list()) and "/news/bridge" not in site.hits


def test_an_endless_feed_is_cut_at_the_byte_cap_and_recorded(site, settings):
    settings.NEWSROOM_CAPTURE_MAX_BYTES = 100_000
    site.routes["/endless.xml"] = Page(rss(f"{site.url}/news/ferry") * 500, content_type="application/rss+xml",
                                       endless=True)
    with pytest.raises(CommandError):
        call_command("capture", "--feed", f"{site.url}/endless.xml")
    assert Feed.objects.get().last_error == (f"{site.url}/endless.xml: over 100,000 bytes "
                                             "(NEWSROOM_CAPTURE_MAX_BYTES)")


def test_a_run_over_every_feed_goes_on_past_a_refused_one(site, capsys):
    site.routes["/b-feed.xml"] = Page(rss(f"{site.url}/news/bridge"), content_type="application/rss+xml")
    site.routes["/c-feed.xml"] = Page(rss(METADATA, f"{site.url}/news/ferry"), content_type="application/rss+xml")
    refused = Feed.objects.create(url="http://169.254.169.254/a-feed.xml")  # read first: feeds go by address
    Feed.objects.create(url=f"{site.url}/b-feed.xml")
    Feed.objects.create(url=f"{site.url}/c-feed.xml")
    with pytest.raises(CommandError, match="2 address"):
        call_command("capture", "--feeds")
    refused.refresh_from_db()
    assert "169.254.169.254, a cloud metadata address" in refused.last_error and refused.last_run
    assert Feed.objects.get(url=f"{site.url}/b-feed.xml").last_error == ""
    assert "cloud metadata address" in Feed.objects.get(url=f"{site.url}/c-feed.xml").last_error
    assert sorted(Capture.objects.values_list("url", flat=True)) == [f"{site.url}/news/bridge",
                                                                      f"{site.url}/news/ferry"]


def test_a_feed_address_with_credentials_is_refused_and_never_stored(site):
    secret = site.url.replace("http://", "http://editor:hunter2@") + "/feed.xml"
    with pytest.raises(CommandError) as failed:
        call_command("capture", "--feed", secret)
    assert "hunter2" not in str(failed.value)
    assert not Feed.objects.exists() and site.received == []


def test_a_gzipped_child_sitemap_is_read_and_a_gzip_bomb_is_refused_in_one_line(site, settings):
    settings.NEWSROOM_CAPTURE_MAX_BYTES = 100_000
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000)  # 5 MB of XML in a file of about 5 kB
    assert len(bomb) < 10_000
    site.routes["/sitemap_index.xml"] = Page(sitemapindex(f"{site.url}/news.xml.gz", f"{site.url}/bomb.xml.gz"),
                                             content_type="application/xml")
    site.routes["/news.xml.gz"] = Page(gzip.compress(urlset(f"{site.url}/news/ferry", f"{site.url}/news/bridge")),
                                       content_type="application/gzip")
    site.routes["/bomb.xml.gz"] = Page(bomb, content_type="application/x-gzip")
    with Fetcher() as fetcher:
        feed, report = capture_feed(f"{site.url}/sitemap_index.xml", fetcher=fetcher)
    assert (report.captured, report.failed) == (2, 1)
    assert list(site.hits.items()) == [("/robots.txt", 1), ("/sitemap_index.xml", 1), ("/news.xml.gz", 1),
                                       ("/bomb.xml.gz", 1), ("/news/ferry", 1), ("/news/bridge", 1)]
    assert feed.last_error == (f"{site.url}/bomb.xml.gz: over 100,000 bytes once decompressed "
                               "(NEWSROOM_CAPTURE_MAX_BYTES)")
    assert sorted(Capture.objects.values_list("url", flat=True)) == [f"{site.url}/news/bridge",
                                                                      f"{site.url}/news/ferry"]


def test_a_sitemap_served_gzip_encoded_or_as_a_gzip_file_reads_the_same(site):
    site.routes["/encoded.xml"] = Page(urlset(f"{site.url}/news/ferry"), content_type="application/xml", gzip=True)
    site.routes["/sitemap.xml.gz"] = Page(gzip.compress(urlset(f"{site.url}/news/bridge")),
                                          content_type="application/octet-stream")
    with Fetcher() as fetcher:
        assert capture_feed(f"{site.url}/encoded.xml", fetcher=fetcher)[1].captured == 1
        assert capture_feed(f"{site.url}/sitemap.xml.gz", fetcher=fetcher)[1].captured == 1


def test_a_child_sitemap_that_is_no_sitemap_is_an_error_not_silence(site):
    site.routes["/index.xml"] = Page(sitemapindex(f"{site.url}/news.xml.gz", f"{site.url}/pages.xml"),
                                     content_type="application/xml")
    site.routes["/news.xml.gz"] = Page(gzip.compress(b"<html><body>Sign in</body></html>"),
                                       content_type="application/gzip")
    site.routes["/pages.xml"] = Page(urlset(f"{site.url}/news/ferry"), content_type="application/xml")
    with Fetcher() as fetcher:
        feed, report = capture_feed(f"{site.url}/index.xml", fetcher=fetcher)
    assert (report.captured, report.failed) == (1, 1)
    assert feed.last_error == f"{site.url}/news.xml.gz: not a sitemap (no <urlset> or <sitemapindex>)"


def test_each_item_carries_the_date_its_entry_says_the_page_changed():
    from articles.capture.feeds import Item, feed_items, sitemap_entries

    rss_feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>'
                "<item><link>https://courier.example/a</link><guid>a</guid>"
                "<pubDate>Sat, 14 Mar 2026 08:00:00 +0100</pubDate></item>"
                "<item><link>https://courier.example/b</link></item></channel></rss>").encode()
    assert feed_items(rss_feed) == [Item("a", "https://courier.example/a", "2026-03-14T07:00:00Z"),
                                    Item("https://courier.example/b", "https://courier.example/b", "")]
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title><id>c</id>'
            "<entry><id>urn:a</id><title>a</title><link href='https://courier.example/a'/>"
            "<published>2026-03-14T08:00:00Z</published><updated>2026-03-15T09:30:00Z</updated></entry>"
            "</feed>").encode()
    assert feed_items(atom) == [Item("urn:a", "https://courier.example/a", "2026-03-15T09:30:00Z")]
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               "<url><loc>https://courier.example/a</loc><lastmod>2026-03-15</lastmod></url>"
               "<url><loc>https://courier.example/b</loc></url></urlset>").encode()
    assert sitemap_entries(sitemap) == ("urls", [("https://courier.example/a", "2026-03-15"),
                                                 ("https://courier.example/b", "")])
