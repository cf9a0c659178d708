import pytest

from articles.merge import merge_records
from articles.models import Appearance, Outlet, Person, Quote

from .factories import appear, make_article, make_delegation, make_outlet, make_person, quote

pytestmark = pytest.mark.django_db


def test_merging_outlets_moves_every_relation_and_keeps_names():
    keep = make_outlet("TV Asahi", "JP")
    dup = make_outlet("TV Asahi Corporation", abbreviation="TVA", aliases=["Asahi TV"])
    child = make_outlet("Asahi Regional", parent=dup)
    person = make_person("Ken Sato")
    mentioned = make_article("Mentioned")
    mentioned.outlets.add(dup)
    published = make_article("Published", publisher=dup)
    appearance = appear(published, person, "bureau chief", dup)
    said = quote(published, person, "Hello.", outlet=dup)
    delegation = make_delegation("Tour")
    delegation.outlets.add(dup)

    assert merge_records(keep, [dup]) == 1

    keep.refresh_from_db()
    assert not Outlet.objects.filter(pk=dup.pk).exists()
    assert keep.aliases == ["TV Asahi Corporation", "Asahi TV"]
    assert keep.abbreviation == "TVA"
    assert list(keep.articles.all()) == [mentioned]
    assert list(keep.published_articles.all()) == [published]
    assert Appearance.objects.get(pk=appearance.pk).outlet == keep
    assert Quote.objects.get(pk=said.pk).outlet == keep
    assert list(keep.delegations.all()) == [delegation]
    child.refresh_from_db()
    assert child.parent == keep


def test_merging_people_in_the_same_article_keeps_one_appearance():
    keep = make_person("Chen Yang")
    dup = make_person("Yang Chen")
    article = make_article("Both")
    appear(article, keep, "reporter")
    appear(article, dup, "reporter")
    quote(article, dup, "Words.")
    merge_records(keep, [dup])
    assert Appearance.objects.filter(article=article).count() == 1
    assert list(Person.objects.get(pk=keep.pk).quotes.values_list("text", flat=True)) == ["Words."]
    assert Person.objects.get(pk=keep.pk).aliases == ["Yang Chen"]
