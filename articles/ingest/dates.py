"""Dates as articles write them: ISO, "April 22, 2025", "22 April 2025",
"2024年03月06日", "16 de octubre de 2024", "16 октября 2024", "16 أكتوبر 2024", and event dates
without a year ("From September 3rd to 6th") whose year comes from context and is marked as inferred;
and the date a page's address holds ("/2022/07/22/", "/2022-08-02/", "/20220802/").
"""
from dataclasses import dataclass
import datetime
import re
from urllib.parse import urlsplit

MONTHS = {
    name: number
    for number, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ], start=1)
    for name in names
}
# Months in the visitors' languages (French, Spanish, Russian in the genitive a date takes, Arabic as written in
# Egypt and the Gulf): read only in a full date with its year ("16 de octubre de 2024", "16 октября 2024",
# "16 أكتوبر 2024"), so that a word such as "mars" or "mai" alone is never a month.
FOREIGN_MONTHS = {
    name: number
    for number, names in enumerate([
        ("janvier", "enero", "января", "يناير"), ("février", "fevrier", "febrero", "февраля", "فبراير"),
        ("mars", "marzo", "марта", "مارس"), ("avril", "abril", "апреля", "أبريل", "ابريل", "إبريل"),
        ("mai", "mayo", "мая", "مايو"), ("juin", "junio", "июня", "يونيو", "يونيه"),
        ("juillet", "julio", "июля", "يوليو", "يوليه"), ("août", "aout", "agosto", "августа", "أغسطس", "اغسطس"),
        ("septembre", "septiembre", "setiembre", "сентября", "سبتمبر"), ("octobre", "octubre", "октября", "أكتوبر",
                                                                           "اكتوبر"),
        ("novembre", "noviembre", "ноября", "نوفمبر"), ("décembre", "decembre", "diciembre", "декабря", "ديسمبر"),
    ], start=1)
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

ISO_RE = re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b")
CJK_RE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*日")
MONTH_FIRST_RE = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r"(?:,?\s*" + _YEAR + r")?\b", re.IGNORECASE)
DAY_FIRST_RE = re.compile(_WEEKDAY + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s*" + _YEAR + r")?\b", re.IGNORECASE)
FOREIGN_RE = re.compile(r"(?<!\w)(?P<day>[0-3]?\d)(?:er)?\s+(?:de\s+)?(?P<month>"
                        + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True)) + r")(?:\s+de|,)?\s+" + _YEAR
                        + r"(?!\d)", re.IGNORECASE)
FOREIGN_DATE = re.sub(r"\(\?P<\w+>", "(?:", FOREIGN_RE.pattern)  # the same, for other patterns to embed
# "From September 3rd to 6th", "September 3-6"
RANGE_RE = re.compile(
    r"\b(?:from\s+)?" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:to|-|–|—|until|through)\s*"
    r"(?P<end_day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s*" + _YEAR + r")?",
    re.IGNORECASE,
)
# "3-5 July", "14 to 19 October 2024": the day range written before its month
DAY_RANGE_RE = re.compile(
    r"\b(?:from\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:to|-|–|—|until|through)\s*(?P<end_day>[0-3]?\d)"
    r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s*" + _YEAR + r")?\b",
    re.IGNORECASE,
)
# the century first, then the look-behind at the character before it: a pattern that opens with a look-behind
# is tried at every position of the text, one that opens with a digit pair only where one stands
YEAR_RE = re.compile(r"((?:19|20)(?<![\d,.]..)\d\d)(?![\d,])")
# Dates in an address's path: "/2022/07/22/" (folders), "/2022-08-02/" or "story-2022_08_02.html" (separated),
# and eight digits only as a whole folder or name ("/20220802/"): a longer or shorter number is an id.
ADDRESS_DATE_RES = [
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?=/|$|[-_.])"),
    re.compile(r"(?<![\d])(?P<year>(?:19|20)\d\d)([-_])(?P<month>[01]\d)\2(?P<day>[0-3]\d)(?!\d)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?=/|$|\.html?$)"),
]


@dataclass(frozen=True)
class FoundDate:
    date: datetime.date
    year_inferred: bool
    start: int
    end: int
    end_date: datetime.date | None = None


def _make(year, month, day):
    try:
        return datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _month(value):
    if value.isdigit():
        return int(value)
    value = value.lower().rstrip(".")
    return MONTHS.get(value) or FOREIGN_MONTHS.get(value)


def context_year(text, *, before=None):
    """The year a text is about: the most mentioned year, the latest on a tie."""
    counts = {}
    for match in YEAR_RE.finditer(text):
        year = int(match.group(1))
        if before is None or year <= before:
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda year: (counts[year], year))


# Arabic-Indic and Persian digits (١٦ أكتوبر ٢٠٢٤) read as the digits they are, one character for one
EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def find_dates(text, *, default_year=None):
    """Every date in ``text`` in order; a date without a year takes ``default_year`` (marked inferred)."""
    found, taken = [], []
    text = text.translate(EASTERN_DIGITS)

    def overlaps(start, end):
        return any(start < t_end and t_start < end for t_start, t_end in taken)

    for pattern in (CJK_RE, ISO_RE, FOREIGN_RE, RANGE_RE, DAY_RANGE_RE, MONTH_FIRST_RE, DAY_FIRST_RE):
        for match in pattern.finditer(text):
            if overlaps(*match.span()):
                continue
            groups = match.groupdict()
            year, inferred = groups.get("year"), False
            if not year:
                if default_year is None:
                    continue
                year, inferred = default_year, True
            date = _make(year, _month(groups["month"]), groups["day"])
            if date is None:
                continue
            end_date = _make(year, _month(groups["month"]), groups["end_day"]) if groups.get("end_day") else None
            found.append(FoundDate(date, inferred, match.start(), match.end(), end_date))
            taken.append(match.span())
    return sorted(found, key=lambda d: d.start)


def parse_date(text):
    """The first complete date (with its year) in ``text``, or None."""
    dates = [d for d in find_dates(text) if not d.year_inferred]
    return dates[0].date if dates else None


def date_in_address(url, *, today=None):
    """The date a page's address holds in its path, or None: none there, not a real day, or in the future."""
    path = urlsplit(url).path if url else ""
    latest = today or datetime.date.today()
    for pattern in ADDRESS_DATE_RES:
        for match in pattern.finditer(path):
            date = _make(match.group("year"), match.group("month"), match.group("day"))
            if date and date <= latest:
                return date
    return None
