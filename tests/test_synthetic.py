"""``load_synthetic`` stores the benchmark corpus chunk by chunk (memory flat at a million articles): every
article with its own outlets, countries, speakers, quotes and delegation, whatever the chunks' size."""
import io

from django.core.management import CommandError, call_command
import pytest

from articles.bench.synthetic import synthetic_documents
from articles.management.commands import load_synthetic
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_articles_stored_across_chunks_keep_their_own_records(monkeypatch):
    monkeypatch.setattr(load_synthetic, "CHUNK", 40)  # 250 articles: six full chunks and a part
    call_command("load_synthetic", articles=250, stdout=io.StringIO(), stderr=io.StringIO())
    documents = {f"synthetic-{d['id']}": d for d in synthetic_documents(250)}
    stored = Article.objects.prefetch_related("outlets", "countries", "delegations", "quotes__speaker")
    assert stored.count() == 250
    for article in stored:
        document = documents[article.slug]
        assert article.body == document["body"] and article.publisher.slug == document["publisher"]
        assert sorted(o.slug for o in article.outlets.all()) == document["outlet"].split(",")
        assert sorted(c.code for c in article.countries.all()) == document["country"].split(",")
        assert [d.slug for d in article.delegations.all()] == ([document["delegation"]] if document["delegation"] else [])
        assert sorted(q.text for q in article.quotes.all()) == sorted(t[:500] for t in document["_quotes"])
        speakers = {q.speaker.slug for q in article.quotes.all() if q.speaker}
        assert speakers <= set(filter(None, document["speaker"].split(",")))


def test_a_second_load_into_the_same_archive_is_refused():
    call_command("load_synthetic", articles=3, stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("load_synthetic", articles=3, stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.count() == 3
