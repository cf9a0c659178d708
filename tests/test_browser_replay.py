"""A captured page replayed in real headless Chromium, under the replay policy as served (no CSP bypass): its
stylesheet, images and font come from the archive, nothing from the live site, and its links lead to the
archive's page of the capture they name."""
from pathlib import Path
import re

import pytest

from articles.capture import capture_urls
from articles.capture.localsite import STYLED_HEAD, LocalSite, Page, article_html, photo_html, png, styled_routes

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STORY = ["The harbour board approved the new ferry timetable on Monday after a long public consultation.",
         "Ferries will run every twenty minutes at peak hours from the first of June, the board said."]


def a_real_font():
    fonts = sorted(Path("/usr/share/fonts").rglob("*.ttf"))
    if not fonts:
        pytest.skip("no TrueType font on this machine to serve")
    return fonts[0].read_bytes()


@pytest.fixture
def replaying(browser):
    """A page with the site's own policy and the replay policy enforced, and every request it makes."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.requests, page.answers, page.failed, page.errors = [], [], [], []
    page.on("response", lambda response: page.answers.append((response.url, response.status)))
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("requestfailed", lambda request: page.failed.append(request.url))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()


def test_a_replayed_page_shows_its_stylesheet_images_and_font_from_the_archive_alone(live_server, replaying,
                                                                                      settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE, settings.NEWSROOM_CAPTURE_DELAY = True, 0
    ferry_page = article_html("Ferry timetable approved", [*STORY, "See <a href='/news/bridge'>the bridge</a>."],
                              head=STYLED_HEAD, figure=photo_html("/img/ferry.png") + "<img src='/img/gone.png' alt='Gone'>")
    routes = {"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain"),
              "/news/ferry": Page(ferry_page), "/news/bridge": Page(article_html("Bridge repairs begin", STORY[::-1])),
              "/img/ferry.png": Page(png(6, 4), content_type="image/png"), **styled_routes(a_real_font())}
    with LocalSite(routes) as site:
        bridge = capture_urls([f"{site.url}/news/bridge"]).captures[0]
        report = capture_urls([f"{site.url}/news/ferry"])
        assert (report.requisites, report.requisites_skipped) == (4, 1), report.errors  # gone.png: a 404
        ferry = report.captures[0]
        asked_before = len(site.received)

        page = replaying
        page.goto(f"{live_server.url}/captures/{ferry.pk}/")
        copy = page.frame_locator("iframe.archived-copy")
        copy.locator("h1").wait_for()
        frame = page.frame(url=re.compile(r"/raw/$"))
        frame.wait_for_load_state("load")
        photo = frame.evaluate("(() => { const i = document.querySelector('img.photo');"
                               " return [i.complete, i.naturalWidth, i.currentSrc]; })()")
        assert photo[:2] == [True, 6] and re.search(rf"/captures/{ferry.pk}/requisites/\d+$", photo[2])
        assert frame.evaluate("getComputedStyle(document.body).color") == "rgb(10, 20, 30)"
        assert frame.evaluate("document.fonts.load('16px Harbour').then(faces => faces.length)") == 1
        assert frame.evaluate("document.fonts.check('16px Harbour')")
        band = frame.evaluate("getComputedStyle(document.querySelector('header')).backgroundImage")
        assert re.search(rf"/captures/{ferry.pk}/requisites/\d+", band)
        served = {url: status for url, status in page.answers if "/requisites/" in url}
        assert len(served) == 4 and set(served.values()) == {200}, served

        assert len(site.received) == asked_before  # the live site was asked nothing
        assert page.requests and all(url.startswith(live_server.url) for url in page.requests), page.requests
        assert page.failed == [] and page.errors == []

        with page.expect_navigation():
            copy.locator("a", has_text="the bridge").click()
        assert page.url == f"{live_server.url}/captures/{bridge.pk}/"
        assert f"{site.url}/news/bridge" in page.locator(".archived-banner").inner_text()
        assert len(site.received) == asked_before
