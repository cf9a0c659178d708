"""The backup format: the whole archive as one JSON document, written and read a record at a time.

``export_archive`` → ``import_archive`` → ``export_archive`` gives identical files: the sections come in a
fixed order (collections, outlets, people, delegations, then the articles in the order they were stored),
every list inside a record is sorted, and records name each other by name or slug. Neither side holds the
archive in memory: the export reads the articles ``CHUNK`` at a time, with one query per relation per chunk
(never a query over the whole archive); the import parses the file one record at a time, checks each (see
:mod:`.archive_checks`) and writes ``CHUNK`` articles at a time, all in one transaction, so a refused file
leaves nothing behind. The imported archive is then indexed whole (:func:`index_imported`).
"""
from collections import defaultdict
from contextlib import contextmanager
import itertools
import json
import re

from django.db import DatabaseError, connection, reset_queries, transaction

from ..models import (
    Appearance, Article, Caption, Collection, Delegation, DuplicateSource, IndexOutbox, Outlet, Person, Provenance,
    Quote,
)
from ..kernel.transliteration import name_key
from ..search import outbox
from . import stories
from .archive_checks import MAX_PROBLEMS, References, label, record_problems

FORMAT, VERSION = "newsroom-archive", 2
READS = (1, 2)  # version 1: no collections list, duplicates as bare file names in their article's collection
CHUNK = 500
NAMED = ("collections", "outlets", "people", "delegations")


class ArchiveError(Exception):
    pass


# -- export ------------------------------------------------------------------------------------------------------
def export_archive(out):
    """Write the archive to ``out`` (a text stream) as one consistent snapshot; returns the number of articles."""
    with _snapshot():
        names = {model: dict(model.objects.values_list("pk", "name")) for model in (Collection, Outlet, Person)}
        out.write(f'{{\n "format": "{FORMAT}",\n "version": {VERSION},\n')
        _write_section(out, "collections", Collection.objects.order_by("name").values("name", "root").iterator())
        _write_section(out, "outlets", _outlets(names))
        _write_section(out, "people", _people())
        _write_section(out, "delegations", _delegations(names))
        names[Delegation] = dict(Delegation.objects.values_list("pk", "name"))
        return _write_section(out, "articles", _articles(names), last=True)


@contextmanager
def _snapshot():
    """One view of the archive for the whole export, while other writers go on (PostgreSQL's default
    isolation would show each chunk's query the archive as it is by then)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write_section(out, key, records, *, last=False):
    """``"key": [records]`` laid out as ``json.dumps(indent=1)`` lays out the whole document."""
    out.write(f' "{key}": [')
    count = 0
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")
        out.write((",\n  " if count else "\n  ") + text)
        count += 1
    out.write(("\n ]" if count else "]") + ("\n}\n" if last else ",\n"))
    return count


def _date(value):
    return value.isoformat() if value else None


def _grouped(rows):
    """{first value: [the rest, ...]} of a query's value tuples."""
    groups = defaultdict(list)
    for key, *rest in rows:
        groups[key].append(rest[0] if len(rest) == 1 else rest)
    return groups


def _outlets(names):
    for o in Outlet.objects.order_by("slug").values(
            "name", "slug", "abbreviation", "aliases", "kind", "country_id", "parent_id", "edited_fields").iterator():
        o["country"], o["parent"] = o.pop("country_id"), names[Outlet].get(o.pop("parent_id"))
        yield o


def _people():
    for p in Person.objects.order_by("slug").values(
            "name", "slug", "aliases", "country_id", "edited_fields").iterator(chunk_size=2000):
        p["country"] = p.pop("country_id")
        yield p


def _delegations(names):
    links = {field: _grouped(Delegation._meta.get_field(field).remote_field.through.objects.values_list(
        "delegation_id", f"{target}_id")) for field, target in (
        ("countries", "country"), ("outlets", "outlet"), ("people", "person"))}
    for d in Delegation.objects.order_by("slug").values(
            "id", "name", "slug", "kind", "organiser", "start", "end", "location", "stated_size", "aliases",
            "regions", "edited_fields"):
        pk = d.pop("id")
        d["start"], d["end"] = _date(d["start"]), _date(d["end"])
        d["countries"] = sorted(links["countries"][pk])
        d["outlets"] = sorted(names[Outlet][o] for o in links["outlets"][pk])
        d["people"] = sorted(names[Person][p] for p in links["people"][pk])
        d["articles"] = sorted(Article.delegations.through.objects.filter(delegation_id=pk).values_list(
            "article__slug", flat=True))
        yield d


ARTICLE_FIELDS = ("id", "slug", "title", "published", "date_source", "publisher_id", "distributor_id", "dateline",
                  "collection_id", "source_file", "source_url", "content_hash", "extractor_version", "body",
                  "raw_text", "needs_review", "review_reasons", "edited_fields", "language", "language_source",
                  "language_confidence")


def _articles(names):
    """Every article in the order stored, read ``CHUNK`` at a time with their relations."""
    last = 0
    while True:
        rows = list(Article.objects.filter(pk__gt=last).order_by("pk").values(
            *ARTICLE_FIELDS, "story_id", "story__original__slug")[:CHUNK])
        if not rows:
            return
        ids = [row["id"] for row in rows]
        last = ids[-1]
        related = _related(ids)
        for row in rows:
            yield _article(row, {key: values.get(row["id"], []) for key, values in related.items()}, names)


def _related(ids):
    def of(model, *fields):
        return _grouped(model.objects.filter(article_id__in=ids).order_by("pk").values_list("article_id", *fields))

    return {
        "countries": of(Article.countries.through, "country_id"),
        "outlets": of(Article.outlets.through, "outlet_id"),
        "delegations": of(Article.delegations.through, "delegation_id"),
        "people": of(Appearance, "pk", "person_id", "role", "outlet_id", "country_id", "source"),
        "quotes": of(Quote, "text", "speaker_id", "outlet_id", "paragraph", "start", "end", "source",
                     "needs_review", "credited_by"),
        "captions": of(Caption, "position", "text", "credit", "source"),
        "duplicates": of(DuplicateSource, "collection_id", "source_file"),
    }


def _article(row, related, names):
    outlets, people, collections = names[Outlet], names[Person], names[Collection]
    record = {key: row[key] for key in ARTICLE_FIELDS if not key.endswith("id")}
    record.update(
        published=_date(row["published"]), publisher=outlets.get(row["publisher_id"]),
        distributor=outlets.get(row["distributor_id"]), collection=collections[row["collection_id"]],
        countries=sorted(related["countries"]), outlets=sorted(outlets[o] for o in related["outlets"]),
        delegations=sorted(names[Delegation][d] for d in related["delegations"]),
        people=[{"name": people[person], "role": role, "outlet": outlets.get(outlet), "country": country,
                 "source": source}
                for _pk, person, role, outlet, country, source in sorted(
                    related["people"], key=lambda p: (people[p[1]], p[0]))],
        quotes=[{"text": text, "speaker": people.get(speaker), "outlet": outlets.get(outlet), "paragraph": paragraph,
                 "start": start, "end": end, "source": source, "needs_review": needs_review,
                 "credited_by": credited_by}
                for text, speaker, outlet, paragraph, start, end, source, needs_review, credited_by in sorted(
                    related["quotes"], key=lambda q: (q[3], q[4], q[0]))],
        captions=[{"position": position, "text": text, "credit": credit, "source": source}
                  for position, text, credit, source in sorted(related["captions"], key=lambda c: (c[0], c[1]))],
        duplicates=[{"collection": name, "source_file": source_file} for name, source_file in sorted(
            (collections[collection], source_file) for collection, source_file in related["duplicates"])],
        # the story it is in, named by its original's slug (which the copies share, and an import keeps)
        story=(row["story__original__slug"] or f"story {row['story_id']}") if row["story_id"] else None,
    )
    return record


# -- reading JSON a record at a time --------------------------------------------------------------------------
PIECE = 1 << 20  # characters read at a time
WHITESPACE_RE = re.compile(r"[ \t\n\r]*")


class RepeatedKey(Exception):
    pass


def _without_repeated_keys(pairs):
    record = dict(pairs)
    if len(record) != len(pairs):
        seen = set()
        raise RepeatedKey(next(key for key, _ in pairs if key in seen or seen.add(key)))
    return record


class JsonStream:
    """The top-level object of a JSON file, read one member (and one item of a list) at a time, from pieces of
    the file: memory holds the record being read, never the file. Repeated keys are refused."""

    def __init__(self, handle):
        self.handle, self.text, self.at, self.line, self.ended = handle, "", 0, 1, False
        self.decoder = json.JSONDecoder(object_pairs_hook=_without_repeated_keys)

    def _more(self, size=PIECE):
        if self.ended:
            return False
        try:
            piece = self.handle.read(max(size, PIECE))
        except UnicodeDecodeError:
            raise ArchiveError("the file is not UTF-8 text") from None
        if not piece:
            self.ended = True
            return False
        self.line += self.text.count("\n", 0, self.at)
        self.text, self.at = self.text[self.at:] + piece, 0
        return True

    def _next(self):
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.at = WHITESPACE_RE.match(self.text, self.at).end()
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._more():
                return ""

    def _take(self, expected, where):
        found = self._next()
        if not found or found not in expected:
            raise self._error(f"expected {' or '.join(map(repr, expected))}", where)
        self.at += 1
        return found

    def _error(self, message, where, at=None):
        line = self.line + self.text.count("\n", 0, self.at if at is None else at)
        return ArchiveError(f"{where}: the file is not JSON ({message} at line {line})")

    def value(self, where):
        """The next value, whole; ``where`` names it in an error."""
        self._next()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                cut = error.pos >= len(self.text) - 16 or error.msg.startswith("Unterminated string")
                if cut and self._more(len(self.text)):
                    continue  # the value goes on in the next piece
                raise self._error(error.msg, where, error.pos) from None
            except RecursionError:
                raise ArchiveError(f"{where}: nested too deeply to be a newsroom archive's record") from None
            except RepeatedKey as repeated:
                raise ArchiveError(f"{where}: the key {str(repeated)[:60]!r} appears twice in one object") from None
            if end == len(self.text) and self._more(len(self.text)):
                continue  # a number may go on in the next piece
            self.at = end
            return value

    def members(self):
        """The top-level object's keys, in order; the caller reads each one's value before asking for the next."""
        if self._next() != "{":
            raise ArchiveError("not a newsroom archive (expected \"format\": \"newsroom-archive\")")
        self.at += 1
        seen = set()
        if self._next() == "}":
            self.at += 1
        else:
            while True:
                if self._next() != '"':
                    raise self._error("expected a key", "the archive")
                key = self.value("the archive")
                if key in seen:
                    raise ArchiveError(f"the top-level key {key[:60]!r} appears twice")
                seen.add(key)
                self._take(":", key[:60])
                yield key
                if self._take(",}", key[:60]) == "}":
                    break
        if self._next():
            raise self._error("more after the archive's end", "the archive")

    def items(self, kind):
        """The items of a list, one at a time."""
        if self._next() != "[":
            raise ArchiveError(f"{kind}: expected a list of records")
        self.at += 1
        if self._next() == "]":
            self.at += 1
            return
        for index in itertools.count():
            yield self.value(f"{kind}[{index}]")
            if self._take(",]", f"{kind}[{index}]") == "]":
                return


# -- import ----------------------------------------------------------------------------------------------------
def import_archive(path, *, chunk=CHUNK):
    """Restore the export at ``path`` into an empty archive, in one transaction; returns the number of articles.

    Raises ArchiveError when the file cannot be imported (with every problem found, up to ``MAX_PROBLEMS``):
    nothing is then written. A file whose articles come before the other sections (a version-1 export) is
    read twice: the first pass takes the other sections, the second the articles.
    """
    from . import freshness

    with transaction.atomic():
        restore = _Restore(chunk)
        for first in (True, False):
            with open(path, encoding="utf-8") as handle:
                restore.read(JsonStream(handle), first=first)
            if restore.articles_read:
                break
        restore.finish()
        freshness.record_change(sender=Person)  # the archive and its names changed (rows written in bulk)
    return restore.count


def index_imported(progress=None):
    """Index an imported archive: a fresh index built from the database and swapped in whole (adding 100,000
    documents to the live index 500 at a time ran for over an hour; bench_search builds 273 a second), then
    the index outbox rows it covers removed. Each imported article has a row written in the import's own
    transaction, so an import killed before its index is built is indexed by the next start."""
    from ..search import indexing

    up_to = outbox.high_water()
    count = indexing.rebuild(progress=progress)
    IndexOutbox.objects.filter(id__lte=up_to).delete()  # written before the rebuild read the archive
    return count


STORE_ERRORS = (DatabaseError, OverflowError, ValueError, UnicodeError)


def _brief(error):
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def _upgraded(record):
    """A version-1 article as version 2 has it: its collection named, its duplicates in that collection."""
    if isinstance(record, dict):
        record.setdefault("collection", Collection.EARLIER)
        if isinstance(record.get("duplicates"), list):
            record["duplicates"] = [{"collection": record["collection"], "source_file": name}
                                    if isinstance(name, str) else name for name in record["duplicates"]]
    return record


class _Restore:
    """One import: the sections read, the problems found, and the ids of the records written by name."""

    def __init__(self, chunk):
        self.chunk = chunk
        self.header, self.sections, self.problems = {}, {}, []
        self.references = References()
        self.ids = {kind: {} for kind in NAMED}
        self.count, self.articles_read, self.names_written = 0, False, False
        self.stories, self.imported = {}, []  # {story: ([article id], original id)}, every article's id

    def read(self, stream, *, first):
        for key in stream.members():
            if key in ("format", "version"):
                value = stream.value(key)
                if first:
                    self.header[key] = value
                    self._check_header()
            elif key in NAMED:
                if first:
                    self._read_named(key, stream.items(key))
                else:
                    for _ in stream.items(key):
                        pass
            elif key == "articles":
                if self._ready():
                    self._write_named()
                    self._read_articles(stream.items(key))
                else:
                    for _ in stream.items(key):  # read again once the other sections are known
                        pass
            else:
                raise ArchiveError(f"unknown top-level key {key[:60]!r} (a newsroom archive has format, version, "
                                   f"{', '.join(NAMED)} and articles)")
        if first:
            self._check_header(complete=True)
            missing = [kind for kind in self._required() if kind not in self.sections]
            if missing:
                raise ArchiveError(f"{', '.join(missing)}: missing (a list of records each)")
            self._write_named()

    def _check_header(self, *, complete=False):
        if ("format" in self.header or complete) and self.header.get("format") != FORMAT:
            raise ArchiveError("not a newsroom archive (expected \"format\": \"newsroom-archive\")")
        version = self.header.get("version")
        if ("version" in self.header or complete) and (type(version) is not int or version not in READS):
            raise ArchiveError(f"unsupported archive version {str(version)[:20]} "
                               f"(this newsroom reads {', '.join(map(str, READS))})")

    def _required(self):
        return NAMED if self.header.get("version", VERSION) >= 2 else NAMED[1:]

    def _ready(self):
        return {"format", "version"} <= self.header.keys() and all(k in self.sections for k in self._required())

    def _add(self, problems):
        self.problems.extend(problems)
        if len(self.problems) > MAX_PROBLEMS:
            raise self._refusal()

    def _refusal(self):
        if len(self.problems) == 1:
            return ArchiveError(self.problems[0])
        more = (f" (the first {MAX_PROBLEMS} shown; reading stopped there)"
                if len(self.problems) > MAX_PROBLEMS else "")
        return ArchiveError(f"{len(self.problems)} problem(s) in the archive{more}:\n  "
                            + "\n  ".join(self.problems[:MAX_PROBLEMS]))

    def finish(self):
        if not self.articles_read:
            raise ArchiveError("articles: missing (a list of records)")
        self._add(self.references.unlisted())
        if self.problems:
            raise self._refusal()
        stories.restore(list(self.stories.values()))
        stories.keep_bands(self.imported)  # derived from the text, as the ingest writes them

    def _read_named(self, kind, items):
        records = []
        for index, record in enumerate(items):
            problems = record_problems(kind, index, record)
            if problems:
                self.references.refused(kind, record)
            else:
                problems = self.references.named(kind, index, record)
            self._add(problems)
            records.append((index, record, not problems))
        self.sections[kind] = records

    def _read_articles(self, items):
        batch = []
        for index, record in enumerate(items):
            if self.header["version"] == 1:
                record = _upgraded(record)
            problems = record_problems("articles", index, record)
            if problems:
                self.references.refused("articles", record)
            else:
                problems = self.references.article(index, record)
            self._add(problems)
            self.count += 1
            if not self.problems:
                batch.append((index, record))
                if len(batch) >= self.chunk:
                    self._store_articles(batch)
                    batch = []
        if batch and not self.problems:
            self._store_articles(batch)
        self.articles_read = True

    # -- writing ---------------------------------------------------------------------------------------------------
    def _guarded(self, kind, pairs, write):
        """``write(records)`` in a savepoint; on a database error, each record alone, to name the one refused.
        Returns what the writes returned, as one list."""
        try:
            with transaction.atomic():
                return write([record for _, record in pairs])
        except STORE_ERRORS:
            pass
        written = []
        for index, record in pairs:
            try:
                with transaction.atomic():
                    written += write([record])
            except STORE_ERRORS as error:
                where = label(kind, index, record)
                raise ArchiveError(f"{where}: the database refused it ({_brief(error)})") from None
        return written

    def _write_named(self):
        if self.names_written:
            return
        self.names_written = True
        self.references.implicit_collections = "collections" not in self.sections
        for kind in ("outlets", "people", "delegations"):
            for index, record, good in self.sections.get(kind, []):
                if good:
                    self._add(self.references.of_named(kind, index, record))
        if self.problems:
            return
        if any(model.objects.exists() for model in (Article, Outlet, Person, Delegation)):
            raise ArchiveError("the archive is not empty; import only into an empty database")
        for kind, write in (("collections", self._write_collections), ("outlets", self._write_outlets),
                            ("people", self._write_people), ("delegations", self._write_delegations)):
            records = [(index, record) for index, record, _ in self.sections.get(kind, [])]
            for start in range(0, len(records), self.chunk):
                self._guarded(kind, records[start:start + self.chunk], write)
        parented = [(index, record) for index, record, _ in self.sections["outlets"] if record["parent"]]
        self._guarded("outlets", parented, self._write_parents)
        self.sections = dict.fromkeys(self.sections, [])  # written: only their ids are needed now

    def _write_collections(self, records):
        for r in records:
            collection, _ = Collection.objects.update_or_create(name=r["name"], defaults={"root": r["root"]})
            self.ids["collections"][r["name"]] = collection.pk
        return []

    def _write_outlets(self, records):
        made = Outlet.objects.bulk_create([Outlet(
            name=r["name"], slug=r["slug"], abbreviation=r["abbreviation"], aliases=r["aliases"], kind=r["kind"],
            country_id=r["country"], edited_fields=r["edited_fields"]) for r in records])
        self.ids["outlets"].update((outlet.name, outlet.pk) for outlet in made)
        return []

    def _write_parents(self, records):
        outlets = self.ids["outlets"]
        Outlet.objects.bulk_update([Outlet(pk=outlets[r["name"]], parent_id=outlets[r["parent"]]) for r in records],
                                   ["parent"])
        return []

    def _write_people(self, records):
        made = Person.objects.bulk_create([Person(
            name=r["name"], name_key=name_key(r["name"]), slug=r["slug"], aliases=r["aliases"], country_id=r["country"],
            edited_fields=r["edited_fields"]) for r in records])
        self.ids["people"].update((person.name, person.pk) for person in made)
        return []

    def _write_delegations(self, records):
        made = Delegation.objects.bulk_create([Delegation(
            name=r["name"], slug=r["slug"], kind=r["kind"], organiser=r["organiser"], start=r["start"], end=r["end"],
            location=r["location"], stated_size=r["stated_size"], aliases=r["aliases"], regions=r["regions"],
            edited_fields=r["edited_fields"]) for r in records])
        self.ids["delegations"].update((delegation.name, delegation.pk) for delegation in made)
        self._link(Delegation, "delegation", list(zip(records, made)),
                   (("countries", "country", None), ("outlets", "outlet", "outlets"), ("people", "person", "people")))
        return []

    def _link(self, model, source, pairs, relations):
        """The many-to-many rows of records just made: ``(field, target, kind of the names it holds)``."""
        for field, target, kind in relations:
            through = model._meta.get_field(field).remote_field.through
            through.objects.bulk_create([through(**{
                f"{source}_id": made.pk, f"{target}_id": value if kind is None else self.ids[kind][value]})
                for record, made in pairs for value in record[field]])

    def _store_articles(self, batch):
        collections = self.ids["collections"]
        for _, record in batch:  # a version-1 file's collections are made as its articles name them
            for name in [record["collection"]] + [d["collection"] for d in record.get("duplicates", [])]:
                if name not in collections:
                    collections[name] = Collection.objects.get_or_create(name=name)[0].pk
        outbox.record(self._guarded("articles", batch, self._write_articles))  # indexed by index_imported()
        reset_queries()  # with DEBUG on, Django keeps the last 9,000 queries' SQL: each batch's is megabytes

    def _write_articles(self, records):
        ids, outlets, people = self.ids, self.ids["outlets"], self.ids["people"]
        made = Article.objects.bulk_create([Article(
            collection_id=ids["collections"][r["collection"]], slug=r["slug"], title=r["title"],
            published=r["published"], date_source=r["date_source"], publisher_id=outlets.get(r["publisher"]),
            distributor_id=outlets.get(r["distributor"]), dateline=r["dateline"], source_file=r["source_file"],
            source_url=r["source_url"], content_hash=r["content_hash"], extractor_version=r["extractor_version"],
            # as Article.save keeps a body: a browser's CRLF line ends made LF, blocks being split on blank lines
            body=r["body"].replace("\r\n", "\n").replace("\r", "\n"), raw_text=r["raw_text"],
            needs_review=r["needs_review"], review_reasons=r["review_reasons"], edited_fields=r["edited_fields"],
            language=r.get("language", ""), language_source=r.get("language_source", ""),
            language_confidence=r.get("language_confidence"))
            for r in records])
        pairs = list(zip(records, made))
        for r, article in pairs:
            self.imported.append(article.pk)
            if r.get("story") is not None:
                members, original = self.stories.setdefault(r["story"], ([], None))
                members.append(article.pk)
                if r["slug"] == r["story"]:
                    self.stories[r["story"]] = (members, article.pk)
        self._link(Article, "article", pairs, (("countries", "country", None), ("outlets", "outlet", "outlets"),
                                               ("delegations", "delegation", "delegations")))
        Appearance.objects.bulk_create([Appearance(
            article_id=article.pk, person_id=people[p["name"]], role=p["role"], outlet_id=outlets.get(p["outlet"]),
            country_id=p["country"], source=p.get("source", Provenance.EXTRACTED))
            for r, article in pairs for p in r["people"]])
        Quote.objects.bulk_create([Quote(
            article_id=article.pk, published=r["published"], speaker_id=people.get(q["speaker"]), text=q["text"],
            outlet_id=outlets.get(q["outlet"]), paragraph=q.get("paragraph", 0), start=q.get("start", 0),
            end=q.get("end", 0), source=q.get("source", Provenance.EXTRACTED),
            needs_review=q.get("needs_review", False), credited_by=q.get("credited_by", ""))
            for r, article in pairs for q in r["quotes"]])
        Caption.objects.bulk_create([Caption(article_id=article.pk, **c)
                                     for r, article in pairs for c in r.get("captions", [])])
        DuplicateSource.objects.bulk_create([DuplicateSource(
            article_id=article.pk, collection_id=ids["collections"][d["collection"]], source_file=d["source_file"])
            for r, article in pairs for d in r.get("duplicates", [])])
        return [article.pk for article in made]
