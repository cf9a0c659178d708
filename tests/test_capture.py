"""Capturing pages from their addresses: WARC kept, article made, politeness and the address guard, feeds.

Everything is fetched from a web site served on 127.0.0.1 by the test itself (``LocalSite``), so the tests
allow private addresses — and prove separately that the guard refuses them otherwise.
"""
import gzip
import io
import re

from django.core.management import CommandError, call_command
import pytest
from warcio.archiveiterator import ArchiveIterator

from articles.capture import capture_feed, capture_urls
from articles.capture.addresses import refusal
from articles.capture.fetch import Fetcher
from articles.capture.localsite import LocalSite, Page, article_html
from articles.ingest.urls import normalise
from articles.models import Article, Capture, Feed

from .pages import BRIDGE, FERRY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def capturing(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = 0
    settings.NEWSROOM_CAPTURE_BACKOFF = 0
    return settings


@pytest.fixture
def site(capturing):
    with LocalSite({
        "/robots.txt": Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/news/ferry": Page(FERRY, gzip=True),
        "/news/bridge": Page(BRIDGE),
        "/old-ferry": Page(status=301, headers={"Location": "/news/ferry"}),
        "/private/memo": Page(BRIDGE),
    }) as served:
        yield served


def _first_line(record):
    headers = record.http_headers
    if headers is None:
        return None
    return f"{headers.protocol} {headers.statusline}" if record.rec_type == "request" else headers.statusline


def records(path):
    with open(path, "rb") as handle:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), _first_line(r), r.http_headers)
                for r in ArchiveIterator(handle)]


def test_a_page_is_captured_as_warc_and_made_into_a_searchable_article(site, isolated_warc, client):
    report = capture_urls([f"{site.url}/old-ferry?utm_source=newsletter#top"])
    assert (report.captured, report.failed) == (1, 0), report.errors
    capture = Capture.objects.get()
    article = capture.article
    assert article.title == "Harbour board approves new ferry berth"
    assert article.source_url == f"{site.url}/news/ferry" == capture.url
    assert capture.requested_url.endswith("/old-ferry?utm_source=newsletter#top")
    assert capture.normalized_url == f"{site.url}/old-ferry"
    assert article.published.isoformat() == "2026-03-14"
    assert article.quotes.filter(speaker__name="Ines Valdrada").exists()

    warc = isolated_warc / capture.warc_file
    kinds = [(kind, uri, status) for kind, uri, status, _ in records(warc)]
    assert kinds == [
        ("warcinfo", None, None),
        ("response", f"{site.url}/old-ferry?utm_source=newsletter#top", "301 Moved Permanently"),
        ("request", f"{site.url}/old-ferry?utm_source=newsletter#top", "GET /old-ferry?utm_source=newsletter HTTP/1.1"),
        ("response", f"{site.url}/news/ferry", "200 OK"),
        ("request", f"{site.url}/news/ferry", "GET /news/ferry HTTP/1.1"),
    ]
    with open(warc, "rb") as handle:  # the final response as sent: still gzip-encoded, decoded on reading
        handle.seek(capture.response_offset)
        response = next(iter(ArchiveIterator(handle)))
        assert response.http_headers.get_header("Content-Encoding") == "gzip"
        assert response.content_stream().read() == FERRY
    assert records(warc)[-1][3].get_header("User-Agent").startswith("newsroom/")

    page = client.get("/", {"q": "ferry berth"})
    assert article.title.encode() in page.content


def test_an_unchanged_page_only_counts_a_check_and_a_changed_one_is_a_new_capture_of_the_same_article(
        site, isolated_warc):
    url = f"{site.url}/news/bridge"
    first = capture_urls([url]).captures[0]
    size = (isolated_warc / first.warc_file).stat().st_size
    again = capture_urls([url + "?utm_campaign=spring"])  # the same page, asked for with a tracking parameter
    assert (again.unchanged, again.captured) == (1, 0)
    first.refresh_from_db()
    assert first.checks == 2 and first.last_checked > first.captured_at
    assert (isolated_warc / first.warc_file).stat().st_size == size
    check, = [path for path in isolated_warc.rglob("*.warc.gz") if path.name not in first.warc_file]
    assert [(kind, status) for kind, _, status, _ in records(check)] == [  # the check, not the page again
        ("warcinfo", None), ("revisit", "200 OK"), ("request", "GET /news/bridge?utm_campaign=spring HTTP/1.1")]

    article = first.article
    article.title = "Swing bridge back in service (editor's title)"
    article.edited_fields = ["title"]
    article.save()
    site.routes["/news/bridge"] = Page(BRIDGE.replace(b"twice a day", b"three times a day"))
    changed = capture_urls([url])
    assert changed.updated == 1
    assert Capture.objects.filter(article=article).count() == 2 and Article.objects.count() == 1
    article.refresh_from_db()
    assert "three times a day" in article.body
    assert article.title == "Swing bridge back in service (editor's title)"


def test_robots_txt_is_obeyed_unless_overridden(site):
    report = capture_urls([f"{site.url}/private/memo"])
    assert report.failed == 1 and "robots.txt" in report.errors[0] and not Capture.objects.exists()
    assert site.hits.get("/private/memo") is None
    with Fetcher(obey_robots=False) as fetcher:
        assert capture_urls([f"{site.url}/private/memo"], fetcher=fetcher).captured == 1


def test_a_site_whose_robots_txt_fails_is_not_fetched(capturing):
    with LocalSite({"/robots.txt": Page(status=500), "/a": Page(FERRY)}) as broken:
        report = capture_urls([f"{broken.url}/a"])
    assert report.failed == 1 and "robots.txt" in report.errors[0] and broken.hits.get("/a") is None


def test_busy_answers_are_retried_and_requests_to_one_host_are_spaced(capturing):
    capturing.NEWSROOM_CAPTURE_DELAY = 0.2
    with LocalSite({"/busy": Page(FERRY, fail_first=2), "/next": Page(BRIDGE, fail_first=1, fail_status=429),
                    "/down": Page(FERRY, fail_first=5)}) as busy:
        import time

        started = time.monotonic()
        report = capture_urls([f"{busy.url}/busy", f"{busy.url}/next", f"{busy.url}/down"])
        elapsed = time.monotonic() - started
    assert report.captured == 2 and busy.hits["/busy"] == 3 and busy.hits["/next"] == 2
    assert busy.hits["/down"] == 3 and "503" in report.errors[0]  # two retries, then it gives up
    assert elapsed >= 0.2 * 8  # robots.txt and eight tries: each waited its turn


def test_a_page_too_slow_to_answer_fails_and_the_run_goes_on(capturing):
    capturing.NEWSROOM_CAPTURE_TIMEOUT = 0.5
    with LocalSite({"/slow": Page(FERRY, delay=2), "/quick": Page(BRIDGE)}) as slow:
        report = capture_urls([f"{slow.url}/slow", f"{slow.url}/quick"])
    assert report.captured == 1 and "no answer within" in report.errors[0]


def test_oversized_and_decompression_bomb_pages_are_refused_and_kept_only_as_sent(capturing, isolated_warc):
    capturing.NEWSROOM_CAPTURE_MAX_BYTES = 50_000
    bomb = Page(b"<html><body>" + b"a" * 5_000_000 + b"</body></html>", gzip=True)
    with LocalSite({"/big": Page(b"x" * 60_000), "/bomb": bomb}) as heavy:
        report = capture_urls([f"{heavy.url}/big", f"{heavy.url}/bomb"])
    assert report.failed == 2
    assert "over 50,000 bytes" in report.errors[0] and "once decompressed" in report.errors[1]
    assert not Capture.objects.exists() and not Article.objects.exists()
    warc, = isolated_warc.rglob("*.warc.gz")
    with open(warc, "rb") as handle:
        responses = [(r.rec_headers.get_header("WARC-Target-URI"), r.rec_headers.get_header("WARC-Truncated"),
                      len(r.raw_stream.read())) for r in ArchiveIterator(handle) if r.rec_type == "response"]
    assert responses[0] == (f"{heavy.url}/big", "length", 50_000)  # cut at the cap, and marked so
    assert responses[1][:2] == (f"{heavy.url}/bomb", None)  # small as sent: kept whole, still compressed


def test_what_is_not_an_article_page_fails_with_its_reason(site):
    site.routes["/logo.png"] = Page(b"\x89PNG....", content_type="image/png")
    site.routes["/empty"] = Page(b"<html><body><nav>Home</nav></body></html>")
    report = capture_urls([f"{site.url}/missing", f"{site.url}/logo.png", f"{site.url}/empty", "ftp://example.org/x"])
    assert report.failed == 4
    assert "404" in report.errors[0] and "not an HTML page (image/png)" in report.errors[1]
    assert "no article text" in report.errors[2] and "not an http(s) address" in report.errors[3]
    assert not Capture.objects.exists() and not Article.objects.exists()


@pytest.mark.parametrize("address, allowed", [
    ("10.1.2.3", False), ("192.168.0.10", False), ("127.0.0.1", False), ("::1", False), ("::ffff:127.0.0.1", False),
    ("169.254.10.10", False), ("100.64.0.1", False), ("fc00::1", False), ("0.0.0.0", False),
    ("93.184.215.14", True), ("2606:4700::6810:84e5", True),
])
def test_the_guard_refuses_every_non_public_address(address, allowed):
    assert (refusal(address, allow_private=False) == "") is allowed


def test_metadata_addresses_stay_refused_even_when_private_ones_are_allowed():
    assert "metadata" in refusal("169.254.169.254", allow_private=True)
    assert refusal("10.1.2.3", allow_private=True) == ""


def test_the_guard_checks_the_resolved_address_and_every_redirect(settings, capturing):
    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"), "/a": Page(FERRY),
                    "/to-metadata": Page(status=302, headers={"Location": "http://169.254.169.254/latest/"})}) as local:
        settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = False
        by_name = local.url.replace("127.0.0.1", "localhost")
        report = capture_urls([f"{local.url}/a", f"{by_name}/a"])
        assert report.failed == 2 and local.hits.get("/a") is None
        assert all("loopback address" in error for error in report.errors)
        settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
        redirected = capture_urls([f"{local.url}/to-metadata"])
    assert redirected.failed == 1 and "169.254.169.254, a cloud metadata address" in redirected.errors[0]
    assert not Capture.objects.exists()


def test_addresses_are_normalised_for_recognising_the_same_page():
    assert normalise("https://Example.org/a/b/?utm_source=x&id=3#frag") == "https://example.org/a/b?id=3"
    assert normalise("http://example.org:80/") == "http://example.org/"


def test_the_capture_command_reads_a_list_and_fails_loudly(site, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's pages\n{site.url}/news/ferry\n\n{site.url}/news/bridge\n", encoding="utf-8")
    call_command("capture", "--from-file", str(listing))
    assert "captured 2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 address"):
        call_command("capture", f"{site.url}/missing")
    with pytest.raises(CommandError, match="--from-file"):
        call_command("capture", "--from-file", str(tmp_path / "none.txt"))


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{items}</channel></rss>"""


def rss(*paths, base):
    return RSS.format(items="".join(f"<item><title>{p}</title><link>{base}{p}</link><guid>{p}</guid></item>"
                                    for p in paths)).encode()


def test_a_feed_captures_only_new_items_and_asks_conditionally(site):
    site.routes["/feed.xml"] = Page(rss("/news/ferry", "/news/bridge", base=site.url),
                                    content_type="application/rss+xml", etag='"v1"')
    with Fetcher() as fetcher:
        feed, report = capture_feed(f"{site.url}/feed.xml", fetcher=fetcher)
        assert report.captured == 2 and feed.etag == '"v1"' and len(feed.seen) == 2
        again_feed, again = capture_feed(f"{site.url}/feed.xml", fetcher=fetcher)
        assert again is None and site.hits["/news/ferry"] == 1  # 304: nothing read, nothing fetched
        site.routes["/news/quay"] = Page(BRIDGE.replace(b"swing bridge", b"quay crane"))
        site.routes["/feed.xml"] = Page(rss("/news/quay", "/news/ferry", "/news/bridge", base=site.url),
                                        content_type="application/rss+xml", etag='"v2"')
        _, third = capture_feed(f"{site.url}/feed.xml", fetcher=fetcher)
    assert third.captured == 1 and site.hits["/news/ferry"] == 1
    feed = Feed.objects.get()
    assert feed.items_captured == 3 and feed.last_error == "" and feed.last_run


def test_a_sitemap_is_read_like_a_feed(site):
    site.routes["/sitemap.xml"] = Page(
        f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{site.url}/news/ferry</loc></url><url><loc>{site.url}/news/bridge</loc></url></urlset>""".encode(),
        content_type="application/xml")
    call_command("capture", "--feed", f"{site.url}/sitemap.xml")
    assert Capture.objects.count() == 2
    call_command("capture", "--feeds")  # the scheduled run: nothing new
    assert Capture.objects.count() == 2 and site.hits["/news/ferry"] == 1


def test_a_broken_feed_is_reported_on_its_record(site):
    site.routes["/broken.xml"] = Page(b"this is not a feed at all", content_type="text/plain")
    with pytest.raises(CommandError):
        call_command("capture", "--feed", f"{site.url}/broken.xml")
    assert Feed.objects.get().last_error


def test_the_replay_is_sandboxed_and_never_reaches_the_live_web(site, client):
    page = article_html("Quay crane arrives by sea", [
        "A new quay crane arrived by sea on Monday and will be assembled on the eastern pier over two weeks.",
        f'Details are in <a href="{site.url}/news/ferry">the berth story</a> and on '
        f'<a href="https://live.example.net/elsewhere" onclick="steal()">another site</a>.',
    ]).replace(b"</head>", b"<meta http-equiv='refresh' content='0; url=https://live.example.net/'>"
                           b"<script>document.cookie</script><base href='https://live.example.net/'></head>")
    site.routes["/news/crane"] = Page(page)
    capture_urls([f"{site.url}/news/ferry"])
    crane = capture_urls([f"{site.url}/news/crane"]).captures[0]
    ferry = Capture.objects.exclude(pk=crane.pk).get()

    framing = client.get(crane.get_absolute_url())
    assert framing.status_code == 200
    assert b"Archived copy" in framing.content
    assert b'sandbox="allow-top-navigation-by-user-activation"' in framing.content  # a reader's click, no script
    raw = client.get(f"/captures/{crane.pk}/raw/")
    policy = raw["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-top-navigation-by-user-activation;")
    assert "default-src 'none'" in policy and "form-action 'none'" in policy and "script-src" not in policy
    assert raw["X-Frame-Options"] == "SAMEORIGIN"
    html = raw.content.decode()
    assert "<script" not in html and "refresh" not in html and "<base" not in html and "onclick" not in html
    # links lead to the archive's page of a capture, with its banner, in the whole window
    assert f'href="/captures/{ferry.pk}/" target="_top"' in html
    assert 'href="/captures/?url=https%3A%2F%2Flive.example.net%2Felsewhere" target="_top"' in html
    assert 'href="/captures/?url=https%3A%2F%2Flive.example.net%2Fworld"' in html  # relative to its <base>
    assert not re.search(r'="\s*(https?:)?//', html)  # no attribute names an address on the web
    article = client.get(crane.article.get_absolute_url())
    assert crane.get_absolute_url().encode() in article.content


def test_archived_copies_can_come_from_a_host_of_their_own(site, client, settings):
    settings.NEWSROOM_REPLAY_HOST = "replay.testserver"
    settings.ALLOWED_HOSTS = ["testserver", "replay.testserver"]
    capture = capture_urls([f"{site.url}/news/bridge"]).captures[0]
    framing = client.get(capture.get_absolute_url())
    assert f'src="http://replay.testserver/captures/{capture.pk}/raw/"'.encode() in framing.content
    assert "frame-src 'self' replay.testserver" in framing["Content-Security-Policy"]
    assert client.get(f"/captures/{capture.pk}/raw/").status_code == 404  # never from the archive's own host
    assert client.get(f"/captures/{capture.pk}/raw/", HTTP_HOST="replay.testserver").status_code == 200


def test_captures_export_as_one_warc_per_search(site, client, tmp_path):
    capture_urls([f"{site.url}/news/ferry", f"{site.url}/news/bridge"])
    response = client.get("/export.warc.gz", {"q": "ferry"})
    assert response.status_code == 200 and response["Content-Type"] == "application/warc"
    exported = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                for r in ArchiveIterator(io.BytesIO(b"".join(response.streaming_content)))]
    assert exported == [("warcinfo", None), ("response", f"{site.url}/news/ferry"),
                        ("request", f"{site.url}/news/ferry")]
    output = tmp_path / "all.warc.gz"
    call_command("export_warc", str(output))
    with open(output, "rb") as handle:
        assert [r.rec_type for r in ArchiveIterator(handle)].count("response") == 2


def test_the_admin_adds_pages_by_address(site, admin_client):
    listing = admin_client.get("/admin/articles/capture/")
    assert b"Add by address" in listing.content
    response = admin_client.post("/admin/articles/capture/add-by-address/",
                                 {"addresses": f"{site.url}/news/ferry\n{site.url}/missing\n"}, follow=True)
    assert response.status_code == 200 and b"Queued: 2 addresses; the worker captures them" in response.content
    assert not Capture.objects.exists()  # captured by the worker, outside the request
    call_command("worker", "--once")
    job = admin_client.get(response.redirect_chain[-1][0])
    assert b"Harbour board approves new ferry berth" in job.content and b"404" in job.content
    assert Capture.objects.count() == 1
    bad = admin_client.post("/admin/articles/capture/add-by-address/", {"addresses": "javascript:alert(1)"})
    assert bad.status_code == 200 and b"Not http(s) addresses" in bad.content


def _warc_bytes(*records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2025-05-06T07:08:09Z"}))
    return buffer.getvalue()


def test_web_archive_files_are_ingested_page_by_page(tmp_path, client):
    import zipfile

    from articles.ingest import run

    folder = tmp_path / "archives"
    folder.mkdir()
    pages = [("https://courier.example/news/ferry", "text/html; charset=utf-8", FERRY),
             ("https://courier.example/logo.png", "image/png", b"\x89PNG...."),
             ("https://courier.example/news/bridge", "text/html", BRIDGE)]
    (folder / "crawl.warc.gz").write_bytes(_warc_bytes(*pages))
    (folder / "plain.warc").write_bytes(gzip.decompress(_warc_bytes(pages[0])))  # uncompressed, same page
    with zipfile.ZipFile(folder / "collection.wacz", "w") as wacz:
        wacz.writestr("archive/data.warc.gz", _warc_bytes(pages[2]))
        wacz.writestr("datapackage.json", "{}")
    damaged = _warc_bytes(pages[0])
    (folder / "damaged.warc.gz").write_bytes(damaged[:len(damaged) // 2])

    report = run([folder])
    assert report.skipped_records == 1  # the image
    assert report.created == 2 and report.duplicates == 2 and report.failed == 1, report.errors
    assert "damaged.warc.gz" in report.errors[0]
    ferry = Article.objects.get(source_url="https://courier.example/news/ferry")
    assert ferry.source_file == "crawl.warc.gz#https://courier.example/news/ferry"
    capture = ferry.captures.get()
    assert capture.captured_at.isoformat() == "2025-05-06T07:08:09+00:00"
    raw = client.get(f"/captures/{capture.pk}/raw/")
    assert raw.status_code == 200 and b"Harbour board approves" in raw.content
    assert run([folder]).unchanged == 2  # and nothing is captured twice
    assert Capture.objects.count() == 2


def test_the_same_page_at_another_address_is_a_duplicate_of_its_article(site):
    site.routes["/amp/ferry"] = Page(FERRY)  # the same page served under a second address
    first = capture_urls([f"{site.url}/news/ferry"]).captures[0]
    report = capture_urls([f"{site.url}/amp/ferry"])
    assert report.duplicates == 1 and Article.objects.count() == 1
    assert report.captures[0].article == first.article and report.captures[0].url.endswith("/amp/ferry")


def test_a_sites_crawl_delay_spaces_its_requests_when_longer_than_the_setting(capturing):
    """Crawl-delay: 1 in robots.txt (whole seconds, as the standard library reads it), a setting of 0: the three
    pages are fetched at least a second apart; the delay a site may ask for is bounded (MAX_CRAWL_DELAY)."""
    import time

    from articles.capture import fetch

    robots = Page(b"User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n", content_type="text/plain")
    with LocalSite({"/robots.txt": robots, "/a": Page(FERRY), "/b": Page(BRIDGE), "/c": Page(FERRY)}) as polite:
        started = time.monotonic()
        report = capture_urls([f"{polite.url}/a", f"{polite.url}/b", f"{polite.url}/c"])
        elapsed = time.monotonic() - started
    assert report.failed == 0 and elapsed >= 3  # robots.txt, then each page waited its turn
    with Fetcher() as fetcher:
        fetcher._robots["http://example.org"] = fetch.RobotFileParser()
        fetcher._robots["http://example.org"].parse(["User-agent: *", "Crawl-delay: 100000"])
        assert fetcher._delay_for("http://example.org") == fetch.MAX_CRAWL_DELAY


def test_two_addresses_with_the_same_page_in_one_run_are_both_captured(capturing):
    """The second address finds the first one's article (same content) in the collection the run made."""
    with LocalSite({"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain"), "/a": Page(FERRY),
                    "/a-copy": Page(FERRY)}) as mirrored:
        report = capture_urls([f"{mirrored.url}/a", f"{mirrored.url}/a-copy"])
    assert report.failed == 0 and report.errors == [] and Capture.objects.count() == 2
