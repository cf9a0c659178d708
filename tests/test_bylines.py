"""Bylines: an article's authors are stored as its people with the role "author" (text, saved and captured
pages): from the text's byline and from the page's markup (JSON-LD, meta tags)."""
import json

import pytest

from articles.capture import capture_urls
from articles.capture.localsite import LocalSite, Page
from articles.ingest import run
from articles.ingest.extraction.bylines import authors_of
from articles.models import Appearance, Article, Capture, Person

STORY = """Ferry Operator Adds Winter Crossings

By Jane Doe and John Roe

The ferry operator will add two winter crossings to its timetable from December, the company said.

"Demand has grown every month," said Tom Brown, its operations director.
"""
PAGE = """<html><head><title>Port tariffs cut</title><meta name="author" content="Ann Lee"></head><body><article>
<h1>Port tariffs cut</h1><p>The port authority cut its tariffs for container ships on Monday, officials said.</p>
<p>"This keeps us competitive," said Ravi Patel, the authority's chairman, at a briefing in the harbour.</p>
</article></body></html>"""


@pytest.mark.parametrize("byline, names", [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe, Staff Reporter", ["Jane Doe"]),
    ("By ANN LEE | The Harbour Courier", ["Ann Lee"]),
    ("Reuters", []),
    ("Xinhua News Agency", []),
    ("Émilie Dupont; Łukasz Nowak", ["Émilie Dupont", "Łukasz Nowak"]),
    ("alex smith", ["Alex Smith"]),
    ("Ludwig van Beethoven, Ann B. Lee", ["Ludwig van Beethoven", "Ann B. Lee"]),
])
def test_a_byline_names_its_people_not_its_desk_or_outlet(byline, names):
    assert authors_of(byline) == names


def test_authors_are_stored_as_the_articles_people_with_their_role(tmp_path, db, django_capture_on_commit_callbacks):
    (tmp_path / "ferry.txt").write_text(STORY)
    (tmp_path / "tariffs.html").write_text(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        assert run([str(tmp_path)]).created == 2
    authors = sorted(Appearance.objects.filter(role="author").values_list("person__name", flat=True))
    assert authors == ["Ann Lee", "Jane Doe", "John Roe"]
    assert Appearance.objects.get(person__name="Tom Brown").role != "author"


def page_crediting(head, title="Port tariffs cut"):
    """A saved page whose markup (``head``) says who wrote it; its text names no author."""
    return (f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
            "<p>The port authority cut its tariffs for container ships on Monday, officials said.</p>"
            "<p>\u201cThis keeps us competitive,\u201d said Ravi Patel, the authority's chairman, at a briefing in "
            "the harbour.</p></article></body></html>")


def json_ld(data):
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


NEWS = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Port tariffs cut"}


@pytest.mark.parametrize("head, people, agency", [
    (json_ld({**NEWS, "author": {"@type": "Person", "name": "Ann Lee"}}), ["Ann Lee"], None),
    (json_ld({**NEWS, "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Tom Roe"}]}),
     ["Ann Lee", "Tom Roe"], None),
    (json_ld({**NEWS, "author": "Ann Lee"}), ["Ann Lee"], None),
    (json_ld({**NEWS, "author": {"@type": "Person", "givenName": "Émilie", "familyName": "Dupont"}}),
     ["Émilie Dupont"], None),
    # a context other than the bare schema.org address, an article inside its WebPage, a Person by reference
    (json_ld({"@context": {"@vocab": "https://schema.org/"}, "@type": "WebPage",
              "mainEntity": {"@type": "ReportageNewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}}}),
     ["Ann Lee"], None),
    (json_ld({"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "author": [{"@id": "#ann"}]}, {"@type": "Person", "@id": "#ann", "name": "Ann Lee"}]}),
     ["Ann Lee"], None),
    ('<meta name="author" content="Ann Lee">', ["Ann Lee"], None),
    # wrapped in CDATA, with a line break inside a string
    ('<script type="application/ld+json">//<![CDATA[\n{"@type": "NewsArticle", "author": {"name": "Ann\n Lee"}}\n'
     '//]]></script>', ["Ann Lee"], None),
    ('<meta property="article:author" content="Ann Lee">'
     '<meta property="article:author" content="https://www.facebook.com/ann.lee">', ["Ann Lee"], None),
    (json_ld({**NEWS, "author": [{"@type": "Person", "name": "Ann Lee"},
                                 {"@type": "NewsMediaOrganization", "name": "Reuters"}]}), ["Ann Lee"], "Reuters"),
    (json_ld({**NEWS, "author": {"@type": "Organization", "name": "BBC News"}}), [], "BBC News"),
    ('<meta name="author" content="Reuters">', [], None),
])
def test_a_pages_json_ld_and_meta_authors_are_its_author_people_and_an_organisation_is_no_person(
        tmp_path, db, head, people, agency):
    (tmp_path / "tariffs.html").write_text(page_crediting(head))
    assert run([str(tmp_path)]).created == 1, head
    article = Article.objects.get()
    assert list(article.appearances.filter(role="author").order_by("pk").values_list("person__name", flat=True)) \
        == people
    assert not Person.objects.filter(name__in=["Reuters", "BBC News"]).exists()
    assert (article.distributor.name if article.distributor else None) == agency


def test_the_markups_authors_and_the_texts_byline_are_all_authors(tmp_path, db):
    page = page_crediting(json_ld({**NEWS, "author": {"@type": "Person", "name": "Ann Lee"}})).replace(
        "<h1>Port tariffs cut</h1>", "<h1>Port tariffs cut</h1><p>By Ann Lee and Tom Roe</p>")
    (tmp_path / "tariffs.html").write_text(page)
    run([str(tmp_path)])
    assert sorted(Appearance.objects.filter(role="author").values_list("person__name", flat=True)) == [
        "Ann Lee", "Tom Roe"]


@pytest.mark.django_db(transaction=True)
def test_a_captured_pages_json_ld_authors_are_stored_as_its_author_people(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = 0
    head = json_ld([{**NEWS, "author": [{"@type": "Person", "name": "Ann Lee"}, "Tom Roe",
                                        {"@type": "Organization", "name": "Reuters"}]}])
    with LocalSite({"/robots.txt": Page(b"", content_type="text/plain"),
                    "/news/tariffs": Page(page_crediting(head).encode())}) as site:
        report = capture_urls([f"{site.url}/news/tariffs"])
    assert report.captured == 1, report.errors
    article = Capture.objects.get().article
    assert list(article.appearances.filter(role="author").order_by("pk").values_list("person__name", flat=True)) \
        == ["Ann Lee", "Tom Roe"]
    assert article.distributor.name == "Reuters" and not Person.objects.filter(name="Reuters").exists()


def test_hostile_json_ld_is_skipped_and_the_pages_other_authors_still_read():
    from articles.ingest.html import parse_page
    from articles.ingest.pagemeta import page_credits

    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    long = json_ld({**NEWS, "author": "Tom Roe", "padding": "x" * 300_000})
    wide = json_ld([{"@type": "Thing"}] * 20_000 + [{**NEWS, "author": "Tom Roe"}])
    root = parse_page(page_crediting(deep + long + wide + '<meta name="author" content="Ann Lee">'))
    assert page_credits(root) == (["Ann Lee"], [])
