"""The archive app: records of press coverage, their search index, and the pages that show them.

The layers and what each may import are in ARCHITECTURE.md (kept true by ``tests/test_architecture.py``).
"""
