"""A delegation's page as its coverage report: totals, the visit's own articles, follow-ups and why each was
found, participants, itinerary, the CSV and JSON downloads, the list's filters and sorting, and comparison.

The visit below is the one tests/test_visits.py reports in three house styles; the visitors' paper carries its
publisher and byline, and later articles are written around it: follow-ups and articles that are not."""
import csv
from datetime import date, timedelta
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
import pytest

from articles.ingest import run
from articles.models import Appearance, Article, Delegation, Outlet, Person
from articles.web.coverage import ABOUT, FOLLOW_UP, coverage_report, follow_up_weeks, host_places, mentioned

from .factories import appear, make_article, quote
from .test_visits import AGENCY, RELEASE, VISITORS_PAPER

pytestmark = pytest.mark.django_db

HERALD = "Tashkent Textile Herald"
PAPER = VISITORS_PAPER.replace("Our exporters look to the Baltic\n",
                               f"Our exporters look to the Baltic\n\nSource: {HERALD}\nBy Dilnoza Karimova\n")


def later(title, day, text, source=HERALD, byline=""):
    return f"{title}\n\nSource: {source}\n{byline and f'By {byline}'}\n\n{day:%B} {day.day}, {day.year}\n\n{text}\n"


def ingest_visit(folder):
    """The visit's three reports, then: a follow-up by the participating paper three weeks after the visit,
    one with a participant's byline in another paper, and four articles that are no follow-ups."""
    for name, text in {"agency.txt": AGENCY, "release.txt": RELEASE, "paper.txt": PAPER}.items():
        (folder / name).write_text(text)
    assert run([str(folder)]).created == 3
    delegation = Delegation.objects.get(articles__source_file="agency.txt")
    delegation.outlets.add(Outlet.objects.get(name=HERALD))  # the visitors' paper, as an editor marks it taking part
    end = delegation.end
    files = {
        "follow-outlet.txt": later("Shippers weigh a northern route", end + timedelta(weeks=3),
                                   "Freight forwarders in Tashkent say cargo through Riga could arrive a week sooner."),
        "follow-byline.txt": later("Notes from a Baltic port", end + timedelta(weeks=5),
                                   "Cranes and rail sidings stretch along the river in Riga, where cargo waits.",
                                   source="Samarkand Evening", byline="Dilnoza Karimova"),
        "elsewhere.txt": later("Cotton prices rise", end + timedelta(weeks=2),
                               "Cotton prices rose in Tashkent as mills bought early, traders said."),
        "too-late.txt": later("Riga revisited", end + timedelta(weeks=12),
                              "Exporters who went to Riga in spring now ship monthly through the port."),
        "not-participating.txt": later("Port news", end + timedelta(weeks=1),
                                       "Riga's port handled more grain this month.", source="Daily Planet"),
        "before.txt": later("Exporters plan a trip", end - timedelta(weeks=3),
                            "Exporters in Tashkent hope to visit Riga soon."),
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    assert run([str(folder)]).created == 6
    assert delegation.articles.count() == 3, "the later articles are not linked to the visit"
    return delegation


@pytest.fixture
def visit(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ingest_visit(tmp_path)


def article(source_file):
    return Article.objects.get(source_file=source_file)


def test_follow_ups_are_listed_with_their_reasons_and_not_counted_as_the_visits_own(visit):
    report = coverage_report(visit)
    assert [e.article.source_file for e in report.entries] == ["agency.txt", "release.txt", "paper.txt"]
    assert {e.relation for e in report.entries} == {ABOUT}
    assert [(e.article.source_file, e.relation, e.reason) for e in report.follow_ups] == [
        ("follow-outlet.txt", FOLLOW_UP, f"published by {HERALD}, a participating outlet; mentions Riga"),
        ("follow-byline.txt", FOLLOW_UP, "by Dilnoza Karimova, a participant; mentions Riga"),
    ]
    assert report.totals.articles == 3 and report.totals.follow_ups == 2
    assert report.totals.outlets == 1  # the Herald; the agency copy and the release name no publisher


def test_the_follow_up_window_is_a_url_parameter(visit, client):
    assert [e.article.source_file for e in coverage_report(visit, 13).follow_ups] == [
        "follow-outlet.txt", "follow-byline.txt", "too-late.txt"]
    assert coverage_report(visit, 0).follow_ups == []
    page = client.get(visit.get_absolute_url(), {"weeks": "13"}).content.decode()
    assert "Riga revisited" in page and 'value="13"' in page
    assert [follow_up_weeks(v) for v in ("4", "-3", "400", "x", None)] == [4, 0, 52, 8, 8]


def test_the_report_page_shows_totals_phases_follow_ups_and_participants(visit, client):
    page = client.get(visit.get_absolute_url()).content.decode()
    totals = page.split('class="totals"', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Articles about the visit</dt><dd>3</dd>" in totals
    assert "<dt>Follow-up articles</dt><dd>2</dd>" in totals
    follow = page.split('id="follow-heading"', 1)[1].split("</section>", 1)[0]
    assert "Shippers weigh a northern route" in follow and "Notes from a Baltic port" in follow
    assert "by Dilnoza Karimova, a participant; mentions Riga" in follow
    assert "Cotton prices rise" not in page and "Port news" not in page and "Exporters plan a trip" not in page
    about = page.split('id="articles-heading"', 1)[1].split("</section>", 1)[0]
    assert "Shippers weigh" not in about and about.count('class="report-entry"') == 3
    members = page.split('id="members-heading"', 1)[1].split("</section>", 1)[0]
    assert "Laziz Kudratov</a> <span class=\"badge\">leader</span>" in members
    assert "Dilnoza Karimova" in members and HERALD in members
    sites = page.split('id="sites-heading"', 1)[1].split("</section>", 1)[0]
    assert '<td data-label="Site">Freeport of Riga</td><td data-label="Articles" class="num">3</td>' in sites
    assert 'class="timeline-chart"' in page


def test_phases_are_counted_from_the_visits_dates_or_the_first_article(visit):
    report = coverage_report(visit)
    expected = ["during" if visit.start <= e.article.published <= visit.end else "after" for e in report.entries]
    assert [e.phase for e in report.entries] == expected
    assert report.totals.days_to_first == (article("agency.txt").published - visit.start).days
    visit.start = visit.end = None
    visit.save()
    report = coverage_report(visit)
    assert report.window.start == article("agency.txt").published and report.window.basis == "the first article's date"
    assert [e.phase for e in report.entries] == ["during", "after", "after"]
    assert report.totals.days_to_first is None


def test_quotes_by_participants_are_listed(visit, client):
    kudratov = Person.objects.get(name="Laziz Kudratov")
    quote(article("release.txt"), kudratov, "Riga is our gate to the North Sea.")
    quote(article("release.txt"), None, "Unattributed words.")
    report = coverage_report(visit)
    assert [q.text for q in report.quotes] == ["Riga is our gate to the North Sea."] and report.quote_count == 1
    assert "Riga is our gate to the North Sea." in client.get(visit.get_absolute_url()).content.decode()


def test_the_report_reads_a_bounded_number_of_queries_whatever_its_size(visit, client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(visit.get_absolute_url()).status_code == 200
        return len(captured)

    quote(article("release.txt"), Person.objects.get(name="Laziz Kudratov"), "Riga is our gate.")
    before = queries()
    herald, karimova = Outlet.objects.get(name=HERALD), Person.objects.get(name="Dilnoza Karimova")
    for n in range(12):
        linked = make_article(f"Talks in Riga, part {n}", "The talks in Riga went on at the Freeport of Riga.",
                              published=visit.end + timedelta(days=n % 3), publisher=herald)
        linked.delegations.add(visit)
        appear(linked, karimova, role="reporter", outlet=herald)
        quote(linked, karimova, f"Words number {n}.")
        make_article(f"Later from Riga {n}", "Riga again.", published=visit.end + timedelta(days=9 + n),
                     publisher=herald)
    assert coverage_report(visit).totals.follow_ups == 14 and coverage_report(visit).totals.articles == 15
    assert queries() == before <= 25


def test_host_places_are_matched_as_whole_words():
    assert mentioned(["Oman", "Riga"], "A woman spoke in Riga.") == ["Riga"]
    assert mentioned(["Harbin"], "HARBIN's ice festival") == ["Harbin"]
    delegation = Delegation(name="Tour", host_city="Harbin", host_region="Heilongjiang", host_country_id="RU")
    assert host_places(delegation) == ["Harbin", "Heilongjiang", "Russia", "Russian Federation"]


def downloaded(response):
    assert response.status_code == 200
    return response.content.decode()


def test_csv_and_json_carry_one_row_per_article_and_the_totals(visit, client):
    url = visit.get_absolute_url()
    rows = list(csv.DictReader(io.StringIO(downloaded(client.get(url + "coverage.csv")))))
    assert list(rows[0]) == ["date", "title", "outlet", "outlet_country", "relation", "reason", "url"]
    assert [(r["title"], r["relation"]) for r in rows] == [
        ("Uzbek trade delegation opens talks in Riga", "about the visit"),
        ("Latvia welcomes Uzbek business mission", "about the visit"),
        ("Our exporters look to the Baltic", "about the visit"),
        ("Shippers weigh a northern route", "follow-up"), ("Notes from a Baltic port", "follow-up")]
    assert rows[2]["outlet"] == HERALD and rows[2]["date"] == article("paper.txt").published.isoformat()
    assert rows[4]["reason"] == "by Dilnoza Karimova, a participant; mentions Riga"
    assert rows[0]["url"] == "http://testserver" + article("agency.txt").get_absolute_url()
    data = json.loads(downloaded(client.get(url + "coverage.json", {"weeks": "13"})))
    assert data["totals"] == {"articles": 3, "unique_stories": 3, "copies": 0, "outlets": 1, "outlet_countries": 0,
                              "days_to_first_publication": data["totals"]["days_to_first_publication"],
                              "follow_up_articles": 3}
    assert data["follow_up_weeks"] == 13 and len(data["articles"]) == 6
    assert set(data["articles"][0]) == {"date", "title", "outlet", "outlet_country", "relation", "reason", "url"}
    assert data["delegation"]["host_places"] == ["Riga", "Latvia"]
    assert client.get(url + "coverage.xml").status_code == 404
    assert client.get("/delegations/no-such-visit/coverage.csv").status_code == 404


def test_a_csv_cell_never_starts_a_formula(visit, client):
    article("paper.txt").__class__.objects.filter(source_file="paper.txt").update(title="=HYPERLINK(\"x\")")
    rows = list(csv.DictReader(io.StringIO(downloaded(client.get(visit.get_absolute_url() + "coverage.csv")))))
    assert rows[2]["title"] == "'=HYPERLINK(\"x\")"


@pytest.fixture
def three_delegations(db):
    early = Delegation.objects.create(name="Early tour", kind="press_tour", start=date(2023, 5, 1),
                                      host_country_id="CN", host_city="Harbin")
    middle = Delegation.objects.create(name="Middle mission", kind="business", start=date(2024, 2, 1),
                                       host_country_id="LV", host_city="Riga")
    late = Delegation.objects.create(name="Late delegation", kind="official", host_country_id="CN")
    early.countries.set(["BY"])
    middle.countries.set(["UZ"])
    late.countries.set(["BY", "KZ"])
    for n, delegation in enumerate([early, early, early, middle, late, late]):
        make_article(f"Report {n}", published=date(2024, 1, 1) + timedelta(days=n)).delegations.add(delegation)
    return early, middle, late


def listed(client, **params):
    page = client.get("/delegations/", params)
    assert page.status_code == 200
    return [d.name for d in page.context["page"]]


def test_the_list_filters_by_kind_host_visitors_dates_and_coverage(three_delegations, client):
    assert listed(client) == ["Early tour", "Late delegation", "Middle mission"]
    assert listed(client, kind="business") == ["Middle mission"]
    assert listed(client, host="cn") == ["Early tour", "Late delegation"]
    assert listed(client, country="BY") == ["Early tour", "Late delegation"]
    assert listed(client, **{"from": "2024-01-01"}) == ["Middle mission"]
    assert listed(client, to="2023-12-31") == ["Early tour"]
    assert listed(client, min_articles="2") == ["Early tour", "Late delegation"]
    assert listed(client, kind="picnic") == [] and listed(client, host="ZZ") == []


def test_the_list_sorts_by_coverage_name_and_date(three_delegations, client):
    assert listed(client, sort="fewest") == ["Middle mission", "Late delegation", "Early tour"]
    assert listed(client, sort="name") == ["Early tour", "Late delegation", "Middle mission"]
    assert listed(client, sort="start") == ["Middle mission", "Early tour", "Late delegation"]
    assert listed(client, sort="oldest") == ["Early tour", "Middle mission", "Late delegation"]
    page = client.get("/delegations/").content.decode()
    assert '<td data-label="Host">Harbin, China</td>' in page
    assert '<td data-label="Visitors from">Belarus, Kazakhstan</td>' in page
    assert 'name="d" value="early-tour"' in page


def test_the_comparison_table_sets_delegations_side_by_side(three_delegations, client):
    response = client.get("/delegations/compare", {"d": ["middle-mission", "early-tour", "nobody"]})
    assert [r.delegation.name for r in response.context["reports"]] == ["Middle mission", "Early tour"]
    page = response.content.decode()
    assert "Not found: nobody" in page
    row = page.split("Early tour</a></th>", 1)[1].split("</tr>", 1)[0]
    assert '<td data-label="Articles" class="num">3</td>' in row
    assert '<td data-label="Follow-ups" class="num">0</td>' in row
    assert '<td data-label="Host">Harbin, China</td>' in row
    assert "Tick delegations" in client.get("/delegations/compare").content.decode()


def test_every_seed_delegation_reports_its_coverage_members_outlets_and_sites(seeded, client):
    delegations = list(Delegation.objects.all())
    assert len(delegations) == 5
    for delegation in delegations:
        page = client.get(delegation.get_absolute_url()).content.decode()
        totals = page.split('class="totals"', 1)[1].split("</dl>", 1)[0]
        assert f"<dt>Articles about the visit</dt><dd>{delegation.articles.count()}</dd>" in totals, delegation
        members = page.split('id="members-heading"', 1)[1].split("</section>", 1)[0]
        for person in delegation.people.all():
            assert person.name in members, (delegation, person)
        for appearance in Appearance.objects.filter(person__delegations=delegation,
                                                    article__delegations=delegation).exclude(outlet=None):
            assert appearance.outlet.name in members, (delegation, appearance)
        for site in delegation.itinerary:
            assert site in page.split('id="sites-heading"', 1)[1], (delegation, site)
        assert len(page) < 120_000
    tour = Delegation.objects.get(people__name="Kirsanava Sviatlana")
    members = client.get(tour.get_absolute_url()).content.decode().split('id="members-heading"', 1)[1]
    assert "Kirsanava Sviatlana</a> · deputy editor-in-chief · <a" in members and "Seven Days" in members


def test_file_derived_text_is_escaped_in_the_report(visit, client):
    Article.objects.filter(source_file="follow-outlet.txt").update(title="<script>alert(1)</script>")
    visit.itinerary = ["<img src=x onerror=alert(2)>"]
    visit.save()
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page


def test_a_heavily_covered_visit_lists_a_bounded_page_and_downloads_everything(visit, client):
    for n in range(120):
        outlet = Outlet.objects.create(name=f"Outlet {n:03}")
        linked = make_article(f"Riga talks report number {n:03} with a long enough title to weigh something",
                              published=visit.end + timedelta(days=n % 20), publisher=outlet)
        linked.delegations.add(visit)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert len(page) < 120_000
    assert "and 82 more outlets (in the downloads)" in page  # 120 + the Herald + "unknown": 40 listed
    assert f'href="/?delegation={visit.slug}&amp;sort=oldest"' in page
    assert "<dt>Articles about the visit</dt><dd>123</dd>" in page
    rows = list(csv.DictReader(io.StringIO(downloaded(client.get(visit.get_absolute_url() + "coverage.csv")))))
    assert len(rows) == 123 + 2
