"""A captured page replayed in real headless Chromium, under the replay policy as served (no CSP bypass): its
stylesheet, images and font come from the archive, nothing from the live site, and its links lead to the
archive's page of the capture they name."""
from pathlib import Path
import re

from django.contrib.auth import get_user_model
from django.test import Client
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


@pytest.fixture
def styled_captures(settings):
    """(the live site, still serving, the bridge's capture, the ferry's): the ferry page is shown with a
    stylesheet naming a font and a background image, a photograph and an image the site no longer has, and links
    to the bridge page."""
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
        yield site, bridge, report.captures[0]


def shown_from_the_archive(page, ferry):
    """Open the ferry's capture page and check its copy's image, stylesheet, background and font all came from
    the archive; the copy's frame."""
    page.goto(f"{page.site}/captures/{ferry.pk}/")
    page.frame_locator("iframe.archived-copy").locator("h1").wait_for()
    frame = page.frame(url=re.compile(r"/raw/$"))
    frame.wait_for_load_state("load")
    photo = frame.evaluate("(() => { const i = document.querySelector('img.photo');"
                           " return [i.complete, i.naturalWidth, i.currentSrc]; })()")
    assert photo[:2] == [True, 6] and re.search(rf"/captures/{ferry.pk}/requisites/\d+", photo[2])
    assert frame.evaluate("getComputedStyle(document.body).color") == "rgb(10, 20, 30)"
    assert frame.evaluate("document.fonts.load('16px Harbour').then(faces => faces.length)") == 1
    assert frame.evaluate("document.fonts.check('16px Harbour')")
    band = frame.evaluate("getComputedStyle(document.querySelector('header')).backgroundImage")
    assert re.search(rf"/captures/{ferry.pk}/requisites/\d+", band)
    served = {}
    for _ in range(50):  # a response's event may reach the test after the page used it (a busy machine)
        served = {url: status for url, status in page.answers if "/requisites/" in url}
        if len(served) >= 4:
            break
        page.wait_for_timeout(100)
    assert len(served) == 4 and set(served.values()) == {200}, served
    return frame


def test_a_replayed_page_shows_its_stylesheet_images_and_font_from_the_archive_alone(live_server, replaying,
                                                                                      styled_captures):
    site, bridge, ferry = styled_captures
    asked_before, page = len(site.received), replaying
    page.site = live_server.url
    shown_from_the_archive(page, ferry)
    assert len(site.received) == asked_before  # the live site was asked nothing
    assert page.requests and all(url.startswith(live_server.url) for url in page.requests), page.requests
    assert page.failed == [] and page.errors == []

    with page.expect_navigation():
        page.frame_locator("iframe.archived-copy").locator("a", has_text="the bridge").click()
    assert page.url == f"{live_server.url}/captures/{bridge.pk}/"
    assert f"{site.url}/news/bridge" in page.locator(".archived-banner").inner_text()
    assert len(site.received) == asked_before


def test_in_a_private_archive_a_signed_in_reader_sees_the_copy_with_its_requisites(live_server, replaying,
                                                                                   styled_captures, settings):
    """The sandboxed copy's requests carry no cookie: its requisites are named with a key for that capture."""
    _, _, ferry = styled_captures
    settings.NEWSROOM_PRIVATE = True
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    page = replaying
    page.site = live_server.url
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.locator("#site-name").wait_for()
    shown_from_the_archive(page, ferry)
    assert page.failed == [] and page.errors == []
    requisite = next(url for url, _ in page.answers if "/requisites/" in url).removeprefix(live_server.url)
    anonymous = Client()
    assert "?key=" in requisite and anonymous.get(requisite).status_code == 200
    assert anonymous.get(requisite.split("?")[0]).status_code == 302  # no key: sign in first
    assert anonymous.get(requisite[:-3] + "abc").status_code == 302  # nor a key not signed for it
