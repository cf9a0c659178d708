"""Checking an archive file's records before any of them is written.

The import reads a file a record at a time (see :mod:`articles.records.archive`), and checks each record as it comes:
its shape (known fields only, each of the right type), its text (no lone surrogate or NUL character, which no
database stores), and the model's own validators (lengths, slugs, choices, dates) through ``full_clean``.
:class:`References` then checks what the record names (collections, outlets, people, delegations and
countries that must be in the file) and what must be unique (names, slugs, files, a person once per article).
Every problem is one line naming the record and the field.
"""
import re

from django.core.exceptions import ValidationError

from ..models import (
    Appearance, Article, Caption, Collection, Country, Delegation, DuplicateSource, Outlet, Person, Quote,
)

TEXT, OPTIONAL_TEXT, NUMBER, FLAG, TEXTS = str, (str, type(None)), int, bool, [str]
OPTIONAL_FRACTION = (int, float, type(None))

APPEARANCE = {"name": TEXT, "role": TEXT, "outlet": OPTIONAL_TEXT, "country": OPTIONAL_TEXT, "source": TEXT}
QUOTE = {"text": TEXT, "speaker": OPTIONAL_TEXT, "outlet": OPTIONAL_TEXT, "paragraph": NUMBER, "start": NUMBER,
         "end": NUMBER, "source": TEXT, "needs_review": FLAG, "credited_by": TEXT}
CAPTION = {"position": NUMBER, "text": TEXT, "credit": TEXT, "source": TEXT}
DUPLICATE = {"collection": TEXT, "source_file": TEXT}
SHAPES = {
    "collections": {"name": TEXT, "root": TEXT},
    "outlets": {"name": TEXT, "slug": TEXT, "abbreviation": TEXT, "aliases": TEXTS, "kind": TEXT,
                "country": OPTIONAL_TEXT, "parent": OPTIONAL_TEXT, "edited_fields": TEXTS},
    "people": {"name": TEXT, "slug": TEXT, "aliases": TEXTS, "country": OPTIONAL_TEXT, "edited_fields": TEXTS},
    "delegations": {"name": TEXT, "slug": TEXT, "kind": TEXT, "organiser": TEXT, "start": OPTIONAL_TEXT,
                    "end": OPTIONAL_TEXT, "location": TEXT, "stated_size": TEXT, "aliases": TEXTS, "regions": TEXTS,
                    "countries": TEXTS, "outlets": TEXTS, "people": TEXTS, "articles": TEXTS, "edited_fields": TEXTS},
    "articles": {"slug": TEXT, "title": TEXT, "published": OPTIONAL_TEXT, "date_source": TEXT,
                 "publisher": OPTIONAL_TEXT, "distributor": OPTIONAL_TEXT, "dateline": TEXT, "collection": TEXT,
                 "source_file": TEXT,
                 "source_url": TEXT, "content_hash": TEXT, "extractor_version": TEXT, "body": TEXT, "raw_text": TEXT,
                 "needs_review": FLAG, "review_reasons": TEXTS, "edited_fields": TEXTS, "language": TEXT,
                 "language_source": TEXT, "language_confidence": OPTIONAL_FRACTION, "countries": TEXTS,
                 "outlets": TEXTS, "delegations": TEXTS, "people": [APPEARANCE], "quotes": [QUOTE],
                 "captions": [CAPTION], "duplicates": [DUPLICATE], "story": OPTIONAL_TEXT},
}
# Fields older exports may lack; the import gives them their defaults.
OPTIONAL = {"source", "paragraph", "start", "end", "needs_review", "credited_by", "captions", "duplicates",
            "language", "language_source", "language_confidence", "story"}
# The model fields each kind of record is validated as (the rest are names of other records).
MODELS = {
    "collections": (Collection, ["name", "root"]),
    "outlets": (Outlet, ["name", "slug", "abbreviation", "aliases", "kind", "edited_fields"]),
    "people": (Person, ["name", "slug", "aliases", "edited_fields"]),
    "delegations": (Delegation, ["name", "slug", "kind", "organiser", "start", "end", "location", "stated_size",
                                 "aliases", "regions", "edited_fields"]),
    "articles": (Article, ["slug", "title", "published", "date_source", "dateline", "source_file", "source_url",
                           "content_hash", "extractor_version", "body", "raw_text", "needs_review",
                           "review_reasons", "edited_fields", "language", "language_source", "language_confidence"]),
}
ROWS = {"people": (Appearance, ["role", "source"], APPEARANCE),
        "quotes": (Quote, ["text", "paragraph", "start", "end", "source", "needs_review", "credited_by"], QUOTE),
        "captions": (Caption, ["position", "text", "credit", "source"], CAPTION),
        "duplicates": (DuplicateSource, ["source_file"], DUPLICATE)}
MAX_PROBLEMS = 50
# Characters no database stores as text: NUL (PostgreSQL refuses it) and a lone surrogate (not UTF-8 at all).
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")


def _type_name(expected):
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false", type(None): "null"}
    if isinstance(expected, tuple):
        return " or ".join(names[t] for t in expected)
    if isinstance(expected, list):
        return "a list"
    if isinstance(expected, dict):
        return "an object"
    return names[expected]


def _fits(value, expected):
    if isinstance(expected, list):
        return isinstance(value, list)
    if isinstance(expected, dict):
        return isinstance(value, dict)
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # true is no number here
    return isinstance(value, kinds)


def shape_problems(record, shape, where):
    """Unknown, missing and mistyped fields of one record (and of the records nested in it)."""
    if not isinstance(record, dict):
        return [f"{where}: expected an object, got {type(record).__name__}"]
    problems = [f"{where}: unknown field {str(name)[:60]!r}" for name in record if name not in shape]
    for name, expected in shape.items():
        if name not in record:
            if name not in OPTIONAL:
                problems.append(f"{where}: {name}: missing")
            continue
        value = record[name]
        if not _fits(value, expected):
            problems.append(f"{where}: {name}: expected {_type_name(expected)}, got {type(value).__name__}")
        elif isinstance(expected, list):
            for index, item in enumerate(value):
                inner = f"{where}.{name}[{index}]"
                if isinstance(expected[0], dict):
                    problems.extend(shape_problems(item, expected[0], inner))
                elif not _fits(item, expected[0]):
                    problems.append(f"{inner}: expected {_type_name(expected[0])}, got {type(item).__name__}")
    return problems


def text_problems(value, where):
    """Text no database can store, anywhere in a record (its well-typed fields are known here)."""
    if isinstance(value, str):
        found = UNSTORABLE_RE.search(value)
        if found is None:
            return []
        what = "a NUL character" if found.group() == "\x00" else f"a lone surrogate (U+{ord(found.group()):04X})"
        return [f"{where}: {what} is not text that can be stored"]
    if isinstance(value, dict):
        return [problem for name, item in value.items() for problem in text_problems(item, f"{where}: {name}")]
    if isinstance(value, list):
        return [problem for index, item in enumerate(value) for problem in text_problems(item, f"{where}[{index}]")]
    return []


def _validation_problems(model, fields, shape, record, where):
    """The model's validators on the record's fields that have the right type (the others are reported)."""
    fields = [name for name in fields if name in record and _fits(record[name], shape[name])]
    instance = model(**{name: record[name] for name in fields})
    excluded = [f.name for f in model._meta.get_fields() if f.name not in fields]
    try:
        instance.full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [f"{where}: {name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return []


def label(kind, index, record):
    """How a problem names its record: ``articles[3] ('the-slug')``."""
    key = record.get("slug") or record.get("name") if isinstance(record, dict) else None
    return f"{kind}[{index}]" + (f" ({str(key)[:60]!r})" if isinstance(key, str) else "")


def record_problems(kind, index, record):
    """Every problem of one record taken alone: shape, text and the model's validators."""
    where = label(kind, index, record)
    shape = SHAPES[kind]
    problems = shape_problems(record, shape, where)
    if not isinstance(record, dict):
        return problems
    if not problems:
        problems = text_problems(record, where)
    problems.extend(_validation_problems(*MODELS[kind], shape, record, where))
    for field, (model, fields, row_shape) in ROWS.items():
        rows = record.get(field) if kind == "articles" and isinstance(record.get(field), list) else []
        for row, nested in enumerate(rows):
            if isinstance(nested, dict):
                problems.extend(_validation_problems(model, fields, row_shape, nested, f"{where}.{field}[{row}]"))
    return problems


def _repeated(values):
    seen, repeated = set(), []
    for value in values:
        if value in seen:
            repeated.append(value)
        seen.add(value)
    return repeated


class References:
    """What the records read so far name and claim, against which each new record is checked.

    The collections, outlets, people and delegations come first (they are few); then each article is
    checked as it is read, and :meth:`unlisted` at the end finds what a delegation lists but no article
    claims. ``implicit_collections``: a version-1 file has no list of collections, and makes each one an
    article names (with no known folder).
    """

    def __init__(self, *, implicit_collections=False):
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.names = {kind: set() for kind in ("collections", "outlets", "people", "delegations")}
        self.slugs = {kind: set() for kind in ("outlets", "people", "delegations", "articles")}
        self.files, self.listed, self.implicit_collections = set(), {}, implicit_collections

    def named(self, kind, index, record):
        """A collection, outlet, person or delegation: its name and slug must be new."""
        where, problems = label(kind, index, record), []
        keys = ["name"] if kind == "collections" else ["name", "slug"]
        for key, known in [(key, self.names[kind] if key == "name" else self.slugs[kind]) for key in keys]:
            if record[key] in known:
                problems.append(f"{where}: {key}: {record[key][:60]!r} appears twice")
            known.add(record[key])
        if kind == "delegations":
            self.listed[record["name"]] = (where, set(record["articles"]))
        return problems

    def of_named(self, kind, index, record):
        """What an outlet, person or delegation names (once every collection, outlet and person is known)."""
        where = label(kind, index, record)
        problems = self._refer(where, "country", [record.get("country")] + record.get("countries", []),
                               self.countries, "country code")
        if kind == "outlets":
            problems += self._refer(where, "parent", [record["parent"]], self.names["outlets"], "outlet")
        if kind == "delegations":
            problems += self._refer(where, "outlets", record["outlets"], self.names["outlets"], "outlet")
            problems += self._refer(where, "people", record["people"], self.names["people"], "person")
            problems += self._twice(where, record, ("countries", "outlets", "people", "articles"))
        return problems

    def article(self, index, record):
        """An article: unique slug and files, everything it names in the file, each person named once."""
        where, names = label("articles", index, record), self.names
        problems = []
        if record["slug"] in self.slugs["articles"]:
            problems.append(f"{where}: slug: {record['slug'][:60]!r} appears twice")
        self.slugs["articles"].add(record["slug"])
        if self.implicit_collections:
            names["collections"].update([record["collection"]]
                                        + [d["collection"] for d in record.get("duplicates", [])])
        files = [(record["collection"], record["source_file"])] + [
            (d["collection"], d["source_file"]) for d in record.get("duplicates", [])]
        for collection, name in files:
            if (collection, name) in self.files:
                problems.append(f"{where}: source_file: {collection[:60]!r}/{name[:60]!r} appears twice")
            self.files.add((collection, name))
        problems += self._refer(where, "collection", [c for c, _ in files], names["collections"], "collection")
        problems += self._refer(where, "countries", record["countries"], self.countries, "country code")
        problems += self._refer(where, "publisher", [record["publisher"], record["distributor"]],
                                names["outlets"], "outlet")
        problems += self._refer(where, "outlets", record["outlets"], names["outlets"], "outlet")
        problems += self._refer(where, "delegations", record["delegations"], names["delegations"], "delegation")
        problems += self._twice(where, record, ("countries", "outlets", "delegations"))
        for person in _repeated([p["name"] for p in record["people"]]):
            problems.append(f"{where}: people: person {person[:60]!r} appears twice in this article")
        for row, person in enumerate(record["people"]):
            problems += self._refer(f"{where}.people[{row}]", "name", [person["name"]], names["people"], "person")
            problems += self._refer(f"{where}.people[{row}]", "outlet", [person["outlet"]], names["outlets"], "outlet")
            problems += self._refer(f"{where}.people[{row}]", "country", [person["country"]], self.countries,
                                    "country code")
        for row, quote in enumerate(record["quotes"]):
            problems += self._refer(f"{where}.quotes[{row}]", "speaker", [quote["speaker"]], names["people"],
                                    "person")
            problems += self._refer(f"{where}.quotes[{row}]", "outlet", [quote["outlet"]], names["outlets"], "outlet")
        for delegation in record["delegations"]:
            listed = self.listed.get(delegation, (None, set()))[1]
            if delegation in self.listed and record["slug"] not in listed:
                problems.append(f"{where}: delegations: delegation {delegation[:60]!r} does not list this article")
            listed.discard(record["slug"])
        return problems

    def refused(self, kind, record):
        """A record refused for its own problems still counts as in the file: what names it is not refused too."""
        if not isinstance(record, dict):
            return
        if kind in self.names and isinstance(record.get("name"), str):
            self.names[kind].add(record["name"])
        if kind == "articles" and isinstance(record.get("slug"), str):
            self.slugs["articles"].add(record["slug"])
            for _, slugs in self.listed.values():
                slugs.discard(record["slug"])

    def unlisted(self):
        """Articles a delegation lists that never named it (read once every article has been)."""
        problems = []
        for where, slugs in self.listed.values():
            for slug in sorted(slugs):
                known = slug in self.slugs["articles"]
                problems.append(f"{where}: articles: article {slug[:60]!r} "
                                + ("does not name this delegation" if known else "is not in the archive"))
        return problems

    @staticmethod
    def _refer(where, field, values, known, what):
        return [f"{where}: {field}: {what} {value[:60]!r} is not in the archive"
                for value in values if value is not None and value not in known]

    @staticmethod
    def _twice(where, record, fields):
        return [f"{where}: {field}: {value[:60]!r} appears twice" for field in fields
                for value in _repeated(record[field])]
