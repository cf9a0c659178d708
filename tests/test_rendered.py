"""Pages whose article a script builds, captured with headless Chromium (``capture --browser``) from a site on
127.0.0.1: the article is made from the rendered page, every answer the browser was given is in the WARC file
with the rendered page and a screenshot, the screenshot is shown on the capture's page, and without Chromium the
capture is plain."""
import io
import json
import re
import struct
import subprocess
import sys
import zipfile

from django.core.management import call_command
import pytest
from warcio.archiveiterator import ArchiveIterator

from articles.capture import capture_urls
from articles.capture.fetch import Fetcher
from articles.capture.localsite import LocalSite, Page
from articles.capture.rendering import Browser, BrowserUnavailable, start_browser
from articles.models import Article, Capture
from articles.warc.files import WarcFile, resolve

from .conftest import CHROMIUM, ROOT
from .pages import FERRY
from .test_browser import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PARAGRAPHS = ["The lighthouse keepers of Skerry Point returned to their posts on Monday after the coast guard "
              "reversed its plan to automate the light.",
              "Relief crews will rotate every three weeks, the harbour master said, and the fog signal will be "
              "sounded by hand again during the winter storms."]
# an empty article, filled by a script from what it asks the site for: what a script-built news page sends
SHELL = (b"<!doctype html><html><head><meta charset='utf-8'><title>Keepers return to Skerry Point | The Harbour "
         b"Courier</title><meta property='og:site_name' content='The Harbour Courier'>"
         b"<meta property='article:published_time' content='2026-03-16T08:00:00Z'>"
         b"<script src='/static/story.js' defer></script>"
         b"<script src='http://analytics.example/track.js' async></script></head>"
         b"<body><header><a href='/'>Home</a></header><article id='story'></article></body></html>")
STORY_JS = b"""fetch('/api/story.json').then(r => r.json()).then(story => {
  const article = document.getElementById('story');
  const heading = document.createElement('h1');
  heading.textContent = story.title;
  article.appendChild(heading);
  for (const text of story.paragraphs) {
    const p = document.createElement('p');
    p.textContent = text;
    article.appendChild(p);
  }
});"""


@pytest.fixture
def script_site(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True  # the tests' site is on 127.0.0.1, as for every capture test
    settings.NEWSROOM_CAPTURE_DELAY = settings.NEWSROOM_CAPTURE_BACKOFF = 0
    settings.NEWSROOM_CHROMIUM = CHROMIUM
    story = json.dumps({"title": "Keepers return to Skerry Point", "paragraphs": PARAGRAPHS}).encode()
    with LocalSite({"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain"),
                    "/news/keepers": Page(SHELL),
                    "/static/story.js": Page(STORY_JS, content_type="text/javascript"),
                    "/api/story.json": Page(story, content_type="application/json")}) as site:
        yield site


def raw_records(capture):
    """The records of a capture's byte range, as an export copies it."""
    with open(resolve(capture.warc_file), "rb") as handle:
        handle.seek(capture.warc_offset)
        data = io.BytesIO(handle.read(capture.warc_length))
    return list(ArchiveIterator(data))


def records(capture):
    """(type, WARC-Target-URI, content type, payload) of each record of a capture's byte range."""
    with open(resolve(capture.warc_file), "rb") as handle:
        handle.seek(capture.warc_offset)
        data = io.BytesIO(handle.read(capture.warc_length))
    return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.rec_headers.get_header("Content-Type"),
             r.content_stream().read()) for r in ArchiveIterator(data)]


def test_a_page_built_by_a_script_is_captured_as_rendered_with_its_answers_and_a_screenshot(script_site, client):
    call_command("capture", "--browser", f"{script_site.url}/news/keepers")

    capture = Capture.objects.get()
    article = capture.article
    assert article.title == "Keepers return to Skerry Point"
    assert all(paragraph in article.body for paragraph in PARAGRAPHS)
    assert {(r.url.removeprefix(script_site.url), r.kind) for r in capture.requisites.all()} == {
        ("/static/story.js", "script"), ("/api/story.json", "fetch")}
    assert script_site.hits == {"/robots.txt": 1, "/news/keepers": 1, "/static/story.js": 1, "/api/story.json": 1}

    kept = records(capture)
    response_id = next(r.rec_headers.get_header("WARC-Record-ID") for r in raw_records(capture)
                       if r.rec_type == "response")
    rendered = next(r for r in raw_records(capture) if r.rec_type == "conversion")
    assert rendered.rec_headers.get_header("WARC-Refers-To") == response_id  # made from the page's response
    responses = {uri.removeprefix(script_site.url): body for kind, uri, _, body in kept if kind == "response"}
    assert responses == {"/news/keepers": SHELL, "/static/story.js": STORY_JS,
                         "/api/story.json": responses["/api/story.json"]}
    assert json.loads(responses["/api/story.json"])["paragraphs"] == PARAGRAPHS
    assert not any("analytics.example" in (uri or "") for _, uri, _, _ in kept)  # another site's: never asked
    conversion, = [(uri, content_type, body) for kind, uri, content_type, body in kept if kind == "conversion"]
    assert conversion[:2] == (f"{script_site.url}/news/keepers", "text/html; charset=utf-8")
    assert PARAGRAPHS[0].encode() in conversion[2]
    screenshot, = [(uri, content_type, body) for kind, uri, content_type, body in kept if kind == "resource"]
    assert screenshot[:2] == (f"urn:fullPage:{script_site.url}/news/keepers", "image/png")
    assert screenshot[2].startswith(PNG_MAGIC)
    checked = subprocess.run([str(ROOT / ".venv/bin/warcio"), "check", str(resolve(capture.warc_file))],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    page = client.get(f"/captures/{capture.pk}/")
    assert b"as headless Chromium rendered it" in page.content
    shown = re.search(r'<img class="capture-screenshot" src="([^"]+)"', page.content.decode())
    assert shown and shown.group(1) == f"/captures/{capture.pk}/screenshot.png"
    image = client.get(shown.group(1))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff" and image.content == screenshot[2]
    copy = client.get(f"/captures/{capture.pk}/raw/")  # the archived copy is the page as rendered, scripts off
    assert PARAGRAPHS[1].encode() in copy.content and b"<script" not in copy.content


def test_the_same_page_captured_plain_has_no_article_text(script_site):
    report = capture_urls([f"{script_site.url}/news/keepers"])
    assert report.failed == 1 and "no article text found" in report.errors[0], report.errors
    assert report.errors[0].startswith(f"{script_site.url}/news/keepers: ")  # the address as fetched
    assert not Article.objects.exists() and not Capture.objects.exists()
    assert "/api/story.json" not in script_site.hits  # nothing ran the script


def test_without_chromium_the_command_says_so_in_one_line_and_captures_plain(script_site, settings, capsys):
    settings.NEWSROOM_CHROMIUM = "/nonexistent/chromium"
    with pytest.raises(BrowserUnavailable):
        start_browser()
    plain = Page(SHELL.replace(b"<article id='story'></article>", b"<article><h1>Keepers return to Skerry Point"
                                                                   b"</h1>" + b"".join(b"<p>%s</p>" % p.encode()
                                                                                       for p in PARAGRAPHS)
                               + b"</article>"))
    script_site.routes["/news/keepers"] = plain
    call_command("capture", "--browser", f"{script_site.url}/news/keepers")
    said = capsys.readouterr()
    assert said.err.splitlines() == ["Chromium not found at /nonexistent/chromium: capturing without a browser"]
    capture = Capture.objects.get()
    assert PARAGRAPHS[0] in capture.article.body and capture.screenshot_offset is None
    assert capture.rendered_offset is None and "/static/story.js" in script_site.hits  # a plain requisite


def test_the_browser_is_refused_private_addresses_as_the_plain_client_is(script_site, settings, tmp_path):
    """The page's script is on 127.0.0.1: with private addresses refused, the browser's request for it is refused
    by the capture's own client, so it never reaches the site and builds nothing."""
    with Fetcher(allow_private=True) as fetcher:
        exchange = fetcher.fetch(f"{script_site.url}/news/keepers")
    asked = dict(script_site.hits)
    browser = start_browser(CHROMIUM)
    warc = WarcFile(tmp_path)
    try:
        with Fetcher(allow_private=False) as guarded:
            rendered = browser.render(exchange.final.url, exchange.final, SHELL, guarded, warc)
    finally:
        browser.close()
        warc.close()
    assert script_site.hits == asked
    assert PARAGRAPHS[0] not in rendered.html and rendered.requisites.kept == []
    assert rendered.requisites.elsewhere == 1  # the analytics script: another site's, never fetched
    assert any("/static/story.js: refused" in line and "127.0.0.1, a loopback address" in line
               for line in rendered.requisites.failed), rendered.requisites.failed
    assert rendered.screenshot.startswith(PNG_MAGIC)


def test_a_page_whose_script_never_stops_is_captured_as_fetched_and_the_next_is_rendered(script_site, caplog,
                                                                                         settings):
    settings.NEWSROOM_CAPTURE_TIMEOUT = 4  # the busy page never loads: it is given this long, then read no more
    script_site.routes["/news/busy"] = Page(FERRY.replace(b"</body>", b"<script>while (true) {}</script></body>"))
    browser = start_browser(CHROMIUM)
    try:
        report = capture_urls([f"{script_site.url}/news/busy", f"{script_site.url}/news/keepers"], browser=browser)
    finally:
        browser.close()
    assert report.captured == 2, report.errors
    busy, keepers = sorted(Capture.objects.all(), key=lambda capture: capture.url)
    assert busy.url.endswith("/news/busy") and busy.rendered_offset is None and busy.screenshot_offset is None
    assert "Ines Valdrada" in busy.article.body  # the page as the site sent it
    assert any("/news/busy: not rendered (its scripts were still running" in message for message in caplog.messages)
    assert keepers.screenshot_offset is not None and PARAGRAPHS[0] in keepers.article.body


def test_a_page_whose_script_fetches_new_text_is_captured_again_and_shows_what_changed(script_site, client):
    """The document is the same both times; only what its script fetches changed."""
    url = f"{script_site.url}/news/keepers"
    call_command("capture", "--browser", url)
    changed = [PARAGRAPHS[0], "Relief crews will now rotate every two weeks, the harbour master said on Tuesday."]
    script_site.routes["/api/story.json"] = Page(json.dumps({"title": "Keepers return to Skerry Point",
                                                             "paragraphs": changed}).encode(),
                                                 content_type="application/json")
    call_command("capture", "--browser", url)
    first, second = Capture.objects.order_by("pk")
    assert first.article_id == second.article_id and second.content_hash == first.content_hash
    assert changed[1] in second.article.body
    page = client.get(f"/captures/{second.pk}/").content.decode()
    assert f"<ins>{changed[1]}</ins>" in page and f"<del>{PARAGRAPHS[1]}</del>" in page


def png_size(data):
    """(width, height) a PNG's header gives."""
    assert data.startswith(PNG_MAGIC) and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_screenshot_is_shown_on_the_capture_page_in_a_browser_and_a_long_page_is_cut(script_site, live_server,
                                                                                       page):
    script_site.routes["/news/long"] = Page(FERRY.replace(b"</article>", b"<div style='height:30000px'></div>"
                                                                          b"</article>"))
    rendering = start_browser(CHROMIUM)
    try:
        report = capture_urls([f"{script_site.url}/news/long"], browser=rendering)
    finally:
        rendering.close()
    capture, = report.captures
    page.goto(f"{live_server.url}/captures/{capture.pk}/")
    shown = page.locator("img.capture-screenshot")
    shown.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.capture-screenshot').complete")
    assert shown.evaluate("image => [image.naturalWidth, image.naturalHeight]") == [1280, 10_000]
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id);
    }""")
    assert violations == [] and page.errors == []
    kept = next(body for kind, _, _, body in records(capture) if kind == "resource")
    assert png_size(kept) == (1280, 10_000)  # the page is some 30,700 pixels long: its top is kept


def test_a_rendered_capture_exports_as_a_wacz_with_its_screenshot_indexed(script_site, tmp_path):
    call_command("capture", "--browser", f"{script_site.url}/news/keepers")
    call_command("export_warc", "--wacz", str(tmp_path / "out.wacz"))
    with zipfile.ZipFile(tmp_path / "out.wacz") as wacz:
        index = wacz.read("indexes/index.cdxj").decode()
    screenshot = [line for line in index.splitlines() if "urn:fullPage:" in line]
    assert len(screenshot) == 1 and '"mime": "image/png"' in screenshot[0]
    assert "/api/story.json" in index and "/static/story.js" in index


def test_without_playwright_the_command_says_so_in_one_line_and_captures_plain(script_site, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if it were not installed
    script_site.routes["/news/ferry"] = Page(FERRY)
    call_command("capture", "--browser", f"{script_site.url}/news/ferry")
    assert capsys.readouterr().err.splitlines() == ["Playwright is not installed: capturing without a browser"]
    capture = Capture.objects.get()
    assert "Ines Valdrada" in capture.article.body and capture.screenshot_offset is None


def test_a_browser_that_cannot_start_is_one_line(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(BrowserUnavailable) as raised:
        Browser(str(fake)).start()
    message = str(raised.value)
    assert message.startswith(f"Chromium at {fake} could not be started (") and "\n" not in message
    assert message.endswith(": capturing without a browser")


def test_the_worker_renders_pages_queued_in_the_admin_when_the_setting_says_so(script_site, settings, admin_client):
    settings.NEWSROOM_CAPTURE_BROWSER = True
    admin_client.post("/admin/articles/capture/add-by-address/", {"addresses": f"{script_site.url}/news/keepers"})
    call_command("worker", "--once")
    capture = Capture.objects.get()
    assert PARAGRAPHS[1] in capture.article.body and capture.screenshot_offset is not None
