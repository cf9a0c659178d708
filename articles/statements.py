"""Hot queries of a fixed shape, built and compiled to SQL by the ORM once and run with each request's value.

Building a queryset and compiling it is Python work repeated on every request: the article page's "people
in common" query took 1.9 ms, 1.6 of them building and compiling it and 0.12 running it (timeit, SQLite, the
load test's archive). A statement is built once per database for a sample value, and run again with the
value put wherever the sample landed among its parameters. For queries of plain values (``values_list`` of
numbers and strings): rows come back as the database gives them, without the ORM's converters.
"""
from django.db import DEFAULT_DB_ALIAS, connections

SAMPLE = -7_654_321  # a value no row has: where it lands among the parameters, each request's goes


class Statement:
    def __init__(self, build):
        self._build = build  # value -> the QuerySet
        self._compiled = {}  # {(database alias, vendor): (sql, params with SAMPLE in them)}

    def rows(self, value, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._build(SAMPLE).query.get_compiler(using).as_sql()
        sql, params = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [value if param == SAMPLE else param for param in params])
            return cursor.fetchall()
