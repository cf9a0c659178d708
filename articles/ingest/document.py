"""What cleaning produces and extraction reads: a plain, database-free article."""
from dataclasses import dataclass, field
import datetime

PARAGRAPH, HEADING, CAPTION = "paragraph", "heading", "caption"


@dataclass
class Block:
    kind: str
    text: str
    credit: str = ""


@dataclass
class RemovedLine:
    """A line of the source that cleaning removed, and why (shown on the source view)."""

    number: int
    text: str
    reason: str


@dataclass
class CleanDocument:
    title: str = ""
    title_derived: bool = False
    blocks: list[Block] = field(default_factory=list)
    published: datetime.date | None = None
    date_source: str = "unknown"
    dateline: str = ""
    publisher: str = ""
    distributor: str = ""
    author: str = ""
    source_url: str = ""
    canonical: str = ""  # the address the page gives for itself, as written (<link rel="canonical">, og:url)
    declared_language: str = ""  # what the page says it is written in (<html lang>, og:locale)
    removed: list[RemovedLine] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)

    def body_blocks(self):
        """Paragraphs and headings in order: the blocks quotes and captions refer to."""
        return [block for block in self.blocks if block.kind != CAPTION]

    def captions(self):
        """Each caption with the index of the body block that follows it."""
        position, found = 0, []
        for block in self.blocks:
            if block.kind == CAPTION:
                found.append((position, block))
            else:
                position += 1
        return found

    def body_text(self):
        """The stored body: blocks separated by a blank line, headings marked ``## ``."""
        return "\n\n".join(
            f"## {block.text}" if block.kind == HEADING else block.text for block in self.body_blocks()
        )
