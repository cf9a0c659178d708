import datetime

import pytest

from articles.models import Article, Country, Delegation, Outlet

from .factories import appear, make_article, make_delegation, make_outlet, make_person, quote

pytestmark = pytest.mark.django_db


def test_countries_come_from_iso_3166():
    assert Country.objects.count() >= 249
    assert Country.objects.get(code="BY").name == "Belarus"
    assert Country.objects.get(code="KZ").name == "Kazakhstan"


def test_slugs_are_unique_and_derived_from_names():
    first = make_article("Journalists visit the city")
    second = make_article("Journalists visit the city", source_file="other.txt")
    assert first.slug == "journalists-visit-the-city"
    assert second.slug == "journalists-visit-the-city-2"
    assert make_outlet("Daily Planet").slug == "daily-planet"


def test_slug_of_a_non_latin_title_is_never_empty():
    article = make_article("重庆", source_file="cq.txt")
    assert article.slug


def test_names_and_titles_in_other_scripts_get_their_own_readable_slugs():
    """Romanised, so two names in Cyrillic do not share one base and count up from "item"."""
    assert make_person("Сергей Лавров").slug == "sergey-lavrov"
    assert make_person("Мария Захарова").slug == "mariya-zakharova"
    assert make_article("重庆火锅节", source_file="cq.txt").slug == "zhong-qing-huo-guo-jie"
    assert make_outlet("الأهرام").slug == "lhrm"
    assert make_person("Sergey Lavrov").slug == "sergey-lavrov-2"


def test_absolute_urls_name_each_record():
    article = make_article("On the road")
    assert article.get_absolute_url() == "/articles/on-the-road/"
    assert Country.objects.get(code="PL").get_absolute_url() == "/countries/pl/"
    assert make_outlet("Gazette").get_absolute_url() == "/outlets/gazette/"
    assert make_person("Ann Lee").get_absolute_url() == "/people/ann-lee/"
    assert make_delegation("Spring Tour").get_absolute_url() == "/delegations/spring-tour/"


def test_published_and_newest_first():
    old = make_article("Old", published=datetime.date(2020, 1, 1))
    new = make_article("New", published=datetime.date(2024, 1, 1))
    undated = make_article("Undated")
    assert set(Article.objects.published()) == {old, new}
    assert list(Article.objects.newest_first()) == [new, old, undated]


def test_for_country_and_for_outlet():
    outlet = make_outlet("Gazette", "PL")
    mentioned = make_article("Mentioned")
    mentioned.outlets.add(outlet)
    mentioned.countries.add("PL")
    published = make_article("Published", publisher=outlet)
    make_article("Unrelated")
    assert list(Article.objects.for_country("pl")) == [mentioned]
    assert set(Article.objects.for_outlet(outlet)) == {mentioned, published}


def test_in_delegation_and_quoting():
    delegation = make_delegation("Autumn Tour")
    person = make_person("Ann Lee")
    covered = make_article("Covered")
    covered.delegations.add(delegation)
    quote(covered, person, "It was remarkable.")
    quote(covered, person, "Truly.")
    make_article("Other")
    assert list(Article.objects.in_delegation(delegation)) == [covered]
    assert list(Article.objects.quoting(person)) == [covered]
    assert list(Delegation.objects.for_country("PL")) == []


def test_appearance_keeps_role_as_stated_in_each_article():
    person = make_person("Ann Lee", "GB")
    outlet = make_outlet("Gazette", "GB")
    first, second = make_article("One"), make_article("Two")
    appear(first, person, "reporter", outlet)
    appear(second, person, "editor-in-chief", outlet)
    assert sorted(person.appearances.values_list("role", flat=True)) == ["editor-in-chief", "reporter"]
    assert set(person.articles.all()) == {first, second}


def test_apply_extracted_keeps_editor_fields():
    outlet = make_outlet("Gazette", abbreviation="GZ")
    outlet.mark_edited(["abbreviation"])
    kept = outlet.apply_extracted(abbreviation="GAZ", kind=Outlet.Kind.NEWSPAPER)
    assert kept == 1
    assert outlet.abbreviation == "GZ"
    assert outlet.kind == Outlet.Kind.NEWSPAPER


def test_paragraphs_split_headings_from_text():
    article = make_article("Structured", body="Intro.\n\n## A heading\n\nMore text.")
    assert article.paragraphs() == [("paragraph", "Intro."), ("heading", "A heading"), ("paragraph", "More text.")]


def test_quotes_carry_their_articles_date_for_the_newest_first_list(client):
    lee = make_person("Ann Lee", "GB")
    older = make_article("Older visit", published=datetime.date(2020, 5, 1))
    newer = make_article("Newer visit", published=datetime.date(2023, 5, 1))
    quote(older, lee, "Spoken in the older article.")
    quote(newer, lee, "Spoken in the newer article.")
    assert [q.published for q in older.quotes.all()] == [datetime.date(2020, 5, 1)]
    page = client.get("/quotes/").content.decode()
    assert page.index("in the newer article") < page.index("in the older article")

    older.published = datetime.date(2024, 1, 1)  # an editor corrects the date: its quotes move with it
    older.save()
    assert [q.published for q in older.quotes.all()] == [datetime.date(2024, 1, 1)]
    page = client.get("/quotes/").content.decode()
    assert page.index("in the older article") < page.index("in the newer article")
    older.published = None
    older.save()
    assert [q.published for q in older.quotes.all()] == [None]
