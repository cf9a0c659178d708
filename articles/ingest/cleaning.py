"""Cleaning a plain-text copy of a web page into its article.

Copied pages carry the site around the article: a site-name header, meta lines,
a wire dateline, captions, and a footer of licences, cookie banners and contact
lines. Each line is classified by general signals (its length, its closing
punctuation, its position, lines repeated across files of one site, lists of
links); its words may name what a site's line is, but never remove a sentence of
the article alone. Whatever is removed is recorded with the reason, which names
the evidence.

Every regular expression here is anchored or bounded, so cleaning stays linear
in the size of its input.
"""
from collections import Counter
from functools import lru_cache
import re

from .dates import EASTERN_DIGITS, FOREIGN_DATE, parse_date
from .document import CAPTION, HEADING, PARAGRAPH, Block, CleanDocument, RemovedLine
from .extraction.vocabulary import outlet_kind
from .geo import country_of
from .places import is_city
from .urls import site_of, url_in_line

SPACES_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MULTISPACE_RE = re.compile(r" {2,}")
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

_DATE = (r"(?:(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d\d|"
         + FOREIGN_DATE + ")")
# A dateline's date may leave out the year ("March 5", "5 March").
_DAY = r"(?:" + _DATE + r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?!\d)|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?!\w))"
META_PREFIX_RE = re.compile(
    r"^\s*(?:date|published(?:\s+on)?|posted(?:\s+on)?|updated|release date|日期|发布时间|时间)\s*[:：]?\s*(?P<date>"
    + _DATE + r")(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*", re.IGNORECASE,
)
CJK_SOURCE_RE = re.compile(r"(?:来源|來源|出处)\s*[:：]\s*(?P<source>[^\s:：]{1,40})")
CJK_META_RE = re.compile(r"^\s*(?:日期|来源|來源|作者|编辑|責任編輯|责任编辑|发布时间|时间)\s*[:：]")
SOURCE_LINE_RE = re.compile(r"^\s*(?:source|publisher)\s*:\s*(?P<source>.{2,80}?)\s*$", re.IGNORECASE)
_BYLINE_NAME = r"[A-Z][^\s,|]{0,30}(?: [A-Z][^\s,|]{0,30}){0,3}"
AUTHOR_LINE_RE = re.compile(r"^\s*(?i:by|author|written by|editor|edited by|reporter)\s*[:：]?\s+(?P<author>"
                            + _BYLINE_NAME + r"(?:\s*(?:,|&|\band\b)\s*" + _BYLINE_NAME + r"){0,3})"
                            r"\s*(?:[,|].{0,60})?$")
DATE_ONLY_RE = re.compile(r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?" + _DATE + r"\s*$", re.IGNORECASE)
WIRE_RE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,3}(?:,\s*[A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,2})?)"
    r",\s*(?P<date>" + _DAY + r")?\s*(?:/\s*(?P<wire>[A-Za-z][\w .&-]{1,30}?)\s*/|\((?P<wire2>[A-Za-z][\w .&-]{1,30}?)\))\s*[-–—]*\s*"
)
REPORT_FROM_RE = re.compile(
    r"^(?:an?|this)\s+(?:news\s+)?(?:report|story|article|release|feature)\s+(?:from|by)\s+(?P<publisher>[^\s–—-][^–—]{0,58}?)\s*[-–—]+\s*",
    re.IGNORECASE,
)
# "CITY —", "CITY, March 5 (Agency) --", "CITY (March 5, 2024) —", "Outlet, 5 March -", "CITY:". A dateline ends
# at its own punctuation: a dash set off by a space (or an en/em dash), a colon after a place in capitals,
# or a wide gap; never the hyphen inside a word ("Anti-Corruption").
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][\w'’.]{1,30}(?:,? [A-Z][\w'’.]{1,30}){0,3})"
    r"(?:,?\s*(?P<date>" + _DAY + r")(?:,\s*(?P<agency>[A-Z]{2,8}))?)?(?:\s*\((?P<paren>[^()]{2,40})\))?"
    r"(?P<separator>\s*[–—]+\s*|\s*-{1,2}\s+|\s+-{1,2}\s*|:\s+| {2,})(?=[A-Z0-9“\"‘'])"
)
CAPTION_RE = re.compile(
    r"^(?P<text>.{0,600}?)\s*[(（\[]\s*(?:photo(?:graph)?s?|image|picture|pic|credit|photo credit|video)\s*(?:/|:|by)\s*"
    r"(?P<credit>[^()（）\[\]]{1,80})[)）\]]\s*\.?\s*$",
    re.IGNORECASE,
)
CAPTION_WORDS = ("photo", "image", "pic", "credit", "video")


def caption_match(line):
    """CAPTION_RE's match of ``line``, asked only of a line with a bracket and a caption word: the pattern's
    lazy prefix tries every position of a paragraph, and most paragraphs are not captions."""
    if not ("(" in line or "（" in line or "[" in line):
        return None
    lowered = line.lower()
    if not any(word in lowered for word in CAPTION_WORDS):
        return None
    return CAPTION_RE.match(line)


CREDIT_SUFFIX_RE = re.compile(r"^(?P<text>.{0,600}?[.!?])\s*(?:photo(?:graph)?|image)\s*(?:by|:|/)\s*(?P<credit>[A-Z][^.!?]{1,60})$", re.IGNORECASE)

# What a line of the site says. A match names the kind of line and never removes it alone: the line must also
# show that it is not the article's (see ``site_line_reason``). Topic words ("copyright", "cookies", "privacy")
# are not kinds: articles are written about them.
KINDS = [
    ("cookie or privacy banner", re.compile(
        r"\b(?:we|this (?:web)?site) uses? cookies\b|\bcookies? (?:policy|settings|preferences|notice|statement)\b"
        r"|\b(?:accept|allow|reject|manage|use of)(?: all)? cookies\b|privacy (?:policy|statement|notice|settings)"
        r"|terms (?:of (?:use|service)|and conditions)|^\s*(?:i )?(?:agree|accept)(?: all)?(?: cookies)?\s*$",
        re.IGNORECASE)),
    ("licence or registration number", re.compile(
        r"ICP备|ICP证|许可证|备案号|公网安备|\blicen[cs]e (?:no|number)|registration (?:no|number)", re.IGNORECASE)),
    ("illegal-information report line", re.compile(
        r"illegal (?:and undesirable )?information|违法和不良信息|举报", re.IGNORECASE)),
    ("copyright line", re.compile(
        r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s*(?:©|\(c\)|(?:19|20)\d\d)|all rights reserved|版权所有",
        re.IGNORECASE)),
    ("contact line", re.compile(
        r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}|^\s*(?:contact|about) us\b|leav(?:e|ing) a (?:message|comment)|"
        r"^\s*(?:tel|telephone|phone|fax|hotline)\b|please (?:e-?mail|contact|call)", re.IGNORECASE)),
    ("navigation or sharing links", re.compile(
        r"^\s*(?:share(?: this)?|follow us|print|e-?mail|comments?|related(?: articles| news)?|read more|more|home|"
        r"menu|search|subscribe|sign (?:in|up)|log ?in|back to top|next|previous|tags?|top)\b\W{0,3}\s*$",
        re.IGNORECASE)),
]
# Formulas that are a legal notice in themselves ("© 2024 …", "All rights reserved", "京ICP备…"): on a short
# line, even one ending in a full stop, they are the site's. "Licence number" and "registration number" are not
# among them: articles write them ("the car's registration number was traced").
LEGAL_FORMULA_RE = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s*(?:©|\(c\)|(?:19|20)\d\d)|all rights reserved|版权所有|ICP备|ICP证|"
    r"许可证|备案号|公网安备", re.IGNORECASE)
LINK_SEPARATOR_RE = re.compile(r"\s+[|·•]\s+")
SENTENCE_INSIDE_RE = re.compile(r"[.!?]\s+[A-Z]")
REPEATED = "repeated site text (on many pages of the site)"
# A short line with figures or a labelled list ("Goals: Lee, Kim", "Turnout 61%") is content, even at the end.
LISTING_RE = re.compile(r"\d|\w:\s*\w")
RUN_TOGETHER_RE = re.compile(r"[A-Z][a-z]+[A-Z][a-z]")
TERMINAL = ".!?。！？…"
CLOSERS = "\"'”’»)]）"


@lru_cache(maxsize=1024)
def word_count(text):
    """How many words a line has, or some number over 40 for a longer one: no test asks beyond 40, and counting
    every word of every paragraph was a twentieth of preparing a file. Cached: several tests ask it of the
    same line (emptied per file)."""
    head = WORD_RE.findall(text, 0, 320)
    return len(head) if len(head) > 40 or len(text) <= 320 else len(WORD_RE.findall(text))


def ends_sentence(text):
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def is_weak(text):
    """A short line that does not end a sentence: a label, slogan, menu item or heading."""
    return word_count(text) <= 8 and not ends_sentence(text)


def is_heading(text):
    """A short section head: a few words, capitalised, no sentence punctuation."""
    return (
        word_count(text) <= 12 and not ends_sentence(text) and text.rstrip()[-1:] not in ",;:\"'”’"
        and text[:1].isupper() and " | " not in text  # a table row is not a heading
    )


def is_headline_like(text):
    stripped = text.rstrip()
    return (
        0 < word_count(text) <= 25 and not ends_sentence(text) and stripped[-1:] not in ",;:"
        or (word_count(text) <= 20 and stripped[-1:] in "?!")
    )


def line_kind(text):
    """The kind of site line ``text`` is (see KINDS), and the share of its words the kind's own words make."""
    for kind, pattern in KINDS:
        matches = [match.group(0) for match in pattern.finditer(text)]
        if matches:  # "©" alone is a match without words
            return kind, sum(len(WORD_RE.findall(match)) for match in matches) / max(1, word_count(text))
    return None, 0.0


def is_link_list(text):
    """Items set apart by bars or dots, a few words each: "Privacy policy | Terms of use", "Home · World"."""
    items = LINK_SEPARATOR_RE.split(text)
    return len(items) >= 2 and all(0 < len(WORD_RE.findall(item)) <= 4 for item in items)


def site_line_reason(text, where, repeated=False):
    """Why a line is the site's rather than the article's, naming what it is and the evidence; None when it
    may be the article's.

    A line of a kind (KINDS) is the site's only with evidence beside its words: it recurs on many pages of
    the site, it is a list of links, it is a short legal formula, the kind's words are most of it (a label
    such as "Privacy Policy"), or it is short and no sentence at the end of the page (``where`` is "tail") or
    between paragraphs (``where`` is "body", when it is not shaped as a section heading). So a sentence of the
    article, about copyright or cookies or anything else, is never removed for its words.
    """
    kind, covered = line_kind(text)
    if kind is None:
        return None
    words = word_count(text)
    if repeated:
        evidence = "repeated on many pages of the site"
    elif is_link_list(text):
        evidence = "a list of links"
    elif words <= 15 and LEGAL_FORMULA_RE.search(text):
        evidence = "a short legal line"
    elif covered >= 0.5:
        evidence = "a short label"
    elif words <= 25 and not ends_sentence(text) and where == "tail":
        evidence = "a short line at the end, no sentence"
    elif words <= 25 and not ends_sentence(text) and where == "body" and not _heading_shaped(text):
        evidence = "a short line between paragraphs, no sentence"
    else:
        return None
    return f"{kind} ({evidence})"


def _heading_shaped(text):
    """A section heading: a few capitalised words with no sentence inside ("Privacy rules tighten")."""
    return is_heading(text) and not SENTENCE_INSIDE_RE.search(text)


def normalise(text):
    """Source lines with odd spaces and invisible characters made plain; numbering kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SPACES_RE.sub(" ", INVISIBLE_RE.sub("", line)).rstrip() for line in text.split("\n")]


def tidy(text):
    return MULTISPACE_RE.sub(" ", text).strip()


class _Cleaner:
    def __init__(self, raw, repeated_lines):
        self.lines = normalise(raw)
        self.repeated = set(repeated_lines or ())
        self.doc = CleanDocument()
        # (line number, text) of the lines still in play
        self.kept = [(n, line) for n, line in enumerate(self.lines, start=1) if line.strip()]

    def remove(self, number, text, reason):
        self.doc.removed.append(RemovedLine(number, text.strip(), reason))

    # -- leading metadata ------------------------------------------------------
    def take_metadata(self):
        """Meta lines anywhere in the head: removed, their facts kept."""
        remaining = []
        for index, (number, line) in enumerate(self.kept):
            in_head = index < 8
            if in_head and self._take_url(number, line):
                continue
            rest = self._meta(line) if in_head else line
            if rest is None:
                self.remove(number, line, "meta line (date, source or author)")
                continue
            if rest != line:
                self.remove(number, line[: len(line) - len(rest)], "meta line (date, source or author)")
            remaining.append((number, rest))
        self.kept = remaining

    def _take_url(self, number, line):
        """A line that is only the page's address (saved pages often start with one): kept as the source URL."""
        url = url_in_line(line)
        if url:
            self.doc.source_url = self.doc.source_url or url
            self.remove(number, line, "page address (kept as the source URL)")
        return bool(url)

    def _meta(self, line):
        """``line`` without its meta prefix; None when the whole line was meta."""
        doc = self.doc
        match = META_PREFIX_RE.match(line)
        if match:
            doc.published, doc.date_source = doc.published or parse_date(match.group("date")), "stated"
            line = line[match.end():]
        if CJK_META_RE.match(line):
            source = CJK_SOURCE_RE.search(line)
            if source and not doc.publisher:
                doc.publisher = source.group("source")
            if not doc.published and parse_date(line):
                doc.published, doc.date_source = parse_date(line), "stated"
            return None
        if DATE_ONLY_RE.match(line.translate(EASTERN_DIGITS)):  # (١٦ أكتوبر ٢٠٢٤ as 16 أكتوبر 2024)
            if not doc.published:
                doc.published, doc.date_source = parse_date(line), "stated"
            return None
        for pattern, attr in ((SOURCE_LINE_RE, "publisher"), (AUTHOR_LINE_RE, "author")):
            found = pattern.match(line)
            if found:
                setattr(doc, attr, getattr(doc, attr) or tidy(found.group(attr if attr == "author" else "source")))
                return None
        return line if line.strip() else None

    def take_wire_dateline(self, index):
        """``CITY, Country, April 22, 2025 /Wire/ — A news report from Site –`` before the first paragraph."""
        number, line = self.kept[index]
        stripped = line.lstrip()
        wire = WIRE_RE.match(stripped)
        if not wire:
            return False
        doc = self.doc
        doc.dateline = doc.dateline or tidy(wire.group("place")).title()
        # "PRNewswire" → "PR Newswire": wire tags run the agency's words together
        doc.distributor = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", tidy(wire.group("wire") or wire.group("wire2")))
        if wire.group("date") and not doc.published:
            doc.published, doc.date_source = parse_date(wire.group("date")), "stated"
        rest = stripped[wire.end():]
        report = REPORT_FROM_RE.match(rest)
        if report:
            doc.publisher = doc.publisher or tidy(report.group("publisher"))
            rest = rest[report.end():]
        self.remove(number, stripped[: len(stripped) - len(rest)], "wire-service dateline")
        self.kept[index] = (number, rest)
        return True

    # -- head: site header and title ------------------------------------------
    def take_head(self):
        """The headline, and the short lines around it: a site header above, a subtitle below.

        The headline is the first line of three words or more that is no banner, menu or notice; such a
        line is the headline only when the head has nothing else. Capitals never make a line the site's:
        names are written "McDonald's", "WorldCom", "AstraZeneca".
        """
        head = []
        while self.kept and is_headline_like(self.kept[0][1]) and len(head) < 6:
            if " | " in self.kept[0][1] and any(word_count(text) >= 3 and " | " not in text for _, text in head):
                break  # after the headline, a line of cells is the article's table, not the site's menu
            number, line = self.kept.pop(0)
            reason = self._site_reason(line, "head")
            if reason:
                self.remove(number, line, reason)
            elif caption_match(line):
                self.kept.insert(0, (number, line))
                break
            else:
                head.append((number, tidy(line)))
        candidates = [(n, t) for n, t in head if word_count(t) >= 3 and " | " not in t]
        titled = [(n, t) for n, t in candidates if not line_kind(t)[0]] or candidates or head[-1:]
        if titled:
            self.doc.title = titled[0][1]
        for number, text in head:
            if titled and number == titled[0][0]:
                continue
            above = not titled or number < titled[0][0]
            if above and not self.doc.publisher and not line_kind(text)[0]:
                self.doc.publisher = re.sub(r"\s+title$", "", text, flags=re.IGNORECASE)
            where = "above the headline" if above else "below the headline"
            byline = AUTHOR_LINE_RE.match(text)
            if byline and not above:
                self.doc.author = self.doc.author or tidy(byline.group("author"))
                self.remove(number, text, "byline (the article's authors, kept with it)")
                continue
            kind = line_kind(text)[0]
            self.remove(number, text, f"{kind} (a short line {where})" if kind
                        else f"site header (a short line {where})" if above else f"subtitle (a short line {where})")

    def _site_reason(self, line, where):
        """Why a line at the head, the tail or between paragraphs is the site's (see site_line_reason)."""
        repeated = tidy(line) in self.repeated
        return site_line_reason(line, where, repeated) or (REPEATED if repeated else None)

    # -- tail: footer ------------------------------------------------------------
    def take_tail(self):
        """The footer: lines of the site below the article's last paragraph, walking up from the end.

        A sentence is footer only when it is the site's by repetition, or sits between footer lines ("By
        continuing to browse our site you agree to our use of cookies." under a "Cookie Policy" label): the
        article's own last paragraph ends the footer, whatever it is about.
        """
        removed = 0
        while self.kept:
            number, line = self.kept[-1]
            if caption_match(line):
                break
            if self._take_url(number, line):
                self.kept.pop()
                continue
            reason = self._footer_reason(line) or (removed and self._between_footer_lines(line))
            if not reason:
                break
            self.kept.pop()
            self.remove(number, line, reason)
            removed += 1

    def _footer_reason(self, line):
        reason = self._site_reason(line, "tail")
        if reason or not is_weak(line) or LISTING_RE.search(line):
            return reason
        if RUN_TOGETHER_RE.search(line) and all(word[:1].isupper() for word in line.split()):
            return "navigation or sharing links (menu items run together, at the end)"  # "About UsContact Us"
        return "footer (a short line at the end, no sentence)"

    def _between_footer_lines(self, line):
        kind = line_kind(line)[0]
        if kind and len(self.kept) >= 2 and self._footer_reason(self.kept[-2][1]):
            return f"{kind} (a sentence between footer lines)"
        return None

    # -- body ----------------------------------------------------------------------
    def take_body(self):
        blocks = self.doc.blocks
        for index, (number, line) in enumerate(self.kept):
            text = tidy(line)
            repeated = text in self.repeated
            reason = site_line_reason(text, "body", repeated) if word_count(text) <= 25 else None
            if reason or (repeated and is_weak(text)):
                self.remove(number, line, reason or REPEATED)
                continue
            if not any(b.kind == PARAGRAPH for b in blocks):
                text = self._take_dateline(number, line) or text
            caption = caption_match(text) or (word_count(text) <= 40 and CREDIT_SUFFIX_RE.match(text))
            if caption and caption.group("text").strip():
                blocks.append(Block(CAPTION, tidy(caption.group("text")), tidy(caption.group("credit"))))
                self.remove(number, line, "photo caption (kept as a caption)")
            elif is_heading(text) and index + 1 < len(self.kept):
                blocks.append(Block(HEADING, text))
            else:
                blocks.append(Block(PARAGRAPH, text))

    def _take_dateline(self, number, line):
        match = DATELINE_RE.match(line.strip())
        if not match or not self._plausible_place(match):
            return None
        doc, place, paren = self.doc, tidy(match.group("place")), match.group("paren")
        place = place.title() if place.isupper() else place
        published = parse_date(match.group("date") or "") or parse_date(paren or "")
        agency = match.group("agency") or (paren if paren and not published and not DATE_ONLY_RE.match(paren) else "")
        if agency:
            doc.distributor = doc.distributor or tidy(agency)  # "(Reuters)", ", GNA -": the agency that sent it
        if outlet_kind(place) != "other" and match.group("date"):
            doc.distributor = doc.distributor or place  # "Xinhua News Agency, 5 March -": an agency, not a place
        else:
            doc.dateline = doc.dateline or place
        if published and not doc.published:
            doc.published, doc.date_source = published, "stated"
        self.remove(number, match.group(0), "dateline")
        return tidy(line.strip()[match.end():])

    @staticmethod
    def _plausible_place(match):
        place = match.group("place")
        words = place.replace(",", " ").split()
        if not (1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)):
            return False
        if match.group("separator").strip() == ":":  # "BEIJING:" — a known place in capitals; else a label
            return place.isupper() and (is_city(place) or bool(country_of(place, subdivisions=True)))
        return True

    def derive_title(self):
        if self.doc.title:
            return
        first = next((b.text for b in self.doc.blocks if b.kind == PARAGRAPH), "")
        sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
        sentence = re.sub(r"^(?:On|In|From|As of)\s+[^,]{1,40},\s*", "", sentence).rstrip(".")
        words = sentence.split()
        title = " ".join(words[:14]) + ("…" if len(words) > 14 else "")
        self.doc.title = (title[:1].upper() + title[1:]) or "Untitled article"
        self.doc.title_derived = True
        self.doc.review_reasons.append("no headline in the file: title derived from the first sentence")

    def run(self):
        self.take_metadata()
        self.take_head()
        if self.kept:
            self.take_wire_dateline(0)
        self.take_tail()
        self.take_body()
        self.derive_title()
        if not self.doc.publisher and self.doc.source_url:
            self.doc.publisher = site_of(self.doc.source_url)
        self.doc.removed.sort(key=lambda r: r.number)
        if not any(b.kind == PARAGRAPH for b in self.doc.blocks):
            self.doc.review_reasons.append("no article text found")
        return self.doc


def clean_text(raw, *, repeated_lines=None):
    """The article in a plain-text page copy: a :class:`CleanDocument`."""
    word_count.cache_clear()
    return _Cleaner(raw, repeated_lines).run()


def edge_lines(text, *, edge=15, max_words=30):
    """The lines that can be site text: short lines among a page's first and last ``edge``, and weak lines
    (labels, menu items) anywhere. Paragraphs in the middle of a page are the article's own."""
    lines = [tidy(line) for line in normalise(text) if line.strip()]
    last = len(lines) - edge
    return {line for index, line in enumerate(lines)
            if (index < edge or index >= last) and word_count(line) <= max_words or is_weak(line)}


class SiteText:
    """Which lines are a site's header and footer: short lines at the edges of many pages of one site.

    A line is site text when it recurs in at least ``min_files`` different pages of the same site (by the
    page's address, else its folder); a line that two or three articles share — a headline, a quoted
    statement, a story syndicated elsewhere — is content. Identical files count once. Only counts are kept,
    and lines seen once are forgotten every ``prune_every`` pages, so memory stays flat in the number of files.
    """

    def __init__(self, *, min_files=4, prune_every=500):
        self.min_files, self.prune_every = min_files, prune_every
        self.counts = Counter()
        self.contents = set()

    def add(self, text, site="", content_hash=None):
        key = hash(content_hash or text)
        if key in self.contents:
            return
        self.contents.add(key)
        self.counts.update({hash((site, line)) for line in edge_lines(text)})
        if len(self.contents) % self.prune_every == 0:
            self.counts = Counter({line: n for line, n in self.counts.items() if n > 1})

    def lines_of(self, text, site=""):
        """This page's lines that are its site's text."""
        word_count.cache_clear()
        return {line for line in edge_lines(text) if self.counts.get(hash((site, line)), 0) >= self.min_files}
