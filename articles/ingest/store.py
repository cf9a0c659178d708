"""Storing an extracted article: one transaction per file, editors' changes kept.

Records are matched across the archive by name, alias or abbreviation (any
case, any order of a person's name parts), so "CMG" and "China Media Group"
are one outlet. Fields and relations an editor changed are never written.
"""
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q

from ..models import (
    Appearance, Article, Caption, Collection, Country, DeletedArticle, Delegation, DuplicateSource, Outlet, Person,
    Provenance, Quote, unique_slug,
)
from ..kernel.transliteration import name_key
from ..records import stories
from ..search import indexing
from ..search.documents import document_of
from .collections import CAPTURES, file_is_gone, is_same_file
from .extraction.outlets import outlet_key
from .urls import normalise
from .visitlinks import same_visit

EXTRACTOR_VERSION = "10"


@dataclass
class Outcome:
    status: str  # created, updated, unchanged, duplicate; deleted: an editor deleted it, not stored again
    article: Article | None
    kept_edits: int = 0
    document: dict | None = None  # a new article's index document, from what was just written


def person_key(name):
    return frozenset(name.casefold().replace("’", "'").split())


class Known(NamedTuple):
    pk: int
    content_hash: str
    extractor_version: str


class Directory:
    """What the archive holds, loaded once per run so storing an article needs few queries.

    Outlets, people and delegations by every name they go by; articles by collection and file, and by
    content; the slugs in use; what editors deleted. A concurrent writer can make it stale: the ingest then
    retries the file with a fresh directory (see ``run``).
    """

    def __init__(self):
        self.countries = {country.code: country for country in Country.objects.all()}
        self.outlets, self.people, self.delegations = {}, {}, {}
        for outlet in Outlet.objects.all():
            self._remember_outlet(outlet)
        for person in Person.objects.all():
            for name in person.all_names():
                self.people.setdefault(person_key(name), person)
        self.visits = []  # (what each delegation reports, as visitlinks compares it, the delegation)
        for delegation in Delegation.objects.select_related("leader").prefetch_related("countries"):
            for name in delegation.all_names():
                self.delegations.setdefault(name.casefold(), delegation)
            self.visits.append((_Reported.of(delegation), delegation))
        self.articles, self.hashes, self.files = {}, {}, {}
        for pk, content_hash, version, collection_id, source_file in Article.objects.values_list(
                "pk", "content_hash", "extractor_version", "collection_id", "source_file"):
            self.remember_article(Known(pk, content_hash, version), (collection_id, source_file))
        self.collections = {collection.pk: collection for collection in Collection.objects.all()}
        self.deleted_files = set(DeletedArticle.objects.values_list("collection_id", "source_file"))
        self.deleted_hashes = set(DeletedArticle.objects.values_list("content_hash", flat=True))
        self.slugs = {model: set(model.objects.values_list("slug", flat=True))
                      for model in (Article, Outlet, Person, Delegation)}

    def unchanged(self, file, content_hash):
        """The article's id when this file (collection id, path) is stored already with this content by this
        extractor; else None."""
        known = self.articles.get(file)
        if known and known.content_hash == content_hash and known.extractor_version == EXTRACTOR_VERSION:
            return known.pk
        return None

    def known(self, file, content_hash, here=None):
        """The article a file (collection id, path; on disk at ``here``) is stored as.

        A file not stored under its path may be an article whose file moved: the article holding the same
        content, when its own file has left its folder (a renamed folder, a renamed file, or an archive
        stored before collections) or is this very file seen from another folder, is adopted — moved to
        this file — so nothing is doubled or lost.
        """
        known = self.articles.get(file)
        if known is not None:
            return known
        holder = self.hashes.get(content_hash)
        if holder is None:
            return None
        collection_id, source_file = self.files[holder]
        if collection_id not in self.collections:  # made during this run (a capture run's first page makes it)
            self.collections[collection_id] = Collection.objects.get(pk=collection_id)
        collection = self.collections[collection_id]
        seen_from_another_folder = collection_id != file[0] and is_same_file(collection, source_file, here)
        if not (seen_from_another_folder or file_is_gone(collection, source_file)):
            return None
        Article.objects.filter(pk=holder).update(collection_id=file[0], source_file=file[1])
        known = self.articles.pop((collection_id, source_file))
        self.remember_article(known, file)
        return known

    def captured_at(self, address):
        """The captured article a page's address names (a captured page's article is named by the address it
        is known by), or None: a page read from a web archive at that address is that article, not another."""
        try:
            key = normalise(address)[:1000]
        except ValueError:
            return None
        found = Article.objects.filter(collection__name=CAPTURES, source_file=key).values_list(
            "pk", "content_hash", "extractor_version").first()
        return Known(*found) if found else None

    def remember_article(self, known, file):
        before = self.articles.get(file)
        if before and self.hashes.get(before.content_hash) == before.pk:
            del self.hashes[before.content_hash]
        self.articles[file] = known
        self.files[known.pk] = file
        self.hashes.setdefault(known.content_hash, known.pk)

    def deleted_by_editor(self, file, content_hash):
        """Whether an editor deleted the article this file (or this content) was."""
        return file in self.deleted_files or content_hash in self.deleted_hashes

    def restore(self, file, content_hash):
        """Forget an editor's deletion of this file and content, so they are stored again."""
        collection_id, source_file = file
        DeletedArticle.objects.filter(Q(collection_id=collection_id, source_file=source_file)
                                      | Q(content_hash=content_hash)).delete()
        self.deleted_files.discard(file)
        self.deleted_hashes.discard(content_hash)

    def name(self, record, text):
        """Give a new record a slug no other record of its kind has."""
        if not record.slug:
            taken = self.slugs[type(record)]
            record.slug = unique_slug(type(record), text, is_taken=taken.__contains__)
            taken.add(record.slug)

    def _remember_outlet(self, outlet):
        for name in outlet.all_names():
            if name:
                self.outlets.setdefault(outlet_key(name), outlet)

    def country(self, code):
        return code if code in self.countries else None

    def outlet(self, fact):
        kept = 0
        outlet = next((self.outlets[k] for k in map(outlet_key, fact.names()) if k in self.outlets), None)
        if outlet is None:
            outlet = Outlet(name=fact.name)
            self.name(outlet, fact.name)
        before = (outlet.abbreviation, outlet.kind, outlet.country_id, len(outlet.aliases))
        if outlet.pk is not None and "aliases" not in outlet.edited_fields:
            outlet.add_aliases(fact.names())
        kept += outlet.apply_extracted(
            abbreviation=outlet.abbreviation or fact.abbreviation,
            kind=_kind(outlet.kind if outlet.pk else "", fact.kind),
            country_id=self.country(fact.country) or outlet.country_id,
        )
        if outlet.pk is None or before != (outlet.abbreviation, outlet.kind, outlet.country_id, len(outlet.aliases)):
            outlet.save()
        self._remember_outlet(outlet)
        return outlet, kept

    def link_parent(self, outlet, fact):
        """Set the parent once every outlet of the article exists."""
        parent = self.outlets.get(outlet_key(fact.parent)) if fact.parent else None
        if parent is None or parent.pk == outlet.pk or outlet.parent_id == parent.pk:
            return 0
        kept = outlet.apply_extracted(parent_id=parent.pk)
        outlet.save(update_fields=["parent"])
        return kept

    def outlet_named(self, name):
        return self.outlets.get(outlet_key(name)) if name else None

    def people_of(self, facts):
        """{name: person} for an article's people; new ones are created in one query."""
        people, new, kept = {}, [], 0
        for fact in facts:
            key = person_key(fact.name)
            person = self.people.get(key)
            if person is None:
                person = Person(name=fact.name, name_key=name_key(fact.name), country_id=self.country(fact.country))
                self.name(person, fact.name)
                new.append(person)
            elif person.pk is not None:
                before = person.country_id
                kept += person.apply_extracted(country_id=self.country(fact.country) or person.country_id)
                if before != person.country_id:
                    person.save(update_fields=["country"])
            self.people[key] = people[fact.name] = person
        Person.objects.bulk_create(new)
        return people, kept

    def delegation(self, fact, resolve_outlet):
        """The delegation record of a visit: the one of the same name, else the one reporting the same visit
        (:func:`.visitlinks.same_visit`: the same host country, and agreement on who came, when), else new."""
        key = fact.name.casefold()
        delegation = self.delegations.get(key) or next(
            (d for name, d in self.delegations.items() if name.endswith(key) or key.endswith(name)), None)
        if delegation is None and fact.host_country:
            delegation = next((d for reported, d in self.visits if same_visit(reported, fact)), None)
        if delegation is None:
            delegation = Delegation(name=fact.name)
            self.name(delegation, fact.name)
        described = ("kind", "organiser", "start", "end", "location", "regions", "stated_size", "visitors",
                     "leader_id", "host_city", "host_region", "host_country_id", "host_organisation", "itinerary",
                     "date_basis")
        before = [getattr(delegation, name) for name in described]
        leader = self.people.get(person_key(fact.leader)) if fact.leader else None
        kept = delegation.apply_extracted(
            kind=fact.kind if delegation.pk is None else delegation.kind, organiser=delegation.organiser or fact.organiser,
            **_visit_days(delegation, fact),
            location=delegation.location or fact.location,
            regions=sorted(set(delegation.regions) | set(fact.regions)),
            stated_size=delegation.stated_size or fact.stated_size, visitors=delegation.visitors or fact.visitors[:300],
            leader_id=delegation.leader_id or (leader.pk if leader and leader.pk else None),
            host_city=delegation.host_city or fact.host_city[:100],
            host_region=delegation.host_region or fact.host_region[:100],
            host_country_id=delegation.host_country_id or self.country(fact.host_country),
            host_organisation=delegation.host_organisation or fact.host_organisation[:300],
            itinerary=list(dict.fromkeys([*delegation.itinerary, *fact.itinerary])),
            date_basis="stated" if "stated" in (delegation.date_basis, fact.date_basis) else (
                delegation.date_basis or fact.date_basis),
        )
        if delegation.pk is None or before != [getattr(delegation, name) for name in described]:
            delegation.save()  # an unchanged delegation is not saved: saving re-indexes all its articles
            if not any(d is delegation for _, d in self.visits):
                self.visits.append((_Reported.of(delegation, fact.countries), delegation))
        self.delegations[key] = delegation
        for field, values in (
            ("countries", [c for c in map(self.country, fact.countries) if c]),
            ("outlets", [o for o in map(resolve_outlet, fact.outlets) if o]),
            ("people", [self.people[person_key(n)] for n in fact.people if person_key(n) in self.people]),
        ):
            if field in delegation.edited_fields:
                continue
            getattr(delegation, field).add(*values)
        return delegation, kept


def _visit_days(delegation, fact):
    """A visit's days as its reports tell them: a stated day replaces an inferred one, and stated days of
    several reports widen the visit to all of them."""
    if not (delegation.start and fact.start):
        return {"start": delegation.start or fact.start, "end": delegation.end or fact.end}
    if fact.date_basis != "stated":
        return {"start": delegation.start, "end": delegation.end}
    if delegation.date_basis != "stated":
        return {"start": fact.start, "end": fact.end or fact.start}
    return {"start": min(delegation.start, fact.start),
            "end": max(delegation.end or delegation.start, fact.end or fact.start)}


@dataclass
class _Reported:
    """What a stored delegation reports, in the shape :func:`.visitlinks.same_visit` compares."""

    host_country: str
    host_city: str
    countries: list
    leader: str
    itinerary: list
    start: object
    end: object

    @classmethod
    def of(cls, delegation, countries=None):
        codes = countries if countries is not None else [c.code for c in delegation.countries.all()]
        return cls(delegation.host_country_id or "", delegation.host_city, list(codes),
                   delegation.leader.name if delegation.leader_id and delegation.leader else "",
                   list(delegation.itinerary), delegation.start, delegation.end)


VAGUE_KINDS = ("", "other", "organisation")


def _kind(known, extracted):
    """An outlet's kind after an extraction: a media kind is never lost to a vaguer one (an agency quoted
    as a source in one article stays an agency)."""
    if extracted in VAGUE_KINDS and known not in VAGUE_KINDS:
        return known
    if extracted == "other" and known == "organisation":
        return known
    return extracted


def _set_relation(article, field, values, *, created=False):
    """Replace an extracted relation, unless an editor owns it; returns 1 when an edit was kept."""
    manager = getattr(article, field)
    if created:  # nothing there yet: the rows are written directly, in one query
        through, source, target = manager.through, manager.source_field_name, manager.target_field_name
        targets = dict.fromkeys(getattr(value, "pk", value) for value in values)
        through.objects.bulk_create([through(**{f"{source}_id": article.pk, f"{target}_id": pk}) for pk in targets])
        return 0
    if field in article.edited_fields:
        return int({v.pk for v in values} != set(manager.values_list("pk", flat=True)))
    manager.set(values)
    return 0


@transaction.atomic(savepoint=False)  # inside the ingest's own transaction a failure rolls back the whole file
def store(source, document, extraction, directory, collection, *, restore_deleted=False):
    """Write one file's article into ``collection``; returns an :class:`Outcome`.

    A file or content an editor deleted is not stored again unless ``restore_deleted``.
    """
    file = (collection.pk, source.name)
    known = directory.known(file, source.content_hash, source.path)
    if known is None and source.url:  # a page from a web archive
        known = directory.captured_at(document.source_url)
    article = Article.objects.filter(pk=known.pk).first() if known else None
    if article and article.content_hash == source.content_hash and article.extractor_version == EXTRACTOR_VERSION:
        return Outcome("unchanged", article)
    if article is None and directory.deleted_by_editor(file, source.content_hash):
        if not restore_deleted:
            return Outcome("deleted", None)
        directory.restore(file, source.content_hash)
    original_pk = directory.hashes.get(source.content_hash) if article is None else None
    original = Article.objects.filter(pk=original_pk).first() if original_pk else None
    if original:
        DuplicateSource.objects.get_or_create(collection=collection, source_file=source.name,
                                              defaults={"article": original})
        return Outcome("duplicate", original)
    created = article is None
    article = article or Article(collection=collection, source_file=source.name)
    directory.name(article, document.title[:500])
    kept = 0

    outlets = []
    for fact in extraction.outlets:
        outlet, outlet_kept = directory.outlet(fact)
        kept += outlet_kept
        outlets.append(outlet)
    for outlet, fact in zip(outlets, extraction.outlets):
        kept += directory.link_parent(outlet, fact)
    publisher = directory.outlet_named(document.publisher)
    distributor = directory.outlet_named(document.distributor)

    review_reasons = document.review_reasons + extraction.review_reasons + (
        ["a quote has no speaker"] if any(q.speaker is None for q in extraction.quotes) else [])
    body = document.body_text()
    language = dict(zip(("language", "language_confidence", "language_source"), extraction.language))
    if "language" in article.edited_fields:  # the editor's language, and its source, stay
        kept += article.language != language["language"]
        language = {}
    kept += article.apply_extracted(
        **language,
        title=document.title[:500], published=extraction.published, date_source=extraction.date_source,
        publisher=publisher, distributor=distributor, dateline=document.dateline[:200],
        body=body, source_url=document.source_url[:500],
        needs_review=bool(review_reasons), review_reasons=review_reasons,
    )
    article.raw_text = source.text
    article.content_hash = source.content_hash
    article.extractor_version = EXTRACTOR_VERSION
    article.save()

    directory.remember_article(Known(article.pk, article.content_hash, article.extractor_version),
                               (article.collection_id, article.source_file))
    # a copy of an article stored before joins its story; the others whose story changed are indexed again
    indexing.queue(set(stories.group(article, new=created)) - {article.pk})

    people, people_kept = directory.people_of(extraction.people)
    kept += people_kept

    delegations = []
    for fact in extraction.delegations:
        delegation, delegation_kept = directory.delegation(fact, directory.outlet_named)
        kept += delegation_kept
        delegations.append(delegation)

    mentioned = [o for o in outlets if o not in (publisher, distributor)]
    kept += _set_relation(article, "outlets", mentioned, created=created)
    kept += _set_relation(article, "delegations", delegations, created=created)
    countries = [c for c in map(directory.country, extraction.countries) if c]
    kept += _set_relation(article, "countries", countries, created=created)

    rows_kept, written = _store_rows(article, extraction, document, people, directory, created=created)
    kept += rows_kept
    if not created:
        return Outcome("updated", article, kept)
    # everything the new article shows was just written: its index document needs no reading back
    return Outcome("created", article, kept, document_of(
        article, quotes=sorted(written["quotes"], key=lambda quote: (quote.paragraph, quote.start, quote.pk)),
        people=[appearance.person for appearance in written["appearances"]], outlets=_distinct(mentioned),
        delegations=_distinct(delegations), captions=written["captions"],
        countries=[directory.countries[code] for code in dict.fromkeys(countries)]))


def _distinct(records):
    return list({record.pk: record for record in records}.values())


def _store_rows(article, extraction, document, people, directory, *, created=False):
    """Appearances, quotes and captions: extracted rows are replaced, editors' rows kept.

    Returns the number of editors' rows kept and the rows written (``appearances``, ``quotes``, ``captions``).
    """
    edited_people, edited_quotes = set(), set()
    if not created:
        for rows in (article.appearances, article.quotes, article.captions):
            # nothing hangs off these rows, and the article is re-indexed anyway: no per-row signals needed
            rows.filter(source=Provenance.EXTRACTED)._raw_delete(rows.db)
        edited_people = set(article.appearances.values_list("person_id", flat=True))
        edited_quotes = set(article.quotes.values_list("text", flat=True))
    kept = len(edited_people) + len(edited_quotes)
    appearances = {}  # one per person: two spellings of a name ("Ann Lee", "ANN Lee") are one person
    for fact in extraction.people:
        person = people[fact.name]
        if person.pk not in edited_people and person.pk not in appearances:
            appearances[person.pk] = Appearance(
                article=article, person=person, role=fact.role[:300], outlet=directory.outlet_named(fact.outlet),
                country_id=directory.country(fact.country), source=Provenance.EXTRACTED)
    written = {"appearances": Appearance.objects.bulk_create(appearances.values())}
    written["quotes"] = Quote.objects.bulk_create([
        Quote(article=article, published=article.published, speaker=people.get(fact.speaker), text=fact.text,
              paragraph=fact.block,
              start=fact.start, end=fact.end, outlet=directory.outlet_named(fact.outlet),
              needs_review=fact.speaker is None, credited_by=fact.credited_by, source=Provenance.EXTRACTED)
        for fact in extraction.quotes if fact.text not in edited_quotes
    ])
    written["captions"] = Caption.objects.bulk_create([
        Caption(article=article, position=position, text=block.text, credit=block.credit[:200],
                source=Provenance.EXTRACTED)
        for position, block in document.captions()
    ])
    return kept, written
