"""Checking an archive file before anything of it is written.

Every record is checked for its shape (known fields only, each of the right type), then against the
model's own validators (lengths, slugs, choices, dates) through ``full_clean``, then for what it
names (outlets, people, delegations, countries that must exist; slugs, names and source files that
must be unique). All problems are reported at once, each with its record and field.
"""
from django.core.exceptions import ValidationError

from .models import Appearance, Article, Caption, Country, Delegation, Outlet, Person, Quote

TEXT, OPTIONAL_TEXT, NUMBER, FLAG, TEXTS = str, (str, type(None)), int, bool, [str]

APPEARANCE = {"name": TEXT, "role": TEXT, "outlet": OPTIONAL_TEXT, "country": OPTIONAL_TEXT, "source": TEXT}
QUOTE = {"text": TEXT, "speaker": OPTIONAL_TEXT, "outlet": OPTIONAL_TEXT, "paragraph": NUMBER, "start": NUMBER,
         "end": NUMBER, "source": TEXT, "needs_review": FLAG}
CAPTION = {"position": NUMBER, "text": TEXT, "credit": TEXT, "source": TEXT}
SHAPES = {
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
                 "needs_review": FLAG, "review_reasons": TEXTS, "edited_fields": TEXTS, "countries": TEXTS,
                 "outlets": TEXTS, "delegations": TEXTS, "people": [APPEARANCE], "quotes": [QUOTE],
                 "captions": [CAPTION], "duplicates": TEXTS},
}
# Fields older exports may lack; the import gives them their defaults.
OPTIONAL = {"source", "paragraph", "start", "end", "needs_review", "captions", "duplicates", "collection"}
# The model fields each kind of record is validated as (the rest are names of other records).
MODELS = {
    "outlets": (Outlet, ["name", "slug", "abbreviation", "aliases", "kind", "edited_fields"]),
    "people": (Person, ["name", "slug", "aliases", "edited_fields"]),
    "delegations": (Delegation, ["name", "slug", "kind", "organiser", "start", "end", "location", "stated_size",
                                 "aliases", "regions", "edited_fields"]),
    "articles": (Article, ["slug", "title", "published", "date_source", "dateline", "source_file", "source_url",
                           "content_hash", "extractor_version", "body", "raw_text", "needs_review",
                           "review_reasons", "edited_fields"]),
}
ROWS = {"people": (Appearance, ["role", "source"], APPEARANCE),
        "quotes": (Quote, ["text", "paragraph", "start", "end", "source", "needs_review"], QUOTE),
        "captions": (Caption, ["position", "text", "credit", "source"], CAPTION)}
MAX_PROBLEMS = 50


def _type_name(expected):
    names = {str: "text", int: "a whole number", bool: "true or false", type(None): "null"}
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
    problems = [f"{where}: unknown field {name!r}" for name in record if name not in shape]
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


def _label(kind, index, record):
    key = record.get("slug") or record.get("name") if isinstance(record, dict) else None
    return f"{kind}[{index}]" + (f" ({str(key)[:60]!r})" if isinstance(key, str) else "")


def archive_problems(data):
    """Every problem of an archive's records, as lines naming the record and field; [] when it can be imported."""
    problems = []
    for kind, shape in SHAPES.items():
        records = data.get(kind)
        if not isinstance(records, list):
            problems.append(f"{kind}: expected a list of records")
            continue
        for index, record in enumerate(records):
            where = _label(kind, index, record)
            problems.extend(shape_problems(record, shape, where))
            if not isinstance(record, dict):
                continue
            problems.extend(_validation_problems(*MODELS[kind], shape, record, where))
            for field, (model, fields, row_shape) in ROWS.items():
                rows = record.get(field) if kind == "articles" and isinstance(record.get(field), list) else []
                for row, nested in enumerate(rows):
                    if isinstance(nested, dict):
                        problems.extend(_validation_problems(model, fields, row_shape, nested,
                                                             f"{where}.{field}[{row}]"))
    if not problems:
        problems = _reference_problems(data)
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS] + [f"… and {len(problems) - MAX_PROBLEMS} more"]
    return problems


def _duplicates(kind, records, key):
    seen, problems = set(), []
    for index, record in enumerate(records):
        if record[key] in seen:
            problems.append(f"{_label(kind, index, record)}: {key}: {record[key][:60]!r} appears twice")
        seen.add(record[key])
    return problems


def _reference_problems(data):
    """Names that point nowhere, and keys that must be unique but are not (the shapes are known good here)."""
    countries = set(Country.objects.values_list("code", flat=True))
    names = {kind: {r["name"] for r in data[kind]} for kind in ("outlets", "people", "delegations")}
    slugs = {r["slug"] for r in data["articles"]}
    problems = []
    for kind in ("outlets", "people", "delegations", "articles"):
        problems += _duplicates(kind, data[kind], "slug")
    for kind in ("outlets", "people", "delegations"):
        problems += _duplicates(kind, data[kind], "name")
    files = [{"slug": a["slug"], "source_file": f"{a.get('collection', '')}/{name}"}
             for a in data["articles"] for name in [a["source_file"], *a.get("duplicates", [])]]
    problems += _duplicates("articles", files, "source_file")

    def refer(where, field, values, known, what):
        for value in values:
            if value is not None and value not in known:
                problems.append(f"{where}: {field}: {what} {value[:60]!r} is not in the archive")

    for kind, index, record in [(k, i, r) for k in ("outlets", "people", "delegations", "articles")
                                for i, r in enumerate(data[k])]:
        where = _label(kind, index, record)
        single = [record.get("country")] if kind in ("outlets", "people") else []
        refer(where, "country", single + record.get("countries", []), countries, "country code")
        if kind == "outlets":
            refer(where, "parent", [record["parent"]], names["outlets"], "outlet")
        if kind == "delegations":
            refer(where, "outlets", record["outlets"], names["outlets"], "outlet")
            refer(where, "people", record["people"], names["people"], "person")
            refer(where, "articles", record["articles"], slugs, "article")
        if kind == "articles":
            refer(where, "publisher", [record["publisher"], record["distributor"]], names["outlets"], "outlet")
            refer(where, "outlets", record["outlets"], names["outlets"], "outlet")
            refer(where, "delegations", record["delegations"], names["delegations"], "delegation")
            for row, person in enumerate(record["people"]):
                refer(f"{where}.people[{row}]", "name", [person["name"]], names["people"], "person")
                refer(f"{where}.people[{row}]", "outlet", [person["outlet"]], names["outlets"], "outlet")
                refer(f"{where}.people[{row}]", "country", [person["country"]], countries, "country code")
            for row, quote in enumerate(record["quotes"]):
                refer(f"{where}.quotes[{row}]", "speaker", [quote["speaker"]], names["people"], "person")
                refer(f"{where}.quotes[{row}]", "outlet", [quote["outlet"]], names["outlets"], "outlet")
    return problems
