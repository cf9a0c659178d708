import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article, Caption, Capture, CaptureFailure, CaptureRequisite, DuplicateSource, Feed, Job, Outlet, Provenance, Quote,
    SavedSearch, Story,
)

from articles.bench.pages import form_data

from .factories import appear, make_article, make_delegation, make_outlet, make_person, quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    outlet = make_outlet("Gazette", "PL")
    person = make_person("Ann Lee", "GB")
    article = make_article("A visit", publisher=outlet)
    appear(article, person, "reporter", outlet)
    quote(article, person, "Second paragraph.", paragraph=1, start=0, end=17)
    article.delegations.add(make_delegation("Tour"))
    Caption.objects.create(article=article, position=1, text="Reporters at work.", credit="A. Photographer")
    DuplicateSource.objects.create(article=article, collection=article.collection, source_file="copy-of-a-visit.txt")
    moment = timezone.now()
    capture = Capture.objects.create(article=article, requested_url="https://gazette.example/visit",
                           url="https://gazette.example/visit",
                           normalized_url="https://gazette.example/visit", status=200, content_hash="0" * 64,
                           captured_at=moment, last_checked=moment, warc_file="x.warc.gz", warc_offset=0,
                           warc_length=10, response_offset=0)
    CaptureRequisite.objects.create(capture=capture, url="https://gazette.example/site.css", kind="stylesheet",
                                    final_url="https://gazette.example/site.css", content_type="text/css",
                                    response_offset=0, response_length=10)
    Feed.objects.create(url="https://gazette.example/feed.xml")
    CaptureFailure.objects.create(url="https://gazette.example/visit-gone", normalized_url="https://gazette.example/"
                                  "visit-gone", status=410, reason="answered 410 Gone", failed_at=moment)
    Job.objects.create(kind="capture", payload={"addresses": ["https://gazette.example/visit"]})
    SavedSearch.objects.create(user=get_user_model().objects.create_user("reader"), name="Visits", query="q=visit")
    story = Story.objects.create(original=article)
    Article.objects.filter(pk__in=[article.pk, make_article("A visit, copied").pk]).update(story=story)
    article.refresh_from_db()
    return article


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "articles"]


def test_every_admin_page_opens(admin_client, archive):
    assert len(registered_models()) >= 9
    for model in registered_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        assert admin_client.get(changelist, {"q": "visit"}).status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        if model in (Capture, CaptureFailure, Job):  # what a server sent is not typed in: pages are queued by address
            assert admin_client.get(add).status_code == 403
            add = reverse("admin:articles_capture_add_by_address")
        if model is SavedSearch:  # a reader saves a search from its results
            assert admin_client.get(add).status_code == 403
        else:
            assert admin_client.get(add).status_code == 200, add
        obj = model._default_manager.first()
        assert obj is not None, model
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200, change


def test_a_captures_page_lists_what_it_was_kept_with(admin_client, archive):
    capture = Capture.objects.get()
    page = admin_client.get(reverse("admin:articles_capture_change", args=[capture.pk]))
    assert b"https://gazette.example/site.css" in page.content and b"text/css" in page.content


def test_article_changelist_filters(admin_client, archive):
    url = reverse("admin:articles_article_changelist")
    for params in ({"needs_review__exact": "0"}, {"year": "2024"}, {"countries__code__exact": "PL"}):
        assert admin_client.get(url, params).status_code == 200


def test_admin_requires_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_article_change_shows_raw_source_read_only(admin_client, archive):
    response = admin_client.get(reverse("admin:articles_article_change", args=[archive.pk]))
    assert b'class="raw-source"' in response.content
    assert b'name="raw_text"' not in response.content


def change_form_data(response):
    """The POST data a browser would send back for an admin change page, unchanged."""
    return form_data(response.content.decode())


def test_editing_a_title_marks_it_as_the_editors(admin_client, archive):
    url = reverse("admin:articles_article_change", args=[archive.pk])
    data = change_form_data(admin_client.get(url))
    data["title"] = "A corrected title"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    archive.refresh_from_db()
    assert archive.title == "A corrected title"
    assert archive.edited_fields == ["title"]
    assert archive.quotes.get().source == Provenance.EXTRACTED


def test_review_reasons_are_ticked_off_one_by_one(admin_client, archive):
    reasons = ["a quote has no speaker", "no headline in the file: title derived from the first sentence"]
    Article.objects.filter(pk=archive.pk).update(needs_review=True, review_reasons=reasons)
    url = reverse("admin:articles_article_change", args=[archive.pk])
    page = admin_client.get(url)
    assert page.content.decode().count('name="review_reasons" value=') == 2
    data = change_form_data(page)
    assert data["review_reasons"] == reasons  # each reason ticked as shown
    data["review_reasons"] = [reasons[1]]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    archive.refresh_from_db()
    assert archive.review_reasons == [reasons[1]] and "review_reasons" in archive.edited_fields


def test_editing_a_quote_makes_it_the_editors(admin_client, archive):
    said = Quote.objects.get(article=archive)
    other = make_person("Bo Chen")
    url = reverse("admin:articles_quote_change", args=[said.pk])
    response = admin_client.post(url, {
        "article": archive.pk, "speaker": other.pk, "text": said.text, "paragraph": 1, "start": 0, "end": 17,
    })
    assert response.status_code == 302
    said.refresh_from_db()
    assert said.speaker == other
    assert said.source == Provenance.EDITOR
    assert said.credited_by == "editor"


def test_a_quote_shows_the_pass_that_credited_it_read_only(admin_client, archive):
    said = Quote.objects.get(article=archive)
    Quote.objects.filter(pk=said.pk).update(credited_by="verb-after")
    url = reverse("admin:articles_quote_change", args=[said.pk])
    page = admin_client.get(url).content.decode()
    assert "verb-after" in page and 'name="credited_by"' not in page  # shown, not editable
    assert "How the speaker or body was found" in page
    assert "verb-after" in admin_client.get(reverse("admin:articles_quote_changelist")).content.decode()
    response = admin_client.post(url, {  # the text corrected, the speaker left: still the pass's credit
        "article": archive.pk, "speaker": said.speaker_id, "text": "Second paragraph, corrected.",
        "paragraph": 1, "start": 0, "end": 17, "credited_by": "editor",
    })
    assert response.status_code == 302
    said.refresh_from_db()
    assert said.source == Provenance.EDITOR and said.credited_by == "verb-after"


def test_a_speaker_corrected_in_the_articles_form_is_credited_to_the_editor(admin_client, archive):
    other = make_person("Bo Chen")
    url = reverse("admin:articles_article_change", args=[archive.pk])
    data = change_form_data(admin_client.get(url))
    data["quotes-0-speaker"] = str(other.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    said = archive.quotes.get()
    assert said.speaker == other and said.source == Provenance.EDITOR and said.credited_by == "editor"


def test_merge_action_asks_which_record_to_keep_then_merges(admin_client):
    keep = make_outlet("TV Asahi")
    dup = make_outlet("TV Asahi Corporation")
    url = reverse("admin:articles_outlet_changelist")
    selection = {"action": "merge_action", "_selected_action": [keep.pk, dup.pk]}
    confirm = admin_client.post(url, selection)
    assert confirm.status_code == 200
    assert b"Choose the record to keep" in confirm.content
    done = admin_client.post(url, {**selection, "confirm_merge": "yes", "merge_target": keep.pk})
    assert done.status_code == 302
    assert list(Outlet.objects.values_list("name", "aliases")) == [("TV Asahi", ["TV Asahi Corporation"])]


def test_delegation_articles_editable_from_the_delegation(admin_client, archive):
    delegation = make_delegation("Second Tour")
    url = reverse("admin:articles_delegation_change", args=[delegation.pk])
    response = admin_client.post(url, {
        "name": delegation.name, "slug": delegation.slug, "kind": "press_tour", "articles": [archive.pk],
        "aliases": "[]", "regions": "[]",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(Article.objects.in_delegation(delegation)) == [archive]
    delegation.refresh_from_db()
    assert "articles" in delegation.edited_fields


@pytest.mark.parametrize("admin_name", ["article", "outlet", "person", "delegation"])
def test_saving_one_field_marks_only_that_field_as_edited(admin_client, archive, admin_name):
    """As a browser sends it: every textarea back with CRLF line ends, one field really changed."""

    record = {"article": archive, "outlet": make_outlet("Harbour Daily", aliases=["HD"]),
              "person": make_person("Ann Lee", aliases=["A. Lee"]),
              "delegation": make_delegation("Harbour Tour", organiser="Port\nAuthority")}[admin_name]
    if admin_name == "article":
        Article.objects.filter(pk=archive.pk).update(body="First paragraph.\n\nSecond one.", dateline="Lagos")
    url = reverse(f"admin:articles_{admin_name}_change", args=[record.pk])
    data = change_form_data(admin_client.get(url))
    data = {key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()}
    field = "title" if admin_name == "article" else "name"
    data[field] = "A corrected " + field
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    record = type(record).objects.get(pk=record.pk)
    assert record.edited_fields == [field]
    if admin_name == "article":
        assert record.body == "First paragraph.\n\nSecond one."


def test_the_review_column_shows_the_flag_and_its_reason_not_a_red_cross(admin_client, archive):
    Article.objects.filter(pk=archive.pk).update(needs_review=True, review_reasons=["a quote has no speaker"])
    make_article("A fine article")
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Needs review</strong>: a quote has no speaker" in page
    assert page.count("Needs review</strong>") == 1 and "icon-no.svg" not in page
    flagged = admin_client.get(reverse("admin:articles_article_changelist"), {"needs_review__exact": "1"})
    assert list(flagged.context["cl"].result_list) == [Article.objects.get(pk=archive.pk)]


def test_the_change_form_shows_a_bounded_number_of_rows_and_links_to_the_rest(admin_client, archive):
    from articles.admin import INLINE_ROWS

    person = archive.quotes.first().speaker
    for number in range(60):
        quote(archive, person, f"Quote {number}.", paragraph=1, start=0, end=5)
    url = reverse("admin:articles_article_change", args=[archive.pk])
    page = admin_client.get(url).content.decode()
    assert page.count('name="quotes-') and f'name="quotes-{INLINE_ROWS}-id"' not in page
    assert f'name="quotes-{INLINE_ROWS - 1}-id"' in page
    more = reverse("admin:articles_quote_changelist") + f"?article__id__exact={archive.pk}"
    assert f'href="{more}"' in page and "of 61" in page
    assert admin_client.get(more).status_code == 200
    data = form_data(page)
    data["quotes-0-text"] = "An editor's correction."
    assert admin_client.post(url, {**data, "_save": "Save"}).status_code == 302
    assert archive.quotes.count() == 61  # the rows not shown were neither lost nor changed
    assert archive.quotes.filter(text="An editor's correction.").count() == 1
