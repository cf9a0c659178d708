"""Search quality on the judged query set (corpus/relevance/judgments.json), on a real index."""
import json

import pytest
from django.core.management import call_command
from django.db import connection

from articles.bench.relevance import load_judgments, measure, ndcg, recall


def test_ndcg_and_recall_follow_their_definitions():
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert ndcg(["c", "b", "a"], grades) < ndcg(["a", "c", "b"], grades) < 1.0
    assert ndcg(["x", "y"], grades) == 0.0
    assert ndcg(["x", "a"], {"a": 1}) == pytest.approx(1 / 1.5849625, rel=1e-6)  # one rank down: 1/log2(3)
    assert recall(["a", "x", "c"], grades) == pytest.approx(2 / 3)
    assert recall(["a"] + ["x"] * 30 + ["b"], grades, depth=20) == pytest.approx(1 / 3)


def test_the_judged_set_is_large_and_varied_enough():
    queries = load_judgments()
    assert len(queries) >= 40
    kinds = {kind for _, kind, _ in queries}
    assert {"name", "place", "event", "phrase", "misspelling", "quote"} <= kinds
    assert all(grades and all(1 <= g <= 3 for g in grades.values()) for _, _, grades in queries)


def test_a_malformed_judgments_file_is_named(tmp_path):
    bad = tmp_path / "judgments.json"
    bad.write_text(json.dumps({"queries": [{"query": "x"}]}))
    with pytest.raises(ValueError, match="judgments.json"):
        load_judgments(bad)


@pytest.mark.django_db
def test_whoosh_ranks_at_least_as_well_as_fts5_and_nothing_stays(tmp_path):
    from articles.models import Article

    before = Article.objects.count()
    scores = measure(load_judgments(), tmp_path, progress=lambda message: None)
    assert Article.objects.count() == before  # measured inside a transaction that was rolled back
    assert scores["whoosh"]["ndcg@10"] >= scores["fts5"]["ndcg@10"]
    assert scores["whoosh"]["ndcg@10"] > 0.85 and scores["whoosh"]["recall@20"] > 0.8
    # a quote fragment with stop words in it ("… the bill") is found, not required in a name field
    assert scores["whoosh"]["by_kind"]["quote"] > 0.8
    if connection.vendor == "postgresql":
        assert scores["postgres"]["ndcg@10"] > 0.7


@pytest.mark.django_db
def test_the_command_refuses_an_unreadable_judgments_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a judgments file"):
        call_command("bench_relevance", judgments=str(tmp_path / "missing.json"))
