"""The archive as a person uses it: real headless Chromium against a live server."""
import re

import pytest
from django.contrib.auth import get_user_model

from articles.ingest import run
from articles.models import Article, Delegation, Outlet, Person, Quote

from .conftest import DESKTOP, PHONE, ROOT, SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = ROOT / ".browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def site(live_server):
    report = run([SEEDS])
    assert report.created == 5
    return live_server.url


def result_count(page):
    return int(re.search(r"\d+", page.locator(".result-count").inner_text()).group())


def test_search_facets_chips_result_and_speaker(site, page):
    page.goto(f"{site}/?q=Chongqing")
    assert result_count(page) == 5
    page.locator('[data-facet="country"] a', has_text="Kazakhstan").click()
    assert result_count(page) == 1
    assert "country=KZ" in page.url
    # picking Kazakhstan still shows Poland's count (disjunctive facets)
    assert page.locator('[data-facet="country"] a', has_text="Poland").count() == 1
    page.locator('[data-facet="outlet"] a', has_text="ORDA").click()
    assert result_count(page) == 1
    assert page.locator(".chip").count() == 2
    page.locator(".chip", has_text="ORDA").click()
    assert page.locator(".chip").count() == 1
    page.locator(".chip", has_text="Kazakhstan").click()
    assert result_count(page) == 5
    page.locator(".result h3 a", has_text="Belt and Road Journalists").click()
    assert page.locator("h1").inner_text().startswith("Belt and Road Journalists")
    page.locator("a.speaker").first.click()
    assert page.locator("h1").inner_text() == "Kirsanava Sviatlana"
    assert not page.errors


def sign_in_as_editor(site, page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.locator("#site-name").wait_for()
    assert "login" not in page.url


def test_admin_edits_show_on_public_pages_and_in_search(site, page):
    sign_in_as_editor(site, page)

    article = Article.objects.get(source_file__startswith="004_")
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_title", "Zanzibarian Deputies Take Questions")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for(timeout=10_000)

    quote = Quote.objects.get(article=article, speaker__name="Dong Wenwu")
    williams = Person.objects.get(name="Nathan Williams")
    page.goto(f"{site}/admin/articles/quote/{quote.pk}/change/")
    page.evaluate("""([pk, name]) => {
        const select = document.querySelector('#id_speaker');
        select.add(new Option(name, pk, true, true));
    }""", [str(williams.pk), williams.name])
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for(timeout=10_000)

    page.goto(f"{site}/?q=Zanzibarian")
    assert result_count(page) == 1
    page.locator(".result h3 a").click()
    assert page.locator("h1").inner_text() == "Zanzibarian Deputies Take Questions"
    quote.refresh_from_db()
    assert quote.speaker == williams
    marked = page.locator(f"#quote-{quote.pk} + a.speaker")
    assert marked.inner_text().endswith("Nathan Williams")
    page.goto(f"{site}/?speaker={williams.slug}")
    assert result_count(page) == 1


def test_a_page_added_by_address_is_found_replayed_and_exported(site, page, settings):
    import io

    from django.core.management import call_command
    from warcio.archiveiterator import ArchiveIterator

    from articles.capture.localsite import LocalSite, Page, article_html

    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE, settings.NEWSROOM_CAPTURE_DELAY = True, 0
    story = article_html("Quay crane arrives by sea", [
        "A new quay crane arrived by sea on Monday and will be assembled on the eastern pier over two weeks.",
        "The port authority said the crane would double the number of containers handled each day.",
    ]).replace(b"</head>", b"<script>document.title = 'script ran'</script></head>")
    sign_in_as_editor(site, page)
    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"), "/news/crane": Page(story)}) as web:
        page.goto(f"{site}/admin/articles/capture/")
        page.click("text=Add by address")
        page.fill("#id_addresses", f"{web.url}/news/crane")
        page.click("input[type=submit]")
        page.locator(".messagelist .success").first.wait_for(timeout=30_000)  # queued at once
        call_command("worker", "--once", stdout=io.StringIO())  # the worker make serve runs beside the site
    page.goto(f"{site}/?q=quay+crane")
    assert result_count(page) == 1
    page.locator(".result h3 a").click()
    page.locator("a", has_text=re.compile(r"\d{4} \d\d:\d\d")).first.click()  # "View as captured: <date>"
    assert "Archived copy" in page.locator("h1").inner_text()
    copy = page.frame_locator("iframe.archived-copy")
    assert copy.locator("h1").inner_text() == "Quay crane arrives by sea"
    assert page.frame(url=re.compile(r"/raw/$")).evaluate("document.title") != "script ran"
    with page.expect_download() as download:
        page.click("text=Download this capture as WARC")
    with open(download.value.path(), "rb") as handle:
        assert [r.rec_type for r in ArchiveIterator(handle)] == ["warcinfo", "response", "request"]
    page.goto(f"{site}/?q=quay+crane")
    exported = page.request.get(site + page.locator("a", has_text="download these captures as WARC").get_attribute("href"))
    uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(io.BytesIO(exported.body()))]
    assert uris == [None, f"{web.url}/news/crane", f"{web.url}/news/crane"]
    assert not page.errors


def test_on_a_phone_the_results_come_first_and_filters_sit_behind_one_disclosure(site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/?q=Chongqing")
    first = page.locator(".result").first.bounding_box()
    assert first["y"] < PHONE["height"], "the first result is on the first screen"
    assert page.locator(".result-count").is_visible()
    filters = page.locator("details.filters")
    assert filters.get_attribute("open") is None and page.locator("summary", has_text="Filters").is_visible()
    page.locator("summary", has_text="Filters").click()
    bucket = page.locator('[data-facet="country"] a', has_text="Kazakhstan")
    assert bucket.bounding_box()["height"] >= 44
    bucket.click()
    assert result_count(page) == 1
    chip = page.locator(".chip", has_text="Kazakhstan")
    count_box, chip_box = page.locator(".result-count").bounding_box(), chip.bounding_box()
    assert count_box["y"] < PHONE["height"] and chip_box["y"] + chip_box["height"] <= PHONE["height"]
    assert chip_box["height"] >= 44
    assert "Filters (1)" in page.locator("details.filters > summary").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_sort_applies_on_change_and_works_without_script(site, page, browser):
    page.goto(f"{site}/?q=Chongqing")
    assert page.locator("details.filters").get_attribute("open") is not None  # open beside the results
    assert not page.locator(".sort-apply").is_visible()
    page.select_option("#sort", "oldest")
    page.wait_for_url("**sort=oldest**")
    oldest = Article.objects.exclude(published=None).order_by("published").first()
    assert page.locator(".result h3").first.inner_text() == oldest.title
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{site}/?q=Chongqing")
    plain.select_option("#sort", "date")
    plain.locator(".sort-apply").click()
    assert "sort=date" in plain.url
    newest = Article.objects.exclude(published=None).order_by("-published").first()
    assert plain.locator(".result h3").first.inner_text() == newest.title
    assert plain.locator('[data-facet="country"]').is_visible()  # the filters show without script too
    context.close()


def test_a_chart_bar_narrows_the_search_to_its_month(site, page):
    page.goto(f"{site}/?q=Chongqing")
    bars = page.locator(".month-chart a")
    labels = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    index = next(i for i, label in enumerate(labels) if not label.endswith(": 0 articles"))
    expected = int(labels[index].rsplit(": ", 1)[1].split()[0])
    bars.nth(index).click()
    assert "from=" in page.url and "to=" in page.url
    assert result_count(page) == expected
    assert page.locator(".chip", has_text="–").count() == 1  # the range is a removable chip


def page_urls():
    article = Article.objects.get(source_file__startswith="004_")
    return {
        "search": "/?q=Chongqing", "browse": "/", "article": article.get_absolute_url(),
        "source": article.get_absolute_url() + "source/", "outlets": "/outlets/",
        "outlet": Outlet.objects.get(name="China Daily").get_absolute_url(), "countries": "/countries/",
        "country": "/countries/cn/", "people": "/people/", "person": Person.objects.get(name="Nathan Williams").get_absolute_url(),
        "delegations": "/delegations/", "delegation": Delegation.objects.filter(articles__isnull=False).first().get_absolute_url(),
        "quotes": "/quotes/", "quote": Quote.objects.exclude(speaker=None).order_by("pk").first().get_absolute_url(),
        "compare": "/compare?q=Chongqing&q=journalists&q=tour", "not-found": "/no/such/page/",
        "not-archived": "/?q=https%3A%2F%2Fwww.example-courier.example%2Fnews%2F2024%2F05%2F"
                        + "a-very-long-address-segment-" * 6 + "end%3Futm_source%3Dnewsletter",
    }


MISSING = {"not-found", "not-archived"}  # pages answered 404, on purpose
# the innermost elements reaching past the screen's right edge, named for the failure's message
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ': '
                          + (e.textContent || '').trim().slice(0, 40))"""


def test_no_page_type_scrolls_sideways_on_a_phone(site, page):
    """Every page type at 390 px, with the longest records: an address of 250 characters, an outlet's and a
    person's name without a space to break at, a quote of a thousand characters."""
    urls = page_urls()
    article = Article.objects.get(source_file__startswith="004_")
    Article.objects.filter(pk=article.pk).update(
        source_url="https://www.example-courier.example/" + "a-long-path-segment-" * 12 + "?utm_source=x")
    long_name = "Internationaljournalistsassociationforpublicdiplomacy"
    Outlet.objects.filter(name="China Daily").update(name=f"China Daily {long_name}")
    Person.objects.filter(name="Nathan Williams").update(name=f"Nathan Williams-{long_name}")
    quote = Quote.objects.exclude(speaker=None).order_by("pk").first()
    Quote.objects.filter(pk=quote.pk).update(text=quote.text + " and more words" * 60)
    page.set_viewport_size(PHONE)
    for name, path in urls.items():
        response = page.goto(site + path)
        assert response.status == (404 if name in MISSING else 200), name
        wide = page.evaluate(WIDER_THAN_THE_SCREEN)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, wide)
        assert page.locator(".site-header").bounding_box()["height"] <= 120, name  # the links in one row
    page.goto(site + urls["search"])
    target = page.locator(".month-chart .target").first.bounding_box()
    label = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.month-chart .axis')).fontSize)"
                          " * document.querySelector('.month-chart').getBoundingClientRect().width / 640")
    assert target["width"] >= 20 and label >= 11  # a bar a finger can tap, a label an eye can read
    page.goto(site + urls["source"])
    assert min(box["width"] for box in (page.locator(".source-lines code").nth(i).bounding_box()
                                        for i in range(3))) >= 250  # the text keeps the screen's width


def test_every_page_type_is_clean_and_accessible(site, page):
    assert AXE.exists(), "run `make browser-deps` to install axe-core"
    for name, path in page_urls().items():
        page.errors.clear()
        response = page.goto(site + path)
        assert response.status == (404 if name in MISSING else 200), name
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                               .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
        }""")
        assert result == [], f"{name}: {result}"
        assert [e for e in page.errors if "404" not in e] == [], name


def test_screenshots_at_phone_and_desktop_widths(site, page):
    ARTIFACTS.mkdir(exist_ok=True)
    urls = page_urls()
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    article = Article.objects.get(source_file__startswith="004_")
    shots = [(name, urls[name]) for name in ("search", "article", "delegation", "outlets", "people", "quotes")]
    shots.append(("admin-article", f"/admin/articles/article/{article.pk}/change/"))
    for name, path in shots:
        if name.startswith("admin") and "login" not in page.url and not page.context.cookies():
            page.goto(f"{site}/admin/login/")
            page.fill("#id_username", "editor")
            page.fill("#id_password", "a-long-test-password")
            page.click("input[type=submit]")
            page.locator("#site-name").wait_for()
        for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            page.goto(site + path)
            shot = ARTIFACTS / f"{name}-{label}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5_000
            if not name.startswith("admin"):  # nothing overflows sideways on a phone (Django's admin: its own)
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, label)
            elif label == "desktop":  # the article's inlines scroll in their own boxes, not the page
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name


def test_script_in_a_query_filter_file_or_admin_field_never_runs(site, page, tmp_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("<script>alert('file')</script> Reporters Visit\n\n"
                       "Ann Lee, a reporter from the <img src=x onerror=alert('body')> Daily, said, "
                       "\"<script>alert('quote')</script> was on the menu.\"\n")
    run([hostile])
    outlet = Outlet.objects.get(name="China Daily")
    outlet.name = "<img src=x onerror=alert('admin')>"  # as an editor could type it in the admin
    outlet.save()
    article = Article.objects.get(source_file="hostile.txt")
    for path in ("/?q=<script>alert(1)</script>", "/?q=%22><img src=x onerror=alert(2)>",
                 "/?country=<script>alert(3)</script>", "/quotes/?q=<img src=x onerror=alert(4)>",
                 "/?q=menu", article.get_absolute_url(), article.get_absolute_url() + "source/",
                 outlet.get_absolute_url(), "/outlets/", "/quotes/", "/people/", "/?q=Chongqing"):
        page.goto(site + path)
        assert page.locator("main").count() == 1
    assert dialogs == []
