"""An article's body as its page shows it: blocks with their captions and quotes, in parts of bounded size.

A body of any length is read in parts of about PART_CHARS characters (whole blocks where they fit, a longer
block cut at a space), so no article page grows with the text; quotes and captions are fetched for the part
shown only.
"""
from dataclasses import dataclass
import re

PART_CHARS = 40_000
QUOTE_MARKS = "\"'“”‘’«»„‟‹›「」『』"


@dataclass
class Piece:
    """Characters ``start``–``end`` of body block ``index`` (the whole block unless it is longer than a part)."""

    index: int
    kind: str
    text: str
    start: int
    end: int


def body_parts(blocks, limit=PART_CHARS):
    """The body's blocks (``[(kind, text)]``) grouped in parts of at most ``limit`` characters each."""
    parts, current, size = [], [], 0
    for index, (kind, text) in enumerate(blocks):
        start = 0
        while True:
            if len(text) - start <= limit - size:  # the rest of the block fits in this part
                current.append(Piece(index, kind, text[start:], start, len(text)))
                size += len(text) - start
                break
            if current:  # it opens the next part
                parts.append(current)
                current, size = [], 0
                continue
            end = _cut(text, start, start + limit)  # longer than a whole part: cut it
            parts.append([Piece(index, kind, text[start:end], start, end)])
            start = end
    if current or not parts:
        parts.append(current)
    return parts


def opening_blocks(pieces):
    """The blocks that begin in these pieces: their captions are shown with them."""
    return [piece.index for piece in pieces if piece.start == 0]


def _cut(text, start, end):
    """Where to cut ``text`` near ``end``: after the last space of the part, else at ``end``."""
    space = text.rfind(" ", start + 1, end)
    return space + 1 if space > start else end


def mark_quotes(text, quotes, offset=0):
    """Split ``text`` (a block, or the piece of it starting at ``offset``) into ``(segment, quote_or_None)``
    pieces around the quotes' offsets; a quote not wholly inside is left unmarked.

    A quote's own marks in the source, whatever they are (straight, curly, mismatched), go with it: the page
    draws one pair of marks around the quoted words and puts the speaker after them, never inside.
    """
    segments, cursor = [], 0
    for quote in sorted(quotes, key=lambda q: q.start):
        start, end = quote.start - offset, quote.end - offset
        if start < cursor or end > len(text) or end <= start:
            continue
        outer_start = start - 1 if start > cursor and text[start - 1] in QUOTE_MARKS else start
        outer_end = end + 1 if end < len(text) and text[end] in QUOTE_MARKS else end
        if outer_start > cursor:
            segments.append((text[cursor:outer_start], None))
        segments.append((text[start:end].strip(QUOTE_MARKS + " "), quote))
        cursor = outer_end
    if cursor < len(text):
        segments.append((text[cursor:], None))
    for quote in quotes:
        quote.named_in_prose = _named_nearby(text, quote, offset)
    return segments


NEARBY = 120  # characters either side of a quote where the prose's own "said Ann Lee" stands


def _named_nearby(text, quote, offset):
    """Whether the prose around a quote names its speaker ("…," said Ann Lee; Lee said: "…"), so the page does
    not put the speaker's name after the quote a second time."""
    speaker = getattr(quote, "speaker", None)
    names = speaker.name.split() if speaker is not None else []
    if not names:
        return False
    start, end = quote.start - offset, quote.end - offset
    around = text[max(start - NEARBY, 0):max(start, 0)] + " " + text[max(end, 0):end + NEARBY]
    return re.search(rf"(?<!\w){re.escape(names[-1])}(?!\w)", around) is not None


def part_blocks(pieces, quotes, captions):
    """The blocks of one part for the template, and the captions left over (those after the body's last
    block, when ``captions`` include them)."""
    by_block, by_position = {}, {}
    for quote in quotes:
        by_block.setdefault(quote.paragraph, []).append(quote)
    for caption in captions:
        by_position.setdefault(caption.position, []).append(caption)
    blocks = [{
        "kind": piece.kind,
        "captions": by_position.pop(piece.index, []) if piece.start == 0 else [],
        "segments": mark_quotes(piece.text, by_block.get(piece.index, []), piece.start),
    } for piece in pieces]
    return blocks, [c for position in sorted(by_position) for c in by_position[position]]
