"""Comparison over time: each query's matching articles per month and their share of the month's articles, under
the search page's filters, on the page (chart and table) and as CSV and JSON; a bad parameter is named."""
import csv
from datetime import date
import io

import pytest

from .factories import make_article

pytestmark = pytest.mark.django_db

DAYS = [date(2020, 1, 5), date(2020, 1, 20), date(2020, 1, 28), date(2020, 3, 2), date(2020, 3, 9), date(2020, 4, 1)]
WORDS = ["ferry harbour", "ferry", "bridge", "bridge harbour", "harbour", "ferry bridge"]


@pytest.fixture
def archive(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number, (day, words) in enumerate(zip(DAYS, WORDS)):
            make_article(f"Report {number} on {words}", body=f"The council spoke of the {words} today.",
                         published=day, source_file=f"{number}.txt")
        make_article("An undated note on the ferry", body="The ferry again.", source_file="undated.txt")


def _expected(word):
    """{YYYYMM: (matching, all)} counted from the fixture itself."""
    months = {}
    for day, words in zip(DAYS, WORDS):
        key = day.year * 100 + day.month
        hit, total = months.get(key, (0, 0))
        months[key] = (hit + (word in words.split()), total + 1)
    return months


def test_each_query_is_counted_per_month_and_as_a_share_of_the_months_articles(archive, client):
    data = client.get("/compare.json?q=ferry&q=bridge").json()
    assert [q["q"] for q in data["queries"]] == ["ferry", "bridge"] and data["by"] == "month"
    assert [p["period"] for p in data["periods"]] == ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020"]
    for number, word in enumerate(["ferry", "bridge"]):
        expected = _expected(word)
        for period, key in zip(data["periods"], [202001, 202002, 202003, 202004]):
            hit, total = expected.get(key, (0, 0))
            assert period["articles"] == total
            assert period["matches"][number]["articles"] == hit
            assert period["matches"][number]["share"] == (round(100 * hit / total, 1) if total else None)
    assert data["queries"][0]["total"] == 3  # the undated article is not in any month


def test_the_page_draws_a_line_per_query_and_the_csv_holds_the_table(archive, client):
    page = client.get("/compare?q=ferry&q=harbour&q=bridge").content.decode()
    assert page.count("<polyline") == 3 and "<table class=\"compare-table\">" in page
    assert 'href="/compare.csv?q=ferry&amp;q=harbour&amp;q=bridge"' in page
    rows = list(csv.reader(io.StringIO(client.get("/compare.csv?q=ferry&q=harbour").content.decode())))
    assert rows[0] == ["period", "articles", "ferry (articles)", "ferry (share %)", "harbour (articles)",
                       "harbour (share %)"]
    assert rows[1] == ["Jan 2020", "3", "2", "66.7", "1", "33.3"]
    search = client.get("/?q=ferry").content.decode()
    assert 'href="/compare?q=ferry"' in search


def test_filters_apply_to_every_query_and_to_the_whole(archive, client):
    data = client.get("/compare.json?q=ferry&from=2020-03-01").json()
    assert [p["period"] for p in data["periods"]] == ["Mar 2020", "Apr 2020"]
    assert [p["articles"] for p in data["periods"]] == [2, 1]
    assert [p["matches"][0]["articles"] for p in data["periods"]] == [0, 1]


def test_at_most_five_queries_and_bad_parameters_are_named(archive, client):
    data = client.get("/compare.json?" + "&".join(f"q=w{n}" for n in range(8))).json()
    assert len(data["queries"]) == 5
    bad = client.get("/compare.json?q=ferry&from=yesterday")
    assert bad.status_code == 400 and "from" in bad.json()["fields"]
    page = client.get("/compare?q=ferry&from=yesterday")
    assert page.status_code == 400 and "from: Enter a valid date" in page.content.decode()
