"""Words found in their other forms and spellings, per language: Arabic letters written several ways are one
word, and French, Spanish, Portuguese, German and Italian articles are stemmed by their own language's Snowball
stemmer as well as English's, while English articles and their ranking stay exactly as they were."""
import pytest

from articles.models import Article
from articles.search.backend import SearchRequest, get_backend

pytestmark = pytest.mark.django_db


def ranked(q):
    results = get_backend().search(SearchRequest(q=q, filters={}, sort=""))
    return [(Article.objects.get(pk=hit.article_id).source_file, round(hit.score, 4)) for hit in results[:10]]


def test_english_queries_rank_the_seed_articles_with_the_same_scores_as_before(seeded):
    """Recorded from the index before other languages had their own stems."""
    assert ranked("Chongqing media") == [
        ("001_5b76ce93ddb35d08.txt", 7.023), ("004_6ca0788aa5ce031d.txt", 5.6269),
        ("000_82a1c81353b0f00f.txt", 4.3763), ("002_6e5a7fd080207925.txt", 2.7765)]
    assert ranked("journalists delegation") == [
        ("000_82a1c81353b0f00f.txt", 6.0055), ("004_6ca0788aa5ce031d.txt", 5.5601),
        ("001_5b76ce93ddb35d08.txt", 3.3373)]
    assert ranked("city") == [
        ("003_498a83853ed8e735.txt", 2.0072), ("004_6ca0788aa5ce031d.txt", 1.6434),
        ("000_82a1c81353b0f00f.txt", 0.4253), ("002_6e5a7fd080207925.txt", 0.4042)]
