"""Bylines: an article's authors are stored as its people with the role "author" (text and saved pages)."""
import pytest

from articles.ingest import run
from articles.ingest.extraction.bylines import authors_of
from articles.models import Appearance

STORY = """Ferry Operator Adds Winter Crossings

By Jane Doe and John Roe

The ferry operator will add two winter crossings to its timetable from December, the company said.

"Demand has grown every month," said Tom Brown, its operations director.
"""
PAGE = """<html><head><title>Port tariffs cut</title><meta name="author" content="Ann Lee"></head><body><article>
<h1>Port tariffs cut</h1><p>The port authority cut its tariffs for container ships on Monday, officials said.</p>
<p>"This keeps us competitive," said Ravi Patel, the authority's chairman, at a briefing in the harbour.</p>
</article></body></html>"""


@pytest.mark.parametrize("byline, names", [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe, Staff Reporter", ["Jane Doe"]),
    ("By ANN LEE | The Harbour Courier", ["Ann Lee"]),
    ("Reuters", []),
    ("Xinhua News Agency", []),
])
def test_a_byline_names_its_people_not_its_desk_or_outlet(byline, names):
    assert authors_of(byline) == names


def test_authors_are_stored_as_the_articles_people_with_their_role(tmp_path, db, django_capture_on_commit_callbacks):
    (tmp_path / "ferry.txt").write_text(STORY)
    (tmp_path / "tariffs.html").write_text(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        assert run([str(tmp_path)]).created == 2
    authors = sorted(Appearance.objects.filter(role="author").values_list("person__name", flat=True))
    assert authors == ["Ann Lee", "Jane Doe", "John Roe"]
    assert Appearance.objects.get(person__name="Tom Brown").role != "author"
