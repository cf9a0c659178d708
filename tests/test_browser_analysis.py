"""The pages that analyse, as a reader uses them in real headless Chromium against a live server, on a desktop
screen and a phone: a person's page, comparisons over time, a saved search counting what is new after an
ingest, an address typed into search, and the quotes' download. The README's screenshots of the person and
comparison pages are taken here (into test-artifacts/, copied to docs/screenshots/ when the pages change)."""
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count
import pytest

from articles.bench.corpus import wikinews_rows
from articles.ingest import run
from articles.models import Article, Person

from .conftest import DESKTOP, PHONE
from .test_browser import AXE, WIDER_THAN_THE_SCREEN
from .test_browser_coverage import SCREENSHOTS
from .test_copies import _dated, _paragraphs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def analysis_site(live_server, tmp_path):
    """Every other Wikinews article of 2019 and 2020 of more than a brief, dated."""
    rows = [row for row in wikinews_rows()[::2] if len(row["text"].split()) >= 80]
    for number, row in enumerate(rows):
        day = date.fromisoformat(row["date"][:10])
        (tmp_path / f"{number:03d}.txt").write_text(_dated(row["title"], day, _paragraphs(row), "Wikinews"))
    assert run([str(tmp_path)]).created == len(rows)
    return live_server.url


def _clean(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)""")


def _fits_a_phone(page):
    page.set_viewport_size(PHONE)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    wide = [] if fits else page.evaluate(WIDER_THAN_THE_SCREEN)
    page.set_viewport_size(DESKTOP)
    return fits, wide


def test_a_persons_page_and_a_comparison_answer_on_a_desktop_and_a_phone(analysis_site, page):
    person = Person.objects.annotate(n=Count("quotes")).order_by("-n", "pk").first()
    page.goto(analysis_site + person.get_absolute_url())
    assert page.locator("h1").inner_text() == person.name
    assert page.locator(".person-quotes li").count() == min(person.quotes.count(), 10)
    assert page.locator("svg.month-chart").count() >= 1
    assert _clean(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "person.png"), full_page=True)
    assert _fits_a_phone(page) == (True, [])

    page.goto(analysis_site + "/?q=election")
    page.locator("a", has_text="compare with other searches over time").click()
    page.locator("#qb1").fill("police")
    page.locator("#qb2").fill("\"prime minister\"")
    page.locator("button", has_text="Compare").click()
    page.locator("svg.compare-chart").wait_for()
    assert page.locator("svg.compare-chart polyline").count() == 3
    assert page.locator(".compare-table thead th").count() == 2 + 3
    assert page.locator(".compare-table tbody tr").count() >= 20  # the months of 2019 and 2020 it spans
    assert _clean(page) == []
    page.screenshot(path=str(SCREENSHOTS / "compare.png"), full_page=True)
    assert _fits_a_phone(page) == (True, [])
    assert not page.errors


def test_a_saved_search_counts_what_an_ingest_added(analysis_site, page, tmp_path):
    get_user_model().objects.create_user("reader", "reader@example.org", "a-long-test-password")
    page.goto(f"{analysis_site}/accounts/login/")
    page.fill("#id_username", "reader")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.locator(".site-header a", has_text="Saved").wait_for()
    page.goto(f"{analysis_site}/?q=ferry")
    page.fill("#save-name", "Ferries")
    page.locator(".save-search button").click()
    assert page.locator(".saved-searches h2", has_text="Ferries").inner_text().endswith("nothing new")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "ferry.txt").write_text("Night ferry returns\n\nMarch 3, 2021\n\nThe night ferry to the islands "
                                     "returns this spring, the operator said on Tuesday.\n")
    assert run([str(extra)]).created == 1
    page.reload()
    assert page.locator(".new-count").inner_text() == "1 new"
    page.locator("button", has_text="Open (1 new)").click()
    assert "q=ferry" in page.url and page.locator(".result h3", has_text="Night ferry returns").count() == 1
    page.goto(f"{analysis_site}/saved/")
    assert page.locator(".saved-searches h2", has_text="Ferries").inner_text().endswith("nothing new")
    assert _fits_a_phone(page) == (True, [])


def test_an_address_typed_into_search_opens_its_article_and_quotes_download_with_their_columns(
        analysis_site, page):
    article = Article.objects.get(source_file="000.txt")
    Article.objects.filter(pk=article.pk).update(source_url="https://www.harbour-courier.example/news/ferry-deal")
    page.goto(analysis_site + "/")
    page.fill("#q", "http://harbour-courier.example/news/ferry-deal/?utm_source=newsletter")
    page.press("#q", "Enter")
    page.locator("h1").wait_for()
    assert page.url.endswith(article.get_absolute_url())
    response = page.request.get(f"{analysis_site}/quotes/export.csv?q=said")
    header = response.text().splitlines()[0]
    assert header == ("id,text,speaker,role,organisation,speaker_country,published,date_source,article_title,"
                      "publisher,article_url,source_url,url,citation")
