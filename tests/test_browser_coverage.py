"""A delegation's coverage report as a person reads it, on a desktop screen, on a phone and on paper, and the
delegations compared from the list: real headless Chromium against a live server. The report's screenshots
in docs/screenshots/ are taken here."""
import pytest

from articles.ingest import run
from articles.models import Article, Delegation, Outlet

from .conftest import DESKTOP, PHONE, ROOT, SEEDS
from .test_browser import AXE
from .factories import quote
from .test_coverage import HERALD, ingest_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# the README's copies in docs/screenshots/ are refreshed from these when the page changes
SCREENSHOTS = ROOT / "test-artifacts"


@pytest.fixture
def report_site(live_server, tmp_path):
    assert run([SEEDS]).created == 5
    delegation = ingest_visit(tmp_path)
    # as an editor completes the records: the visitors' paper's country, and a quote the extraction left open
    Outlet.objects.filter(name=HERALD).update(country="UZ")
    quote(Article.objects.get(source_file="release.txt"), delegation.leader, "Riga is our gate to the North Sea.")
    return live_server.url, delegation


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_report_on_a_desktop_screen(report_site, page):
    site, delegation = report_site
    page.goto(site + delegation.get_absolute_url())
    assert page.locator("h1").inner_text() == delegation.name
    totals = page.locator(".totals")
    assert totals.locator("div", has_text="Articles about the visit").locator("dd").inner_text() == "3"
    assert totals.locator("div", has_text="Follow-up articles").locator("dd").inner_text() == "2"
    assert totals.locator("div", has_text="Outlet countries").locator("dd").inner_text() == "1"
    assert page.locator("blockquote", has_text="Riga is our gate to the North Sea.").is_visible()
    chart = page.locator(".timeline-chart")
    assert chart.is_visible() and chart.bounding_box()["width"] > 600
    reason = "by Dilnoza Karimova, a participant; mentions Riga"
    assert page.locator(".report-entry .reason", has_text=reason).is_visible()
    assert no_sideways_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "coverage-report.png"), full_page=True)
    assert (SCREENSHOTS / "coverage-report.png").stat().st_size > 20_000
    assert not page.errors


def test_the_report_on_a_phone_has_no_sideways_scroll(report_site, page):
    site, delegation = report_site
    page.set_viewport_size(PHONE)
    for path in (delegation.get_absolute_url(), "/delegations/", "/delegations/?sort=fewest&host=LV",
                 *(d.get_absolute_url() for d in Delegation.objects.all())):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth <= 390"), path
    page.goto(site + delegation.get_absolute_url())
    cell = page.locator(".report-table td[data-label=Outlet]").first
    assert cell.bounding_box()["width"] > 300  # a table row is a card as wide as the screen
    page.screenshot(path=str(SCREENSHOTS / "coverage-report-phone.png"), full_page=True)
    assert not page.errors


def test_the_report_prints_without_menus_or_forms_and_keeps_its_chart_and_tables(report_site, page):
    site, delegation = report_site
    page.goto(site + delegation.get_absolute_url())
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".report-tools", "#weeks"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator(".timeline-chart").is_visible()
    assert page.locator(".report-table").first.is_visible() and page.locator(".totals").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.totals div')).breakInside") == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.emulate_media(media="screen")
    assert page.locator(".site-header").is_visible()


def test_delegations_picked_on_the_list_are_compared(report_site, page):
    site, delegation = report_site
    page.goto(f"{site}/delegations/?sort=name")
    page.check(f'input[name=d][value="{delegation.slug}"]')
    other = Delegation.objects.exclude(pk=delegation.pk).order_by("name").first()
    page.check(f'input[name=d][value="{other.slug}"]')
    page.click("text=Compare the ticked delegations")
    page.wait_for_url("**/delegations/compare?**")
    rows = page.locator(".compare-table tbody tr")
    assert rows.count() == 2
    row = rows.filter(has_text=delegation.name)
    assert row.locator("td[data-label=Articles]").inner_text() == "3"
    assert row.locator("td[data-label=Follow-ups]").inner_text() == "2"
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    assert not page.errors


def test_the_report_list_and_comparison_pass_an_accessibility_scan(report_site, page):
    if not AXE.exists():
        pytest.skip("run `make browser-deps` to install axe-core")
    site, delegation = report_site
    for path in (delegation.get_absolute_url(), "/delegations/",
                 f"/delegations/compare?d={delegation.slug}&d=no-such-visit"):
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.goto(site + path)
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("""async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                                   .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
            }""")
            assert found == [], (path, viewport, found)


def test_the_report_keeps_to_the_sites_content_security_policy(report_site, browser):
    site, delegation = report_site
    context = browser.new_context(viewport=DESKTOP)  # the site's own CSP enforced, unlike the scanned pages
    strict = context.new_page()
    errors = []
    strict.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for path in (delegation.get_absolute_url(), "/delegations/", f"/delegations/compare?d={delegation.slug}"):
        assert strict.goto(site + path).headers["content-security-policy"]
    context.close()
    assert errors == []
