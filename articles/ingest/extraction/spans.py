"""Quoted stretches of a text: the spans every extraction step asks for (names, quotes, delegations).

Quote marks are paired by position (an opening mark follows a space or the start, a closing mark precedes a
space, punctuation or the end), so straight, curly and mismatched pairs all work; a quote left open at the end
of a paragraph runs to its end (the next paragraph opens it again). Which spans are speech and
who says them is :mod:`.quotes`'s; which names stand inside a quote is :mod:`.names`'s.
"""
from dataclasses import dataclass
from functools import lru_cache
import re

MARKS = "\"“”„«»"  # (French and Russian guillemets among them)
MARKS_RE = re.compile(f"[{MARKS}]")
OPEN_BEFORE = " \t([{—–-:;,/"
CLOSE_AFTER = " \t)]}.,;:!?—–-"


@dataclass(frozen=True)
class QuoteSpan:
    text: str
    start: int
    end: int
    open_at: int
    close_at: int


@lru_cache(maxsize=512)
def quote_spans(text):
    """Quoted stretches of ``text`` (offsets of the inner text), titles included; cached, as every step asks."""
    spans, opening = [], None
    for mark in MARKS_RE.finditer(text):
        index, char = mark.start(), mark.group()
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        can_open = before in OPEN_BEFORE or before in MARKS or char in "“„«"
        can_close = after in CLOSE_AFTER or after in MARKS or char in "”»"
        # French spacing sets guillemets apart from their words: « comme ceci »
        if opening is None:
            if can_open and (after != " " or char == "«"):
                opening = index
        elif can_close and (before != " " or char == "»" or text[index - 2:index - 1] in ("'", "’")):
            # (a quote ending in a quote within it closes after a space: “… he said, 'not now.' ”)
            inner = text[opening + 1:index]
            if inner.strip():
                start, end = opening + 1 + len(inner) - len(inner.lstrip()), index - (len(inner) - len(inner.rstrip()))
                spans.append(QuoteSpan(text[start:end], start, end, opening, index))
            opening = None
        elif can_open and after != " " and char in "“„«":
            opening = index  # an unclosed mark: start again here
    if opening is not None:  # news style: a quote running on into the next paragraph has no closing mark here
        inner = text[opening + 1:].rstrip()
        if len(inner.split()) >= 4 and inner[-1:] in ".!?…":
            start = opening + 1 + len(inner) - len(inner.lstrip())
            spans.append(QuoteSpan(text[start:opening + 1 + len(inner)], start, opening + 1 + len(inner), opening,
                                   len(text)))
    return tuple(spans)
