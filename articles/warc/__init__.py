"""WARC files (ISO 28500): reading untrusted web archives (``.warc``, ``.warc.gz``, ``.wacz``) and writing
the archive's own, and copying a capture's records out. Imports nothing of ``articles``: the ingest and the
capture both build on it."""
