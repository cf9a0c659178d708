"""Quotes as data: the quotes page's filters give the same quotes as a CSV or JSON download and a paged API,
one row per quote with its speaker, role, organisation, article and citation; each quote has a page of its
own; the articles' CSV counts an article's quotes and links their list instead of joining them in one cell."""
import csv
import io
import json

import pytest

from articles.models import Appearance, Quote

pytestmark = pytest.mark.django_db


def _drain(response):
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_one_row_per_quote_with_its_speaker_role_and_article(seeded, client):
    rows = _csv(_drain(client.get("/quotes/export.csv")))
    assert len(rows) == Quote.objects.count() > 5
    by_id = {int(row["id"]): row for row in rows}
    for quote in Quote.objects.select_related("speaker", "article", "article__publisher", "outlet"):
        row = by_id[quote.pk]
        assert row["text"] == quote.text
        assert row["speaker"] == (quote.speaker.name if quote.speaker else "")
        assert row["organisation"] == (quote.outlet.name if quote.outlet else "")
        assert row["article_title"] == quote.article.title
        assert row["article_url"].endswith(f"{quote.article.get_absolute_url()}#quote-{quote.pk}")
        assert row["url"] == f"http://testserver/quotes/{quote.pk}/"
        assert row["url"] in row["citation"] and quote.article.title in row["citation"]
        role = Appearance.objects.filter(article=quote.article, person=quote.speaker).values_list(
            "role", flat=True).first() if quote.speaker else ""
        assert row["role"] == (role or "")
    assert any(row["role"] for row in rows), "the seeds introduce some speakers with a role"


def test_the_downloads_and_the_api_keep_the_quote_lists_filters(seeded, client):
    speaker = Quote.objects.exclude(speaker=None).values_list("speaker__slug", flat=True).first()
    expected = set(Quote.objects.filter(speaker__slug=speaker).values_list("pk", flat=True))
    rows = _csv(_drain(client.get(f"/quotes/export.csv?speaker={speaker}")))
    assert {int(r["id"]) for r in rows} == expected
    data = json.loads(_drain(client.get(f"/quotes/export.json?speaker={speaker}")))
    assert data["complete"] and {q["id"] for q in data["quotes"]} == expected
    api = client.get(f"/api/quotes?speaker={speaker}").json()
    assert api["count"] == len(expected) and {q["id"] for q in api["quotes"]} == expected

    dated = Quote.objects.exclude(published=None).order_by("published").first()
    since = dated.published.isoformat()
    later = set(Quote.objects.filter(published__gte=dated.published).values_list("pk", flat=True))
    assert {q["id"] for q in json.loads(_drain(client.get(f"/quotes/export.json?since={since}")))["quotes"]} == later
    article = dated.article
    assert ({int(r["id"]) for r in _csv(_drain(client.get(f"/quotes/export.csv?article={article.slug}")))}
            == set(article.quotes.values_list("pk", flat=True)))
    bad = client.get("/api/quotes?since=yesterday")
    assert bad.status_code == 400 and "since" in bad.json()["fields"]
    assert client.get("/quotes/export.csv?until=31/12/2020").status_code == 400


def test_the_api_pages_through_every_quote(seeded, client, monkeypatch):
    from articles.web import quotes

    monkeypatch.setattr(quotes, "API_PAGE", 4)
    seen, address = [], "/api/quotes"
    while address:
        answer = client.get(address).json()
        seen += [q["id"] for q in answer["quotes"]]
        assert len(answer["quotes"]) <= 4
        address = answer["next"]
    assert sorted(seen) == sorted(Quote.objects.values_list("pk", flat=True)) and len(seen) == len(set(seen))
    assert client.get("/api/quotes?page=two").status_code == 400


def test_an_anonymous_download_is_limited_and_says_so(seeded, client, settings):
    settings.NEWSROOM_EXPORT_LIMIT = 3
    rows = list(csv.reader(io.StringIO(_drain(client.get("/quotes/export.csv")))))
    assert len(rows) == 1 + 3 + 1 and rows[-1][0].startswith("# export limited to the first 3 of")
    data = json.loads(_drain(client.get("/quotes/export.json")))
    assert data["limited"] and data["exported"] == 3 and data["count"] == Quote.objects.count()


def test_a_quote_has_a_page_with_its_paragraph_and_citation(seeded, client):
    quote = Quote.objects.exclude(speaker=None).select_related("speaker", "article").first()
    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    paragraph = quote.article.paragraphs()[quote.paragraph][1]
    assert quote.text[:40] in paragraph
    from django.utils.html import escape

    assert escape(quote.speaker.name) in page and escape(paragraph[:60]) in page
    assert f"{quote.speaker.name}, quoted in" in page and f"http://testserver/quotes/{quote.pk}/" in page
    assert f"#quote-{quote.pk}" in page
    assert client.get("/quotes/987654/").status_code == 404


def test_the_articles_csv_counts_quotes_and_links_their_list(seeded, client):
    rows = _csv(_drain(client.get("/export.csv")))
    assert rows and "quotes" not in rows[0]
    for row in rows:
        slug = row["url"].rstrip("/").rsplit("/", 1)[-1]
        count = Quote.objects.filter(article__slug=slug).count()
        assert int(row["quote_count"]) == count
        if count:
            listed = _csv(_drain(client.get(row["quotes_url"].replace("/quotes/?", "/quotes/export.csv?"))))
            assert len(listed) == count
        else:
            assert row["quotes_url"] == ""


def test_the_article_names_a_speaker_once_and_offers_editors_each_quotes_form(db, client):
    from django.contrib.auth import get_user_model

    from .factories import make_article, make_person, quote

    body = ('"The ferry will run all winter," said Ann Lee, the harbour master.\n\n'
            'Nobody else spoke.\n\n"We will check every timetable twice before the season opens."')
    article = make_article("Ferry runs all winter", body=body)
    lee = make_person("Ann Lee")
    named = quote(article, lee, "The ferry will run all winter,", paragraph=0, start=1, end=31)
    unnamed = quote(article, lee, "We will check every timetable twice before the season opens.", paragraph=2,
                    start=1, end=61)
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("— Ann Lee") == 1  # after the quote the prose does not attribute, not after "said Ann Lee"
    assert page.index(f'id="quote-{unnamed.pk}"') < page.index("— Ann Lee")
    assert "/admin/articles/quote/" not in page
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    page = client.get(article.get_absolute_url()).content.decode()
    for q in (named, unnamed):
        assert f"/admin/articles/quote/{q.pk}/change/" in page
    admin_page = client.get(f"/admin/articles/quote/{named.pk}/change/").content.decode()
    assert "newsroom/admin.css" in admin_page and "<title>" in admin_page and "newsroom" in admin_page
