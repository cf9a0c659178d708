"""Snippets cut from the character positions the index stored for each match, not by analysing the text again.

Whoosh's highlighter re-tokenises, folds and stems a whole body for every result (about 12 ms for a long
article, most of a search page's time) and looks only at its first 32,000 characters. The body field keeps
each posting's start and end characters, so the matches of a result are read from the postings and the best
windows around them are cut and marked: the same ``<mark class="hit tN">`` markup, the text escaped.
"""
from html import escape

MAXCHARS, SURROUND, TOP = 240, 70, 2
BETWEEN = " … "


def _windows(spans, maxchars):
    """Runs of neighbouring matches, each spanning at most ``maxchars`` characters."""
    runs, current = [], []
    for span in spans:
        if current and span[1] - current[0][0] > maxchars:
            runs.append(current)
            current = []
        current.append(span)
    if current:
        runs.append(current)
    return runs


def _widen(text, start, end, surround):
    """The window with some context either side, cut at spaces so no word is split."""
    low, high = max(0, start - surround), min(len(text), end + surround)
    if low > 0:
        space = text.find(" ", low, start)
        low = space + 1 if space != -1 else low
    if high < len(text):
        space = text.rfind(" ", end, high)
        high = space if space != -1 else high
    return low, high


def fragments(text, spans, *, maxchars=MAXCHARS, surround=SURROUND, top=TOP):
    """HTML of the ``top`` best windows of ``text`` around the matches at ``spans`` ([(start, end)]), or ""
    when the spans do not fit the text (an index older than the text: the caller highlights the slow way)."""
    spans = sorted({(start, end) for start, end in spans if 0 <= start < end <= len(text)})
    if not spans or any(not text[start:end].strip() for start, end in spans):
        return ""
    runs = _windows(spans, maxchars)
    best = sorted(runs, key=lambda run: (-len({text[s:e].lower() for s, e in run}), -len(run), run[0][0]))[:top]
    numbers = {}
    pieces = []
    for run in sorted(best, key=lambda run: run[0][0]):
        low, high = _widen(text, run[0][0], run[-1][1], surround)
        html, cursor = [], low
        for start, end in run:
            if start < cursor:  # overlapping matches: the first one wins
                continue
            word = text[start:end]
            number = numbers.setdefault(word.lower(), len(numbers))
            html.append(escape(text[cursor:start], quote=False))
            html.append(f'<mark class="hit t{number}">{escape(word, quote=False)}</mark>')
            cursor = end
        html.append(escape(text[cursor:high], quote=False))
        pieces.append("".join(html))
    return BETWEEN.join(pieces)
