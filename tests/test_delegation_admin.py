"""Editors merge delegations that are one visit, and split a delegation that joined reports of several."""
from datetime import date

from django.urls import reverse
import pytest

from articles.models import Delegation, MergedRecord

from .factories import appear, make_article, make_delegation, make_outlet, make_person

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_delegation_changelist"


def test_delegations_are_merged_like_outlets_and_people(admin_client):
    keep, duplicate = make_delegation("Media tour to Harbin"), make_delegation("Harbin media tour")
    make_article("One report").delegations.add(duplicate)
    selection = {"action": "merge_action", "_selected_action": [keep.pk, duplicate.pk]}
    confirm = admin_client.post(reverse(CHANGELIST), selection)
    assert b"Choose the record to keep" in confirm.content
    done = admin_client.post(reverse(CHANGELIST), {**selection, "confirm_merge": "yes", "merge_target": keep.pk})
    assert done.status_code == 302
    assert list(Delegation.objects.values_list("name", flat=True)) == ["Media tour to Harbin"]
    assert keep.articles.get().title == "One report"
    assert MergedRecord.objects.get().old_slug == duplicate.slug


def test_a_delegation_is_split_into_one_per_article(admin_client):
    herald, planet = make_outlet("Herald"), make_outlet("Planet")
    ann, bob = make_person("Ann Lee"), make_person("Bob Roe")
    tour = make_delegation("Tour of Riga", kind="business", host_city="Riga", host_country_id="LV",
                           start=date(2025, 3, 3), itinerary=["Freeport of Riga"])
    tour.countries.set(["UZ"])
    tour.people.set([ann, bob])
    tour.outlets.set([herald, planet])
    first = make_article("First report", published=date(2025, 3, 4), publisher=herald)
    second = make_article("Second report", published=date(2025, 3, 9), publisher=planet)
    appear(first, ann)
    appear(second, bob)
    tour.articles.set([first, second])
    response = admin_client.post(reverse(CHANGELIST), {"action": "split_per_article", "_selected_action": [tour.pk]})
    assert response.status_code == 302
    tour.refresh_from_db()
    part = Delegation.objects.exclude(pk=tour.pk).get()
    assert part.name == "Tour of Riga (Second report)"
    assert list(tour.articles.all()) == [first] and list(part.articles.all()) == [second]
    assert (part.kind, part.host_city, part.host_country_id, part.start, part.itinerary) == (
        "business", "Riga", "LV", date(2025, 3, 3), ["Freeport of Riga"])
    assert list(part.countries.values_list("code", flat=True)) == ["UZ"]
    assert list(part.people.all()) == [bob] and list(part.outlets.all()) == [planet]
    assert "articles" in tour.edited_fields and "articles" in part.edited_fields
    admin_client.post(reverse(CHANGELIST), {"action": "split_per_article", "_selected_action": [part.pk]})
    assert Delegation.objects.count() == 2
