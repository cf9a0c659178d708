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
    """A query of one value (``build(value)`` makes its QuerySet)."""

    def __init__(self, build):
        self._build = build
        self._compiled = {}  # {(database alias, vendor): (sql, params with the samples in them)}

    def _samples(self):
        return SAMPLE

    def _values(self, value):
        return {SAMPLE: value}

    def rows(self, value, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._build(self._samples()).query.get_compiler(using).as_sql()
        sql, params = compiled
        values = self._values(value)
        with connection.cursor() as cursor:
            cursor.execute(sql, [values.get(param, param) if isinstance(param, int) else param for param in params])
            return cursor.fetchall()


class ListStatement(Statement):
    """A query of a list of up to ``size`` values (an ``__in`` lookup): compiled for ``size`` samples, the
    list's values put in their places and the rest left as samples, which match nothing. A longer list is
    compiled as it comes."""

    def __init__(self, build, size):
        super().__init__(build)
        self._size = size

    def _samples(self):
        return [SAMPLE - number for number in range(self._size)]

    def _values(self, values):
        return dict(zip(self._samples(), values))

    def rows(self, values, using=DEFAULT_DB_ALIAS):
        values = list(values)
        if len(values) > self._size:
            return list(self._build(values).using(using))
        return super().rows(values, using)
