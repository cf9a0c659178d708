"""Every page stays under its size budget on a synthetic archive large enough to show growth (bench_pages
measures the same pages at 100,000 articles)."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.bench.pages import BUDGET_BYTES, form_data, measure
from articles.models import Article, Person, Quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic_archive(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("load_synthetic", articles=1500, stdout=None)
    call_command("rebuild_index", stdout=None)
    assert Person.objects.count() > 1000 and Quote.objects.count() == 3000  # facets and lists that could grow
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a long test password")


def test_every_page_is_under_its_budget_and_the_admin_saves(synthetic_archive):
    figures = measure(synthetic_archive, rounds=1)
    assert set(BUDGET_BYTES) <= set(figures)
    over = {page: f["bytes"] for page, f in figures.items() if f["budget_bytes"] and f["bytes"] > f["budget_bytes"]}
    assert over == {}
    assert figures["search_kept"]["bytes"] == figures["search"]["bytes"]  # the same page, kept
    article = Article.objects.filter(title__contains="[edit 0]").get()  # the measured save went through
    assert "title" in article.edited_fields


def test_the_admin_form_round_trip_keeps_every_relation(synthetic_archive, client):
    client.force_login(synthetic_archive)
    article = Article.objects.filter(quotes__isnull=False, outlets__isnull=False).first()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url).content.decode())
    before = (set(article.outlets.all()), set(article.countries.all()), article.quotes.count())
    assert client.post(url, {**data, "_save": "Save"}).status_code == 302
    article.refresh_from_db()
    assert (set(article.outlets.all()), set(article.countries.all()), article.quotes.count()) == before
    assert article.edited_fields == []  # nothing changed, nothing marked as edited
