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
    assert first.before.endswith("on the quay.") and first.after.startswith(", said Ann Lee")
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


def test_an_outlets_page_keeps_its_own_articles_apart_from_those_that_mention_it(ann, client):
    from articles.models import Article, Outlet

    courier = Outlet.objects.get(name="Harbour Courier")
    other = make_article("The Courier named in passing", body="As the Harbour Courier wrote.",
                         published=date(2022, 3, 1), source_file="other.txt",
                         publisher=Outlet.objects.get(name="Bay Gazette"))
    other.outlets.add(courier)
    for article in Article.objects.filter(publisher=courier):
        article.countries.add("NO")
    page = client.get(courier.get_absolute_url())
    own = [a.title for a in page.context["page"]]
    assert sorted(own) == [f"Ferry report {n}" for n in range(3)]
    profile = page.context["profile"]
    assert [a.title for a in profile["mentions"]] == ["The Courier named in passing"] and profile["mention_count"] == 1
    assert [(c["country__code"], c["count"]) for c in profile["countries"]] == [("NO", 3)]
    assert [(p["speaker__name"], p["count"]) for p in profile["quoted"]] == [("Ann Lee", 3)]
    content = page.content.decode()
    assert content.index("Its own articles") < content.index("Articles that mention it")
    assert "Mar 2021: 1 article" in content  # its chart counts its own articles only


def test_a_countrys_page_opens_with_its_articles_and_their_chart(ann, client):
    from articles.models import Article

    for article in Article.objects.all():
        article.countries.add("NO")
    content = client.get("/countries/no/").content.decode()
    assert content.index('class="month-chart"') < content.index('id="articles"') < content.index("Ferry report")
    assert "Jan 2022: 1 article" in content and "/?country=NO&amp;from=2022-01-01&amp;to=2022-01-31" in content


def test_the_people_list_sorted_by_articles_shows_the_article_counts_it_sorts_by(ann, client):
    import re

    other = make_person("Bo Chen")
    appear(make_article("One more", source_file="more.txt"), other, "")
    content = client.get("/people/?sort=articles").content.decode()
    counts = [int(n) for n in re.findall(r"· (\d+) articles?, \d+ quotes?", content)]
    assert counts[:2] == [4, 1] and counts == sorted(counts, reverse=True)
