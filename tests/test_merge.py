import json

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from articles.models import Appearance, MergedRecord, Outlet, Person, Quote
from articles.records.merge import merge_records

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


# What a merge leaves behind: old addresses and filter values lead to the record kept -------------------------
def merged_person(old="Yang Chen", kept="Chen Yang"):
    keep, duplicate = make_person(kept), make_person(old)
    slug, pk = duplicate.slug, duplicate.pk
    merge_records(keep, [duplicate])
    return keep, slug, pk


def test_a_merge_remembers_each_duplicate_and_the_record_it_became():
    keep = make_person("Chen Yang")
    first, second = make_person("Yang Chen"), make_person("C. Yang")
    first_pk, second_pk = first.pk, second.pk
    merge_records(keep, [first, second])
    assert sorted(MergedRecord.objects.values_list("kind", "old_slug", "old_pk", "old_name", "target_pk")) == [
        ("person", "c-yang", second_pk, "C. Yang", keep.pk),
        ("person", "yang-chen", first_pk, "Yang Chen", keep.pk),
    ]


@pytest.mark.parametrize("make, prefix", [(make_person, "people"), (make_outlet, "outlets"),
                                          (make_delegation, "delegations")])
def test_the_old_address_of_a_merged_record_moves_permanently_to_the_record_kept(client, make, prefix):
    keep, duplicate = make("Harbour Daily"), make("The Harbour Daily")
    merge_records(keep, [duplicate])
    response = client.get(f"/{prefix}/the-harbour-daily/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"/{prefix}/harbour-daily/?page=2"
    assert client.get(f"/{prefix}/never-was-here/").status_code == 404


def test_a_chain_of_merges_leads_the_first_address_to_the_last_record():
    a, b, c = make_person("Ann Lee"), make_person("A. Lee"), make_person("Anne Lee")
    merge_records(b, [a])
    merge_records(c, [b])
    assert dict(MergedRecord.objects.values_list("old_slug", "target_pk")) == {"ann-lee": c.pk, "a-lee": c.pk}
    client = Client()
    response = client.get("/people/ann-lee/")
    assert (response.status_code, response["Location"]) == (301, "/people/anne-lee/")


def test_a_slug_taken_again_by_a_new_record_shows_the_new_record(client):
    merged_person()
    again = make_person("Yang Chen")
    assert again.slug == "yang-chen"
    response = client.get("/people/yang-chen/")
    assert response.status_code == 200 and response.context["person"] == again
    quote(make_article("Words"), again, "Said by the new record.")
    quotes = client.get("/quotes/", {"speaker": "yang-chen"})
    assert [q.text for q in quotes.context["page"]] == ["Said by the new record."]
    assert "was merged into" not in quotes.content.decode()


@pytest.fixture
def merged_speaker(django_capture_on_commit_callbacks):
    """Two articles, one quoting a person since merged into another: indexed as they are after the merge."""
    with django_capture_on_commit_callbacks(execute=True):
        keep, duplicate = make_person("Chen Yang"), make_person("Yang Chen")
        quoted = make_article("The port opens")
        quote(quoted, duplicate, "The port opens today.")
        make_article("Nobody quoted")
    with django_capture_on_commit_callbacks(execute=True):
        merge_records(keep, [duplicate])
    return keep, quoted


def test_the_search_page_filters_an_old_speaker_slug_as_the_record_it_became(client, merged_speaker):
    keep, quoted = merged_speaker
    response = client.get("/", {"speaker": "yang-chen"})
    assert response.status_code == 200
    result = response.context["result"]
    assert [article.pk for article in result.articles] == [quoted.pk]
    assert result.notices == ["Yang Chen was merged into Chen Yang."]
    assert "Ignored" not in response.content.decode()
    assert [(chip.label, chip.url) for chip in response.context["chips"]] == [("Chen Yang", "?")]


def test_the_api_filters_an_old_speaker_slug_as_the_record_it_became(client, merged_speaker):
    keep, quoted = merged_speaker
    response = client.get("/api/search", {"speaker": "yang-chen"})
    assert response.status_code == 200
    answer = response.json()
    assert [result["slug"] for result in answer["results"]] == [quoted.slug]
    assert answer["notices"] == ["Yang Chen was merged into Chen Yang."]
    assert [(b["value"], b["selected"], b["url"]) for b in answer["facets"]["speaker"]] == [("chen-yang", True, "?")]


def test_exports_filter_an_old_speaker_slug_as_the_record_it_became(client, merged_speaker):
    keep, quoted = merged_speaker
    response = client.get("/export.json", {"speaker": "yang-chen"})
    assert response.status_code == 200
    assert [row["slug"] for row in json.loads(b"".join(response.streaming_content))["articles"]] == [quoted.slug]


def test_the_quotes_page_lists_the_quotes_of_the_record_an_old_slug_became(client):
    keep, old_slug, _ = merged_person()
    quote(make_article("Words"), keep, "Said by the record kept.")
    response = client.get("/quotes/", {"speaker": old_slug})
    assert [q.text for q in response.context["page"]] == ["Said by the record kept."]
    assert response.context["linked"][0][1] == keep
    assert "Yang Chen was merged into Chen Yang." in response.content.decode()


def test_record_lists_filter_an_old_outlet_slug_as_the_outlet_it_became(client):
    keep, duplicate = make_outlet("TV Asahi"), make_outlet("TV Asahi Corporation")
    reporter = make_person("Ken Sato")
    appear(make_article("Report"), reporter, "reporter", duplicate)
    make_person("Someone Else")
    merge_records(keep, [duplicate])
    response = client.get("/people/", {"outlet": "tv-asahi-corporation"})
    assert list(response.context["page"]) == [reporter]
    assert "TV Asahi Corporation was merged into TV Asahi." in response.content.decode()


# The admin's merge action -------------------------------------------------------------------------------------
def merge_in_admin(client, keep, duplicate):
    url = reverse("admin:articles_person_changelist")
    return client.post(url, {"action": "merge_action", "_selected_action": [keep.pk, duplicate.pk],
                             "confirm_merge": "yes", "merge_target": keep.pk})


def test_the_history_of_the_record_kept_lists_the_merge(admin_client):
    keep, duplicate = make_person("Chen Yang"), make_person("Yang Chen")
    assert merge_in_admin(admin_client, keep, duplicate).status_code == 302
    history = admin_client.get(reverse("admin:articles_person_history", args=[keep.pk]))
    assert f"Merged “Yang Chen” (#{duplicate.pk}) into this record." in history.content.decode()
    person_type = ContentType.objects.get_for_model(Person)
    assert list(LogEntry.objects.filter(content_type=person_type).order_by("pk").values_list(
        "object_id", "action_flag", "change_message")) == [
        (str(keep.pk), CHANGE, f"Merged “Yang Chen” (#{duplicate.pk}) into this record."),
        (str(duplicate.pk), DELETION, f"Merged into “Chen Yang” (#{keep.pk})."),
    ]


def test_an_editor_without_the_delete_permission_cannot_merge(client):
    clerk = get_user_model().objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["view_person", "change_person"]))
    client.force_login(clerk)
    keep, duplicate = make_person("Chen Yang"), make_person("Yang Chen")
    merge_in_admin(client, keep, duplicate)
    assert Person.objects.count() == 2
    assert not MergedRecord.objects.exists() and not LogEntry.objects.exists()
    assert client.get("/people/yang-chen/").status_code == 200
