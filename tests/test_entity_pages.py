"""Entity pages that answer questions: a person's page opens with what they said (newest first, dated, with the
words around each quote), charts of when they were named and quoted, who quotes them and the roles the
articles give them, each with its dates and an example."""
from datetime import date

import pytest

from .factories import appear, make_article, make_outlet, make_person, quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    person = make_person("Ann Lee")
    courier, gazette = make_outlet("Harbour Courier"), make_outlet("Bay Gazette")
    days = [date(2021, 3, 4), date(2021, 5, 9), date(2022, 1, 15), date(2022, 2, 1)]
    for number, day in enumerate(days):
        body = (f"The council met on the quay. \"Ferries will run number {number} all winter,\" said Ann Lee, "
                "who spoke after the vote.")
        article = make_article(f"Ferry report {number}", body=body, published=day, source_file=f"{number}.txt",
                               publisher=courier if number < 3 else gazette)
        appear(article, person, "harbour master" if number < 3 else "mayor")
        start = body.index("Ferries")
        quote(article, person, body[start:body.index(",\"")], paragraph=0, start=start, end=body.index(",\""),
              published=day)
    return person


def test_a_persons_page_opens_with_their_newest_quotes_in_context(ann, client):
    page = client.get(ann.get_absolute_url())
    profile = page.context["profile"]
    assert [q.article.title for q in profile["quotes"]] == [f"Ferry report {n}" for n in (3, 2, 1, 0)]
    first = profile["quotes"][0]
    assert first.before.endswith("on the quay. \"") and first.after.startswith(",\" said Ann Lee")
    content = page.content.decode()
    assert content.index("What they said") < content.index("Articles naming them per month") < content.index(
        "Roles the articles give them") < content.index('id="articles"')
    assert profile["quote_count"] == 4 and profile["article_count"] == 4


def test_a_persons_page_counts_who_quotes_them_and_dates_each_role(ann, client):
    profile = client.get(ann.get_absolute_url()).context["profile"]
    assert [(o["article__publisher__name"], o["count"]) for o in profile["outlets"]] == [
        ("Harbour Courier", 3), ("Bay Gazette", 1)]
    roles = {r.role: r for r in profile["roles"]}
    assert (roles["harbour master"].count, roles["harbour master"].first, roles["harbour master"].last) == (
        3, date(2021, 3, 4), date(2022, 1, 15))
    assert roles["harbour master"].example.title == "Ferry report 2"
    assert roles["mayor"].count == 1 and roles["mayor"].example.title == "Ferry report 3"


def test_a_persons_charts_link_each_month_to_its_quotes_and_articles(ann, client):
    content = client.get(ann.get_absolute_url()).content.decode()
    assert content.count('class="month-chart"') == 2
    assert "Mar 2021: 1 quote" in content and "Jan 2022: 1 article" in content
    assert f"/quotes/?speaker={ann.slug}&amp;since=2021-03-01&amp;until=2021-03-31" in content
    quotes = client.get(f"/quotes/?speaker={ann.slug}&since=2021-03-01&until=2021-03-31").context["page"]
    assert quotes.paginator.count == 1
