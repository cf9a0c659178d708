"""Benchmarks and the corpora they read: the Wikinews collection, synthetic articles at any size, the
relevance judgments and the page budgets. Used by the ``bench_*`` commands and the tests, never by a page."""
