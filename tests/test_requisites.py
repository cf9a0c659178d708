"""What a captured page is shown with: fetched with it from a site on 127.0.0.1, kept in the same WARC file,
bounded in number and bytes, and served from the archive when the page is replayed."""
import io
import logging
import re
import subprocess

import pytest
from warcio.archiveiterator import ArchiveIterator

from articles.capture import capture_urls
from articles.capture.fetch import Fetcher
from articles.capture.localsite import STYLED_HEAD, LocalSite, Page, article_html, photo_html, png, styled_routes
from articles.capture.requisites import fetchable, page_references
from articles.models import CaptureRequisite
from articles.warc.files import resolve

from .conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)
STORY = ["The harbour board approved the new ferry timetable on Monday after a long public consultation.",
         "Ferries will run every twenty minutes at peak hours from the first of June, the board said."]


@pytest.fixture
def styled_site(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = settings.NEWSROOM_CAPTURE_BACKOFF = 0
    page = article_html("Ferry timetable approved", STORY, head=STYLED_HEAD, figure=photo_html("/img/ferry.png"))
    with LocalSite({"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain"),
                    "/news/ferry": Page(page), "/img/ferry.png": Page(png(6, 4), content_type="image/png"),
                    **styled_routes()}) as site:
        yield site


def warc_records(capture):
    """(type, WARC-Target-URI, payload) of each record of a capture's byte range, as an export copies it."""
    with open(resolve(capture.warc_file), "rb") as handle:
        handle.seek(capture.warc_offset)
        data = io.BytesIO(handle.read(capture.warc_length))
    return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(data)]


def test_a_pages_stylesheet_image_font_and_the_image_its_css_names_are_kept_in_its_warc(styled_site):
    report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.requisites, report.requisites_skipped) == (1, 4, 0), report.errors
    assert report.summary().endswith("; requisites kept 4, skipped 0")
    capture = report.captures[0]
    kept = {r.url.removeprefix(styled_site.url): (r.kind, r.content_type) for r in capture.requisites.all()}
    assert kept == {"/static/site.css": ("stylesheet", "text/css"), "/img/ferry.png": ("image", "image/png"),
                    "/static/fonts/harbour.ttf": ("font", "font/ttf"), "/img/band.png": ("image", "image/png")}
    records = warc_records(capture)
    responses = {uri.removeprefix(styled_site.url): body for kind, uri, body in records if kind == "response"}
    assert responses["/img/band.png"] == png(4, 8, (30, 60, 90))
    assert responses["/static/fonts/harbour.ttf"] == b"not a font"
    assert set(responses) == {"/news/ferry", *kept}
    assert [kind for kind, _, _ in records].count("request") == 5
    for requisite in capture.requisites.all():  # each points at its own response record
        with open(resolve(capture.warc_file), "rb") as handle:
            handle.seek(requisite.response_offset)
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Target-URI") == requisite.final_url == requisite.url
    checked = subprocess.run([str(ROOT / ".venv/bin/warcio"), "check", str(resolve(capture.warc_file))],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_failing_or_refused_requisite_is_skipped_and_the_page_is_captured(styled_site):
    styled_site.routes["/img/band.png"] = Page(b"gone", status=404, content_type="text/plain")
    styled_site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /static/fonts/\n", content_type="text/plain")
    report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.failed, report.requisites, report.requisites_skipped) == (1, 0, 2, 2)
    kept = sorted(r.url.removeprefix(styled_site.url) for r in CaptureRequisite.objects.all())
    assert kept == ["/img/ferry.png", "/static/site.css"]


def test_at_most_the_set_number_of_requisites_is_fetched_per_page(styled_site, settings):
    settings.NEWSROOM_CAPTURE_MAX_REQUISITES = 2
    report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.requisites, report.requisites_skipped) == (1, 2, 2)
    assert "/static/fonts/harbour.ttf" not in styled_site.hits and "/img/band.png" not in styled_site.hits


def test_requisites_stop_at_the_set_bytes_per_page_and_none_is_kept_cut(styled_site, settings):
    """The stylesheet (some 250 bytes) and the photograph (under 100) fit; the 600-byte font does not fit what
    is left and is skipped whole; the band image (under 100 bytes) still fits after it."""
    styled_site.routes["/static/fonts/harbour.ttf"] = Page(b"f" * 600, content_type="font/ttf")
    settings.NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES = 500
    report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.requisites, report.requisites_skipped) == (1, 3, 1)
    assert not CaptureRequisite.objects.filter(kind="font").exists()
    assert styled_site.hits["/static/fonts/harbour.ttf"] == 1


def test_only_the_pages_site_and_the_listed_cdns_are_fetched():
    page = "https://www.courier.example/news/ferry"
    assert fetchable("https://courier.example/site.css", page)
    assert fetchable("https://static.courier.example/a.png", page)
    assert fetchable("https://fonts.gstatic.com/s/a.woff2", page)
    assert not fetchable("https://ads.example.net/pixel.gif", page)
    assert not fetchable("https://courier.example.evil.net/a.png", page)


def test_a_page_names_its_requisites_in_elements_srcsets_and_styles():
    html = ("<html><head><base href='https://courier.example/assets/'>"
            "<link rel='stylesheet' href='site.css'><link rel='preload' as='font' href='f.woff2'>"
            "<link rel='preconnect' href='https://cdn.example'><style>body{background:url('bg.png')}</style>"
            "<script src='/app.js'></script></head><body><picture><source srcset='wide.webp 2x, w.webp'>"
            "<img src='data:image/gif;base64,R0l' srcset=' a.jpg 1x, b.jpg 2x'></picture>"
            "<div style='background-image: url(&quot;div.png&quot;)'></div><a href='/other'>x</a></body></html>")
    base = "https://courier.example/assets/"
    assert page_references(html, "https://courier.example/news/ferry") == {
        base + "site.css": "stylesheet", base + "f.woff2": "font", "https://courier.example/app.js": "script",
        base + "wide.webp": "image", base + "a.jpg": "image", base + "bg.png": "image", base + "div.png": "image"}


def test_the_replay_serves_the_pages_requisites_from_the_archive_and_nothing_else(styled_site, client):
    styled_site.routes["/news/ferry"] = Page(article_html(
        "Ferry timetable approved", STORY, figure=photo_html("/img/ferry.png") + "<img src='/img/missing.png'>",
        head=STYLED_HEAD + "<link rel='stylesheet' href='https://ads.example.net/a.css'>"
                           "<style>footer { background: url(https://ads.example.net/pixel.gif) }</style>"))
    capture = capture_urls([f"{styled_site.url}/news/ferry"]).captures[0]
    kept = {r.url.removeprefix(styled_site.url): f"/captures/{capture.pk}/requisites/{r.pk}"
            for r in capture.requisites.all()}
    raw = client.get(f"/captures/{capture.pk}/raw/")
    html = raw.content.decode()
    assert f'href="{kept["/static/site.css"]}"' in html and f'src="{kept["/img/ferry.png"]}"' in html
    assert f'srcset="{kept["/img/ferry.png"]}"' in html
    assert "ads.example.net" not in html and "missing.png" not in html and 'url("about:invalid")' in html
    source = f"http://testserver/captures/{capture.pk}/requisites/"
    assert f"img-src data: {source}; font-src {source}" in raw["Content-Security-Policy"]

    css = client.get(kept["/static/site.css"])
    assert css["Content-Type"] == "text/css; charset=utf-8" and css["X-Content-Type-Options"] == "nosniff"
    assert css["Content-Security-Policy"].startswith("sandbox") and css["Access-Control-Allow-Origin"] == "*"
    text = css.content.decode()
    assert f'url("{kept["/static/fonts/harbour.ttf"]}")' in text and f'url("{kept["/img/band.png"]}")' in text
    image = client.get(kept["/img/ferry.png"])
    assert (image["Content-Type"], image.content) == ("image/png", png(6, 4))
    font = client.get(kept["/static/fonts/harbour.ttf"])
    assert font["Content-Type"] == "font/ttf" and font.content == b"not a font"


def test_a_requisite_captured_as_a_page_is_served_as_bytes_never_as_html(styled_site, client):
    styled_site.routes["/img/ferry.png"] = Page(b"<script>alert(1)</script>", content_type="text/html")
    capture = capture_urls([f"{styled_site.url}/news/ferry"]).captures[0]
    photo = capture.requisites.get(url__endswith="/img/ferry.png")
    served = client.get(f"/captures/{capture.pk}/requisites/{photo.pk}")
    assert served["Content-Type"] == "application/octet-stream" and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("sandbox")


def test_a_requisite_is_served_only_with_its_own_capture(styled_site, client):
    first = capture_urls([f"{styled_site.url}/news/ferry"]).captures[0]
    styled_site.routes["/news/bridge"] = Page(article_html("Bridge repairs begin", STORY[::-1]))
    second = capture_urls([f"{styled_site.url}/news/bridge"]).captures[0]
    requisite = first.requisites.first()
    assert client.get(f"/captures/{first.pk}/requisites/{requisite.pk}").status_code == 200
    assert client.get(f"/captures/{second.pk}/requisites/{requisite.pk}").status_code == 404


def test_a_link_to_a_captured_address_leads_to_its_latest_captures_page(styled_site, client, settings):
    styled_site.routes["/news/bridge"] = Page(article_html("Bridge repairs begin", STORY[::-1]))
    older = capture_urls([f"{styled_site.url}/news/bridge"]).captures[0]
    styled_site.routes["/news/bridge"] = Page(article_html("Bridge repairs begin", STORY))
    latest = capture_urls([f"{styled_site.url}/news/bridge"]).captures[0]
    styled_site.routes["/news/ferry"] = Page(article_html(
        "Ferry timetable approved", [*STORY, "See <a href='/news/bridge?utm_source=x'>the bridge</a>."]))
    ferry = capture_urls([f"{styled_site.url}/news/ferry"]).captures[0]
    assert older.pk != latest.pk
    html = client.get(f"/captures/{ferry.pk}/raw/").content.decode()
    assert f'<a href="/captures/{latest.pk}/" target="_top">the bridge</a>' in html

    settings.NEWSROOM_REPLAY_HOST, settings.NEWSROOM_SITE_URL = "replay.testserver", "https://archive.example/"
    settings.ALLOWED_HOSTS = ["testserver", "replay.testserver"]
    html = client.get(f"/captures/{ferry.pk}/raw/", HTTP_HOST="replay.testserver").content.decode()
    assert f'<a href="https://archive.example/captures/{latest.pk}/" target="_top">the bridge</a>' in html


def test_in_a_private_archive_a_requisite_opens_only_with_its_own_captures_key(styled_site, client, settings):
    from articles.web.access import replay_key

    first = capture_urls([f"{styled_site.url}/news/ferry"]).captures[0]
    styled_site.routes["/news/bridge"] = Page(article_html("Bridge repairs begin", STORY[::-1], head=STYLED_HEAD))
    second = capture_urls([f"{styled_site.url}/news/bridge"]).captures[0]
    settings.NEWSROOM_PRIVATE = True
    requisite = f"/captures/{first.pk}/requisites/{first.requisites.first().pk}"
    assert client.get(requisite, {"key": replay_key(first.pk)}).status_code == 200
    assert client.get(requisite, {"key": replay_key(second.pk)}).status_code == 302
    assert client.get(f"/captures/{first.pk}/raw/", {"key": replay_key(first.pk)}).status_code == 302


def test_a_replayed_page_names_no_address_on_the_web_whatever_element_names_it():
    from articles.capture.replay import replayable

    html = ("<html><head><link rel='preconnect' href='https://cdn.example'><link rel='icon' href='/favicon.ico'>"
            "<style>@import 'https://fonts.example/a.css'; b { background: url(/b.png) }"
            " i { background: url(data:image/png;base64,AA) }</style></head><body>"
            "<svg><a xlink:href='https://live.example/x'><text>t</text></a><image href='/i.png'/></svg>"
            "<map><area href='https://live.example/y'></map><form action='https://live.example/f'>"
            "<button formaction='https://live.example/g'>b</button></form><input type='image' src='/s.png'>"
            "<video poster='/p.jpg' src='/v.mp4'><source src='/v.webm'><track src='/t.vtt'></video>"
            "<img src='data:image/gif;base64,R0lGOD' alt='inline'><a href='#top'>top</a></body></html>")
    shown = replayable(html, "https://courier.example/news/ferry", requisites={},
                       links=lambda addresses: {a: f"/captures/?url={a}" for a in addresses})
    assert not re.search(r'(href|src|action|poster|@import url)\s*=?\s*\(?"?\s*(https?:)?//', shown), shown
    assert "<link" not in shown and shown.count('url("about:invalid")') == 2
    assert "url(data:image/png;base64,AA)" in shown and 'src="data:image/gif;base64,R0lGOD"' in shown
    assert '<area href="/captures/?url=https://live.example/y" target="_top"/>' in shown
    assert '<a href="#top">top</a>' in shown


def test_a_captures_warc_download_holds_its_requisites(styled_site, client):
    capture = capture_urls([f"{styled_site.url}/news/ferry"]).captures[0]
    download = b"".join(client.get(f"/captures/{capture.pk}/capture.warc.gz").streaming_content)
    uris = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(io.BytesIO(download))]
    responses = sorted(uri.removeprefix(styled_site.url) for kind, uri in uris if kind == "response")
    assert responses == ["/img/band.png", "/img/ferry.png", "/news/ferry", "/static/fonts/harbour.ttf",
                         "/static/site.css"]
    assert [kind for kind, _ in uris].count("request") == 5 and uris[0][0] == "warcinfo"


def test_a_requisite_whose_address_is_too_long_to_keep_is_left_out(styled_site):
    long_path = "/img/" + "a" * 2100 + ".png"
    styled_site.routes["/news/ferry"] = Page(article_html("Ferry timetable approved", STORY,
                                                          figure=photo_html(long_path)))
    styled_site.routes[long_path] = Page(png(2, 2), content_type="image/png")
    report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.requisites, report.requisites_skipped) == (1, 0, 1)
    assert long_path not in styled_site.hits


def test_a_requisite_redirected_to_no_address_at_all_is_left_out_and_the_page_kept(styled_site, caplog):
    styled_site.routes["/img/ferry.png"] = Page(status=302, headers={"Location": "http://[::1/broken"})
    with caplog.at_level(logging.INFO, logger="articles.capture.requisites"):
        report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.failed, report.requisites, report.requisites_skipped) == (1, 0, 3, 1)
    assert f"left out: {styled_site.url}/img/ferry.png: Invalid URL in location header" in caplog.text


def test_an_error_no_rule_foresaw_leaves_the_requisite_out_not_the_page(styled_site, caplog, monkeypatch):
    fetch = Fetcher.fetch

    def failing_for_the_font(self, url, **options):
        if url.endswith(".ttf"):
            raise RuntimeError("something no rule foresaw")
        return fetch(self, url, **options)

    monkeypatch.setattr(Fetcher, "fetch", failing_for_the_font)
    with caplog.at_level(logging.WARNING, logger="articles.capture.requisites"):
        report = capture_urls([f"{styled_site.url}/news/ferry"])
    assert (report.captured, report.failed, report.requisites, report.requisites_skipped) == (1, 0, 3, 1)
    assert "harbour.ttf: RuntimeError: something no rule foresaw" in caplog.text
