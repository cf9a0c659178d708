"""Statements compiled once by the ORM give the ORM's own rows for every value (articles/kernel/statements.py)."""
from django.db.models import Count

from articles.kernel.statements import Statement
from articles.models import Article
from articles.web.searchpage import _people_in_common

from .factories import appear, make_article, make_person


def test_a_statement_answers_as_its_queryset_for_each_value(db):
    ann, bo, cy = make_person("Ann Lee"), make_person("Bo Chen"), make_person("Cy Diaz")
    articles = [make_article(f"Story {n}", source_file=f"{n}.txt") for n in range(4)]
    for article, people in zip(articles, [(ann, bo, cy), (ann, bo), (bo, cy), (cy,)]):
        for person in people:
            appear(article, person)

    def people_counted(pk):
        return (Article.objects.filter(appearances__person_id=pk).annotate(n=Count("appearances"))
                .order_by("pk").values_list("pk", "title", "n"))

    statement, in_common = Statement(people_counted), Statement(_people_in_common)
    for person in (ann, bo, cy, ann):
        assert statement.rows(person.pk) == list(people_counted(person.pk))
    for article in articles:
        assert in_common.rows(article.pk) == list(_people_in_common(article.pk))
    assert sorted(in_common.rows(articles[0].pk)) == [(articles[1].pk, 2), (articles[2].pk, 2)]


def test_a_list_statement_answers_as_its_queryset_for_short_full_and_long_lists(db):
    from articles.kernel.statements import ListStatement

    articles = [make_article(f"Story {n}", source_file=f"{n}.txt") for n in range(7)]
    ids = [article.pk for article in articles]

    def titles(values):
        return Article.objects.filter(pk__in=values).order_by("-pk").values_list("pk", "title")

    statement = ListStatement(titles, 4)
    for values in ([], ids[:1], ids[2:6], ids[:4], ids):  # the last is longer than the statement's size
        assert statement.rows(values) == list(titles(values))
