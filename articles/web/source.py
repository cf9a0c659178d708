"""The source view: the raw file, line by line, with what cleaning removed and why."""
from ..ingest.cleaning import clean_text


def source_lines(article):
    """``[(number, text, reason or None)]`` for a text source; the cleaning is re-run, it is a pure function."""
    lines = article.raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if article.source_file.lower().endswith((".html", ".htm")):
        return [(n, line, None) for n, line in enumerate(lines, start=1)]
    reasons = {}
    for removed in clean_text(article.raw_text).removed:
        reasons.setdefault(removed.number, removed.reason)
    return [(n, line, reasons.get(n)) for n, line in enumerate(lines, start=1)]
