"""The facet columns kept for the PostgreSQL backend, without a database: rows added in batches, a row
written again replacing its earlier position, and the counts of facets.py over them."""
import numpy as np

from articles.search.facets import count_facets, one_per_story
from articles.search.pgcolumns import SEPARATOR, TableColumns


def row(article_id, countries, year, published=0, language="", story=""):
    # article_id, country, outlet, delegation, speaker (each array's values joined), publisher, language, copy,
    # story, year, month, published: as pgcolumns reads the table
    return (article_id, SEPARATOR.join(countries), "", "", "", "", language, "copy" if story else "", story, year,
            year * 100 + 1 if year else 0, published)


def test_rows_written_again_replace_their_earlier_position():
    columns = TableColumns(version=0)
    columns.add([row(1, ["FR"], 2020, language="fr", story="4"), row(2, ["FR", "DE"], 2021, story="4"),
                 row(5, [], 0)], version=3)
    columns.add([row(2, ["PL"], 2022, language="pl"), row(9, ["FR"], 2020, language="fr", story="4")], version=7)
    assert columns.version == 7 and columns.doc_count == 5
    assert columns.positions_of([1, 2, 5, 9, 4, 1000]).tolist() == [0, 3, 2, 4, -1, -1]
    assert columns.live.tolist() == [True, False, True, True, True]
    facets = count_facets(columns, columns.live, {})
    assert dict(facets["country"]) == {"FR": 2, "PL": 1}
    assert dict(facets["year"]) == {"2020": 2, "2022": 1}
    assert facets["month"] == [("202001", 2), ("202201", 1)]
    assert dict(facets["language"]) == {"fr": 2, "pl": 1}
    picked = count_facets(columns, columns.live, {"country": ["PL"]})
    assert dict(picked["year"]) == {"2022": 1} and dict(picked["country"]) == {"FR": 2, "PL": 1}
    # articles 1 and 9 are one story (2 left it when written again): one of them stands for it
    assert dict(facets["copy"]) == {"copy": 2}
    rank = np.arange(columns.doc_count, dtype=float)
    shown, folded = one_per_story(columns, columns.live, rank)
    assert folded == 1 and shown.tolist() == [True, False, True, True, False]


def test_columns_are_worn_when_most_positions_are_dead():
    columns = TableColumns(version=0)
    columns.add([row(1, ["FR"], 2020)], version=1)
    for version in range(2, 4):
        columns.add([row(1, ["FR"], 2020)], version=version)
    assert columns.worn and np.flatnonzero(columns.live).tolist() == [2]
