"""The capture client's limits against hostile servers: endless and dripping answers, and credentials in an
address. Every server is a ``LocalSite`` on 127.0.0.1 started by the test."""
import time

import pytest

from articles.capture import localsite
from articles.capture.addresses import AddressRefused
from articles.capture.fetch import CaptureError, Fetcher
from articles.capture.localsite import LocalSite, Page

CAP = 100_000
ROBOTS_CAP = 20_000
PAGE = b"<html><body><p>" + b"A paragraph of the story. " * 40 + b"</p></body></html>"


@pytest.fixture
def limits(settings, monkeypatch):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = 0
    settings.NEWSROOM_CAPTURE_BACKOFF = 0
    settings.NEWSROOM_CAPTURE_RETRIES = 0
    settings.NEWSROOM_CAPTURE_TIMEOUT = 1.5
    settings.NEWSROOM_CAPTURE_MAX_BYTES = CAP
    settings.NEWSROOM_CAPTURE_ROBOTS_MAX_BYTES = ROBOTS_CAP
    monkeypatch.setattr(localsite, "ENDLESS_LIMIT", 32 << 20)  # a client without a cap fails, if slowly
    return settings


def timed(call):
    started = time.monotonic()
    try:
        call()
    except (CaptureError, AddressRefused) as error:
        return str(error), time.monotonic() - started
    raise AssertionError("no error")


def test_an_endless_page_is_cut_at_the_byte_cap(limits):
    with LocalSite({"/endless": Page(b"<p>" + b"x" * 65_536, endless=True)}) as site, \
            Fetcher(obey_robots=False, timeout=30) as fetcher:
        error, elapsed = timed(lambda: fetcher.fetch(f"{site.url}/endless"))
    assert error == f"{site.url}/endless: over 100,000 bytes (NEWSROOM_CAPTURE_MAX_BYTES)"
    assert elapsed < 5


def test_an_endless_gzip_page_is_cut_once_decompressed_too(limits):
    import gzip

    bomb = Page(gzip.compress(b"a" * 20 * CAP), headers={"Content-Encoding": "gzip"})
    with LocalSite({"/bomb": bomb}) as site, Fetcher(obey_robots=False) as fetcher:
        hop = fetcher.fetch(f"{site.url}/bomb").final
        assert len(hop.body) < CAP
        with pytest.raises(CaptureError, match="over 100,000 bytes once decompressed"):
            hop.payload


def test_an_endless_robots_txt_is_cut_at_its_cap_and_the_site_is_not_fetched(limits):
    rules = Page(b"User-agent: *\nDisallow: /private/\n" * 2000, content_type="text/plain", endless=True)
    with LocalSite({"/robots.txt": rules, "/a": Page(PAGE), "/b": Page(PAGE)}) as site, \
            Fetcher(timeout=30) as fetcher:
        error, elapsed = timed(lambda: fetcher.fetch(f"{site.url}/a"))
        again, _ = timed(lambda: fetcher.fetch(f"{site.url}/b"))
    assert error.startswith(f"{site.url}/a: its site's robots.txt could not be read, so nothing there is fetched")
    assert "over 20,000 bytes (NEWSROOM_CAPTURE_ROBOTS_MAX_BYTES)" in error and "could not be read" in again
    assert elapsed < 5 and site.hits == {"/robots.txt": 1}  # read once a run, and no page fetched


@pytest.mark.parametrize("drip_head, expected", [(False, "not sent in full within 1.5 s"),
                                                 (True, "no answer within 1.5 s")])
def test_a_server_sending_a_byte_at_a_time_is_cut_at_the_request_time_limit(limits, drip_head, expected):
    with LocalSite({"/drip": Page(PAGE, drip=0.5, drip_head=drip_head)}) as site, \
            Fetcher(obey_robots=False) as fetcher:
        error, elapsed = timed(lambda: fetcher.fetch(f"{site.url}/drip"))
    assert error == f"{site.url}/drip: {expected} (NEWSROOM_CAPTURE_TIMEOUT, the limit for a whole request)"
    assert 1.4 < elapsed < 3


def test_a_dripping_robots_txt_is_cut_too(limits):
    with LocalSite({"/robots.txt": Page(b"User-agent: *\nAllow: /\n", content_type="text/plain", drip=0.5),
                    "/a": Page(PAGE)}) as site, Fetcher() as fetcher:
        error, elapsed = timed(lambda: fetcher.fetch(f"{site.url}/a"))
    assert "robots.txt: not sent in full within 1.5 s" in error and elapsed < 3 and "/a" not in site.hits


def test_a_slow_but_steady_page_within_the_limits_is_read(limits):
    with LocalSite({"/robots.txt": Page(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
                    "/a": Page(PAGE[:20], drip=0.05)}) as site, Fetcher() as fetcher:
        assert fetcher.fetch(f"{site.url}/a").final.payload == PAGE[:20]


def test_credentials_in_an_address_never_reach_the_server(limits):
    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"), "/a": Page(PAGE)}) as site, \
            Fetcher() as fetcher:
        secret = site.url.replace("http://", "http://editor:hunter2@") + "/a"
        error, _ = timed(lambda: fetcher.fetch(secret))
        assert site.received == []  # not even robots.txt was asked for
        site.routes["/go"] = Page(status=302, headers={"Location": secret})
        redirected, _ = timed(lambda: fetcher.fetch(f"{site.url}/go"))
    assert "user name or password" in error and "hunter2" not in error and "editor" not in error
    assert "user name or password" in redirected and "hunter2" not in redirected
    assert [line for line, _ in site.received] == ["GET /robots.txt HTTP/1.1", "GET /go HTTP/1.1"]
    assert not any(name.lower() == "authorization" for _, headers in site.received for name in headers)


# What is stored ---------------------------------------------------------------------------------------------
def story(number):
    from articles.capture.localsite import article_html

    return article_html(f"Story number {number} of the harbour series", [
        f"The harbour series continues with part {number}, on the ferries that cross the strait each morning.",
        f"Part {number} follows the crews from the first sailing at dawn to the last one after dark.",
    ])


@pytest.mark.django_db(transaction=True)
def test_pages_told_apart_by_a_parameter_are_two_articles(limits):
    from articles.capture import capture_urls
    from articles.models import Article, Capture

    routes = {"/robots.txt": Page(b"", content_type="text/plain"),
              "/story?story=1": Page(story(1)), "/story?story=2": Page(story(2))}
    with LocalSite(routes) as site:
        report = capture_urls([f"{site.url}/story?story=1", f"{site.url}/story?story=2"])
    assert (report.captured, report.updated, report.failed) == (2, 0, 0), report.errors
    assert sorted(Capture.objects.values_list("normalized_url", flat=True)) == [
        f"{site.url}/story?story=1", f"{site.url}/story?story=2"]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Story number 1 of the harbour series", "Story number 2 of the harbour series"]


@pytest.mark.django_db(transaction=True)
def test_credentials_in_an_address_are_never_stored_or_archived(limits, isolated_warc):
    import gzip

    from articles.capture import capture_urls
    from articles.models import Article, Capture

    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"), "/a": Page(story(1))}) as site:
        secret = site.url.replace("http://", "http://editor:hunter2@") + "/a"
        site.routes["/go"] = Page(status=302, headers={"Location": secret})
        report = capture_urls([secret, f"{site.url}/go", f"{site.url}/a"])
    assert (report.captured, report.failed) == (1, 2)
    assert all("user name or password" in error and "hunter2" not in error for error in report.errors)
    assert "hunter2" not in str(list(Capture.objects.values_list())) + str(list(Article.objects.values_list()))
    warcs = list(isolated_warc.rglob("*.warc.gz"))
    assert len(warcs) == 1 and b"hunter2" not in gzip.decompress(warcs[0].read_bytes())
    assert not any(name.lower() == "authorization" for _, headers in site.received for name in headers)
