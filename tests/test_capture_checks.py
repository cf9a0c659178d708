"""Capturing again: a feed entry's date decides whether a page is fetched, a page captured before is asked for
conditionally, an unchanged one is a revisit record, a changed one a new capture whose page shows the
difference, and failures are kept in the WARC and remembered. Served by a ``LocalSite`` on 127.0.0.1; every
WARC written is read back with warcio and passes ``warcio check``."""
from pathlib import Path
import subprocess
import sys

from django.core.management import CommandError, call_command
import pytest
from warcio.archiveiterator import ArchiveIterator

from articles.capture import capture_urls
from articles.capture.localsite import LocalSite, Page, article_html
from articles.models import Article, Capture, CaptureFailure

pytestmark = pytest.mark.django_db(transaction=True)

WARCIO = Path(sys.executable).parent / "warcio"
STORY = ["The harbour board on Tuesday approved a new ferry berth for the eastern quay, ending a two-year "
         "dispute between the island councils and the shipping line.",
         "Construction is expected to start in the spring and to cost about 14 million, paid from port fees.",
         "The berth will take the larger ferries ordered last year, which cannot dock at the western quay."]
EDITED = [STORY[0], "Construction is expected to start in the summer &amp; to cost about 16 million &lt;script&gt;.",
          STORY[2]]


def atom(base, *entries):
    """An Atom feed of (path, updated) entries."""
    body = "".join(f"<entry><id>urn:courier:{path}</id><title>{path}</title><link href='{base}{path}'/>"
                   f"<updated>{updated}</updated></entry>" for path, updated in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier'
            f'</title><id>urn:courier</id><updated>2026-03-14T08:00:00Z</updated>{body}</feed>').encode()


def urlset(base, *entries):
    """A sitemap of (path, lastmod) pages."""
    body = "".join(f"<url><loc>{base}{path}</loc><lastmod>{lastmod}</lastmod></url>" for path, lastmod in entries)
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}'
            "</urlset>").encode()


@pytest.fixture
def site(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = 0
    settings.NEWSROOM_CAPTURE_BACKOFF = 0
    settings.NEWSROOM_CAPTURE_RETRIES = 0
    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"),
                    "/news/berth": Page(article_html("Ferry berth approved", STORY), etag='"berth-1"'),
                    "/news/bridge": Page(article_html("Swing bridge reopens", [
                        "The city council reopened the old swing bridge on Friday after eight months of repairs.",
                        "Engineers said the bridge would now open for boats twice a day, at dawn and at dusk."]),
                        headers={"Last-Modified": "Sat, 14 Mar 2026 08:00:00 GMT"})}) \
            as served:
        yield served


def warc_records(directory):
    """[(type, address, WARC headers, HTTP status line)] of every WARC file written, oldest first; each one
    passes ``warcio check``."""
    found = []
    for path in sorted(directory.rglob("*.warc.gz")):
        checked = subprocess.run([str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        with open(path, "rb") as handle:
            found += [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.rec_headers,
                       r.http_headers.statusline if r.http_headers and r.rec_type != "request" else None)
                      for r in ArchiveIterator(handle)]
    return found


def requests_for(site, path):
    return [headers for line, headers in site.received if line.split()[1] == path]


def test_an_edited_page_whose_entry_was_bumped_is_one_new_capture_showing_the_difference(site, isolated_warc,
                                                                                          client):
    feed = f"{site.url}/feed.atom"
    site.routes["/feed.atom"] = Page(atom(site.url, ("/news/berth", "2026-03-14T08:00:00Z"),
                                          ("/news/bridge", "2026-03-14T09:00:00Z")),
                                     content_type="application/atom+xml")
    call_command("capture", "--feed", feed)
    first = Capture.objects.get(normalized_url=f"{site.url}/news/berth")
    assert first.feed_updated == "2026-03-14T08:00:00Z" and first.etag == '"berth-1"'

    call_command("capture", "--feeds")  # nothing bumped: no page is fetched at all
    assert len(requests_for(site, "/news/berth")) == 1 and len(requests_for(site, "/news/bridge")) == 1

    site.routes["/news/berth"] = Page(article_html("Ferry berth approved", EDITED), etag='"berth-2"')
    site.routes["/feed.atom"] = Page(atom(site.url, ("/news/berth", "2026-03-15T10:30:00Z"),
                                          ("/news/bridge", "2026-03-14T09:00:00Z")),
                                     content_type="application/atom+xml")
    call_command("capture", "--feeds")
    assert requests_for(site, "/news/berth")[-1]["If-None-Match"] == '"berth-1"'  # asked conditionally
    assert len(requests_for(site, "/news/bridge")) == 1
    second = Capture.objects.get(normalized_url=f"{site.url}/news/berth", pk__gt=first.pk)
    assert Capture.objects.count() == 3 and Article.objects.count() == 2 and second.article == first.article
    assert second.feed_updated == "2026-03-15T10:30:00Z" and second.etag == '"berth-2"'

    page = client.get(second.get_absolute_url()).content.decode()
    assert "Changes since the capture of" in page and f'href="{first.get_absolute_url()}"' in page
    assert "1 paragraph removed or changed, 1 added or changed" in page
    assert (f"<li class=\"diff-removed\"><del>{STORY[1]}</del></li>" in page
            and "<ins>Construction is expected to start in the summer &amp; to cost about 16 million "
                "&lt;script&gt;.</ins>" in page)  # the page's text, escaped again: no markup gets through
    assert "<script>" not in page and page.count("diff-same") == 2  # one unchanged paragraph each side
    assert "Changes since" not in client.get(first.get_absolute_url()).content.decode()  # the first capture


def test_an_unchanged_page_asked_for_again_is_a_revisit_record_of_its_capture(site, isolated_warc):
    site.routes["/sitemap.xml"] = Page(urlset(site.url, ("/news/berth", "2026-03-14"), ("/news/bridge", "2026-03-14")),
                                       content_type="application/xml")
    call_command("capture", "--feed", f"{site.url}/sitemap.xml")
    berth, bridge = (Capture.objects.get(normalized_url=f"{site.url}/news/{name}") for name in ("berth", "bridge"))
    site.routes["/sitemap.xml"] = Page(urlset(site.url, ("/news/berth", "2026-03-16"), ("/news/bridge", "2026-03-16")),
                                       content_type="application/xml")
    call_command("capture", "--feeds")  # both entries bumped, neither page changed

    assert requests_for(site, "/news/berth")[-1]["If-None-Match"] == '"berth-1"'  # answered 304
    bridge_asked = requests_for(site, "/news/bridge")[-1]  # no ETag, and an If-Modified-Since the site ignores
    assert "If-None-Match" not in bridge_asked and bridge_asked["If-Modified-Since"] == "Sat, 14 Mar 2026 08:00:00 GMT"
    assert Capture.objects.count() == 2
    for capture in (berth, bridge):
        capture.refresh_from_db()
        assert capture.checks == 2 and capture.feed_updated == "2026-03-16"
    records = warc_records(isolated_warc)
    revisits = {uri: (headers, status) for kind, uri, headers, status in records if kind == "revisit"}
    assert set(revisits) == {berth.url, bridge.url}
    originals = {uri: headers for kind, uri, headers, _ in records if kind == "response"}
    for capture in (berth, bridge):
        headers, _ = revisits[capture.url]
        assert headers.get_header("WARC-Profile") == ("http://netpreserve.org/warc/1.0/revisit/"
                                                      "identical-payload-digest")
        assert headers.get_header("WARC-Refers-To-Target-URI") == capture.url
        assert headers.get_header("WARC-Refers-To-Date") == originals[capture.url].get_header("WARC-Date")
        assert headers.get_header("WARC-Payload-Digest") == originals[capture.url].get_header("WARC-Payload-Digest")
    assert revisits[berth.url][1] == "304 Not Modified" and revisits[bridge.url][1] == "200 OK"
    assert {headers.protocol for _, _, headers, _ in records} == {"WARC/1.0"}
    infos = [headers for kind, _, headers, _ in records if kind == "warcinfo"]
    assert len(infos) == 2  # one WARC file a run


def test_the_warcinfo_record_declares_the_version_of_the_records(site, isolated_warc):
    capture_urls([f"{site.url}/news/bridge"])
    path, = isolated_warc.rglob("*.warc.gz")
    with open(path, "rb") as handle:
        info = next(iter(ArchiveIterator(handle)))
        assert info.rec_headers.protocol == "WARC/1.0"
        assert b"format: WARC File Format 1.0\r\n" in info.content_stream().read()


def test_failures_are_kept_as_sent_remembered_and_fetched_again_only_when_asked(site, settings, isolated_warc,
                                                                                 capsys):
    settings.NEWSROOM_CAPTURE_MAX_BYTES = 20_000
    site.routes["/news/huge"] = Page(article_html("A long read", ["Every word of the long read. " * 2000]))
    site.routes["/report.pdf"] = Page(b"%PDF-1.7 ...", content_type="application/pdf")
    site.routes["/feed.atom"] = Page(atom(site.url, ("/news/gone", "2026-03-14T08:00:00Z"),
                                          ("/news/huge", "2026-03-14T08:00:00Z"),
                                          ("/report.pdf", "2026-03-14T08:00:00Z"),
                                          ("/news/bridge", "2026-03-14T08:00:00Z")),
                                     content_type="application/atom+xml")
    with pytest.raises(CommandError, match="3 address"):  # new failures fail the run
        call_command("capture", "--feed", f"{site.url}/feed.atom")
    assert Capture.objects.count() == 1
    failures = {failure.url.removeprefix(site.url): (failure.status, failure.reason.removeprefix(site.url))
                for failure in CaptureFailure.objects.all()}
    assert failures == {"/news/gone": (404, "/news/gone: the server answered 404 Not Found"),
                        "/news/huge": (None, "/news/huge: over 20,000 bytes (NEWSROOM_CAPTURE_MAX_BYTES)"),
                        "/report.pdf": (None, "/report.pdf: not an HTML page (application/pdf)")}
    responses = {uri.removeprefix(site.url): (status, headers.get_header("WARC-Truncated"))
                 for kind, uri, headers, status in warc_records(isolated_warc) if kind == "response"}
    assert responses == {"/news/gone": ("404 Not Found", None), "/news/huge": ("200 OK", "length"),
                         "/report.pdf": ("200 OK", None), "/news/bridge": ("200 OK", None)}
    capsys.readouterr()

    call_command("capture", "--feeds")  # known failures: not fetched, one line each, and the run succeeds
    assert {path: site.hits.get(path) for path in ("/news/gone", "/news/huge", "/report.pdf")} == {
        "/news/gone": 1, "/news/huge": 1, "/report.pdf": 1}
    output = capsys.readouterr()
    skipped = [line for line in output.err.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 3 and all("failed before" in line for line in skipped)
    assert "failed before 3" in output.out

    site.routes["/news/gone"] = Page(article_html("Back again", STORY))
    with pytest.raises(CommandError, match="2 address"):  # asked for again; two still fail
        call_command("capture", "--feeds", "--retry-failed")
    assert {path: site.hits.get(path) for path in ("/news/gone", "/news/huge", "/report.pdf")} == {
        "/news/gone": 2, "/news/huge": 2, "/report.pdf": 2}
    assert Capture.objects.filter(normalized_url=f"{site.url}/news/gone").exists()
    assert sorted(CaptureFailure.objects.values_list("attempts", flat=True)) == [2, 2]  # the gone page forgotten

    site.routes["/feed.atom"] = Page(atom(site.url, ("/report.pdf", "2026-03-20T08:00:00Z")),
                                     content_type="application/atom+xml")
    with pytest.raises(CommandError, match="1 address"):  # its entry changed: fetched again
        call_command("capture", "--feeds")
    assert site.hits["/report.pdf"] == 3 and site.hits["/news/huge"] == 2


def test_the_difference_shows_changes_with_one_paragraph_around_them_and_is_bounded(monkeypatch):
    from articles.capture import changes

    before = [f"Paragraph {n}." for n in range(10)]
    after = before[:4] + ["Paragraph 4, corrected."] + before[5:]
    lines, cut = changes.difference(before, after)
    assert [(line.kind, line.text or line.skipped) for line in lines] == [
        ("skipped", 3), ("same", "Paragraph 3."), ("removed", "Paragraph 4."), ("added", "Paragraph 4, corrected."),
        ("same", "Paragraph 5."), ("skipped", 4)]
    assert not cut
    monkeypatch.setattr(changes, "MAX_LINES", 3)
    lines, cut = changes.difference(before, after)
    assert len(lines) == 3 and cut
    assert changes.difference(before, before) == ([], False)


def test_a_capture_whose_previous_copy_is_gone_says_so(site, isolated_warc, client):
    first = capture_urls([f"{site.url}/news/berth"]).captures[0]
    site.routes["/news/berth"] = Page(article_html("Ferry berth approved", EDITED))
    second = capture_urls([f"{site.url}/news/berth"]).captures[0]
    assert second.pk != first.pk
    (isolated_warc / first.warc_file).unlink()
    page = client.get(second.get_absolute_url())
    assert page.status_code == 200
    assert b"The two copies could not be compared: the WARC file of one of them is missing" in page.content
    assert str(isolated_warc).encode() not in page.content


def test_a_server_error_is_kept_as_sent_but_not_remembered_so_the_next_run_asks_again(site, isolated_warc):
    site.routes["/news/broken"] = Page(b"database down", status=500, content_type="text/plain")
    site.routes["/feed.atom"] = Page(atom(site.url, ("/news/broken", "2026-03-14T08:00:00Z")),
                                     content_type="application/atom+xml")
    for run in (1, 2):
        with pytest.raises(CommandError, match="1 address"):
            call_command("capture", "--feed", f"{site.url}/feed.atom")
        assert site.hits["/news/broken"] == run
    assert not CaptureFailure.objects.exists() and not Capture.objects.exists()
    responses = [status for kind, uri, _, status in warc_records(isolated_warc) if kind == "response"]
    assert responses == ["500 Internal Server Error"] * 2
