import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "corpus"
CHROMIUM = "/usr/bin/chromium"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets its own, empty search index directory, and no answers kept from another test."""
    from articles.search.backend import get_backend
    from articles.search.store import create_empty

    from django.core.cache import cache

    from articles.kernel import memo
    from articles.web import pagecache

    settings.NEWSROOM_INDEX_DIR = tmp_path / "index"
    create_empty()
    get_backend().reset()
    cache.clear()  # answers kept per archive state: a test's database starts again from the same counter
    memo.forget()
    pagecache.forget()
    yield settings.NEWSROOM_INDEX_DIR
    get_backend().reset()


@pytest.fixture(autouse=True)
def unhurried_searches(settings):
    """A search's time budget ten times production's: CI runs the SQLite and PostgreSQL suites side by side on
    two cores, and a query refused as too broad because the machine was busy tests nothing. The tests of the
    budget set their own."""
    settings.NEWSROOM_SEARCH_BUDGET = 15.0


@pytest.fixture(autouse=True)
def isolated_export_slots(settings, tmp_path):
    """Each test's anonymous exports take their slots in a file cache of its own: test runs side by side, and
    a test that leaves an export unread, never count against another's."""
    settings.CACHES = {**settings.CACHES, "exports": {"BACKEND": "newsroom.filecache.LockedFileCache",
                                                      "LOCATION": str(tmp_path / "export-slots")}}
    return settings.CACHES["exports"]["LOCATION"]


@pytest.fixture(autouse=True)
def isolated_warc(settings, tmp_path):
    """Each test keeps its WARC files (captures, pages ingested from web archives) in its own directory."""
    settings.NEWSROOM_WARC_DIR = tmp_path / "warc"
    return settings.NEWSROOM_WARC_DIR


DB_FIXTURES = {"db", "transactional_db", "admin_client", "admin_user", "live_server", "seeded", "client"}


@pytest.fixture(autouse=True)
def countries(request):
    """The ISO country table, which a transactional test's flush empties, is there for every database test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    from articles.records.countries import load_countries
    from articles.models import Country

    load_countries(Country)


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    """The five seed files ingested (and indexed)."""
    from articles.ingest import run

    with django_capture_on_commit_callbacks(execute=True):
        report = run([SEEDS])
    assert report.created == 5
    return report


# -- the browser tests' Chromium: one for the whole run, whichever modules ask for it -------------------------
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made here between page
    # actions are still plain synchronous code, so Django's async-safety guard is told so (tests only).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
        ])
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    # axe-core is injected as an inline script, which the site's own CSP rightly forbids
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


# -- an address captured twice, its page changed in between (the WARC exchange tests) ------------------------
@pytest.fixture
def captured_twice(settings):
    """The bridge story captured, changed and captured again, and the ferry story once, from a site served on
    127.0.0.1: (the site's address, the bridge's two captures, the ferry's capture)."""
    from articles.capture import capture_urls
    from articles.capture.localsite import LocalSite, Page

    from .pages import BRIDGE, FERRY

    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = settings.NEWSROOM_CAPTURE_BACKOFF = 0
    with LocalSite({"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain"),
                    "/news/bridge": Page(BRIDGE), "/news/ferry": Page(FERRY, gzip=True)}) as site:
        first = capture_urls([f"{site.url}/news/bridge"]).captures[0]
        site.routes["/news/bridge"] = Page(BRIDGE.replace(b"twice a day", b"three times a day"))
        second = capture_urls([f"{site.url}/news/bridge"]).captures[0]
        ferry = capture_urls([f"{site.url}/news/ferry"]).captures[0]
    assert first.pk != second.pk and first.normalized_url == second.normalized_url
    return site.url, [first, second], ferry
