"""Copies of one story as a reader meets them: one result per story with where else it was published, the
story's page on a desktop screen and on a phone: real headless Chromium against a live server. The story
page's screenshot in docs/screenshots/ is taken here."""
from datetime import date

import pytest

from articles.ingest import run

from .conftest import PHONE
from .test_browser import AXE
from .test_browser_coverage import SCREENSHOTS, no_sideways_scroll
from .test_copies import COPIES, _dated, _long_rows, _paragraphs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def copies_site(live_server, tmp_path):
    """Three Wikinews articles as the agency filed them, then three outlets' copies of each."""
    (tmp_path / "wire").mkdir(), (tmp_path / "outlets").mkdir()
    rows = _long_rows(3)
    for number, row in enumerate(rows):
        day = date.fromisoformat(row["date"][:10])
        (tmp_path / "wire" / f"{number}.txt").write_text(_dated(row["title"], day, _paragraphs(row), "Wikinews"))
        for make in COPIES:
            (tmp_path / "outlets" / f"{number}-{make.__name__}.txt").write_text(make(row, day))
    assert run([str(tmp_path / "wire")]).created == 3
    assert run([str(tmp_path / "outlets")]).created == 9
    return live_server.url, rows


def test_search_shows_stories_and_a_story_page_shows_where_it_travelled(copies_site, page):
    site, rows = copies_site
    page.goto(f"{site}/")
    assert page.locator(".result-count").inner_text().startswith("3 stories in 12 articles")
    assert page.locator(".result").count() == 3
    page.locator(".story-reach a").first.click()
    page.locator("table.story-copies").wait_for()
    assert page.locator("h1").inner_text() == "One story, 4 articles"
    assert page.locator("table.story-copies tbody tr").count() == 4
    assert page.locator("tr.original").count() == 1
    assert page.locator("td", has_text="new headline").count() >= 1
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)""")
    assert violations == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)
    assert (SCREENSHOTS / "story.png").stat().st_size > 20_000
    story = page.url
    page.set_viewport_size(PHONE)
    for path in (story, f"{site}/", f"{site}/?every_copy=on"):
        page.goto(path)
        assert no_sideways_scroll(page), path
    page.goto(f"{site}/?every_copy=on")
    assert page.locator(".result").count() == 12
    assert not page.errors
