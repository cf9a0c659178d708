"""The backup format: the whole archive as one JSON document.

``export_archive`` → ``import_archive`` → ``export_archive`` gives identical
files: every list is in a stable order and every record is named by its slug.
"""
from django.db import transaction

from .archive_checks import archive_problems
from .ingest.collections import EARLIER
from .models import (
    Appearance, Article, Caption, Collection, Country, Delegation, DuplicateSource, Outlet, Person, Provenance,
    Quote,
)

FORMAT, VERSION = "newsroom-archive", 1


class ArchiveError(Exception):
    pass


def _date(value):
    return value.isoformat() if value else None


def export_archive():
    outlets = Outlet.objects.select_related("country", "parent").order_by("slug")
    people = Person.objects.select_related("country").order_by("slug")
    delegations = Delegation.objects.prefetch_related("countries", "outlets", "people", "articles").order_by("slug")
    articles = Article.objects.select_related("publisher", "distributor", "collection").prefetch_related(
        "countries", "outlets", "delegations", "captions", "duplicate_sources",
        "appearances__person", "appearances__outlet", "appearances__country", "quotes__speaker", "quotes__outlet",
    ).order_by("slug")
    return {
        "format": FORMAT, "version": VERSION,
        "articles": [{
            "slug": a.slug, "title": a.title, "published": _date(a.published), "date_source": a.date_source,
            "publisher": a.publisher.name if a.publisher else None,
            "distributor": a.distributor.name if a.distributor else None,
            "dateline": a.dateline, "collection": a.collection.name, "source_file": a.source_file,
            "source_url": a.source_url,
            "content_hash": a.content_hash, "extractor_version": a.extractor_version, "body": a.body,
            "raw_text": a.raw_text, "needs_review": a.needs_review, "review_reasons": a.review_reasons,
            "edited_fields": a.edited_fields,
            "countries": sorted(c.code for c in a.countries.all()),
            "outlets": sorted(o.name for o in a.outlets.all()),
            "delegations": sorted(d.name for d in a.delegations.all()),
            "people": [{"name": p.person.name, "role": p.role, "outlet": p.outlet.name if p.outlet else None,
                        "country": p.country_id, "source": p.source}
                       for p in sorted(a.appearances.all(), key=lambda p: (p.person.name, p.pk))],
            "quotes": [{"text": q.text, "speaker": q.speaker.name if q.speaker else None,
                        "outlet": q.outlet.name if q.outlet else None, "paragraph": q.paragraph,
                        "start": q.start, "end": q.end, "source": q.source, "needs_review": q.needs_review}
                       for q in sorted(a.quotes.all(), key=lambda q: (q.paragraph, q.start, q.text))],
            "captions": [{"position": c.position, "text": c.text, "credit": c.credit, "source": c.source}
                         for c in sorted(a.captions.all(), key=lambda c: (c.position, c.text))],
            "duplicates": sorted(d.source_file for d in a.duplicate_sources.all()),
        } for a in articles],
        "outlets": [{
            "name": o.name, "slug": o.slug, "abbreviation": o.abbreviation, "aliases": o.aliases, "kind": o.kind,
            "country": o.country_id, "parent": o.parent.name if o.parent else None, "edited_fields": o.edited_fields,
        } for o in outlets],
        "people": [{"name": p.name, "slug": p.slug, "aliases": p.aliases, "country": p.country_id,
                    "edited_fields": p.edited_fields} for p in people],
        "delegations": [{
            "name": d.name, "slug": d.slug, "kind": d.kind, "organiser": d.organiser, "start": _date(d.start),
            "end": _date(d.end), "location": d.location, "stated_size": d.stated_size, "aliases": d.aliases,
            "regions": d.regions, "countries": sorted(c.code for c in d.countries.all()),
            "outlets": sorted(o.name for o in d.outlets.all()), "people": sorted(p.name for p in d.people.all()),
            "articles": sorted(a.slug for a in d.articles.all()), "edited_fields": d.edited_fields,
        } for d in delegations],
    }


@transaction.atomic
def import_archive(data):
    """Restore an export into an empty archive; raises ArchiveError on a bad file."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError("not a newsroom archive (expected \"format\": \"newsroom-archive\")")
    if data.get("version") != VERSION:
        raise ArchiveError(f"unsupported archive version {data.get('version')!r} (this newsroom reads {VERSION})")
    if Article.objects.exists() or Outlet.objects.exists() or Person.objects.exists():
        raise ArchiveError("the archive is not empty; import only into an empty database")
    problems = archive_problems(data)
    if problems:
        raise ArchiveError(f"{len(problems)} problem(s) in the archive:\n  " + "\n  ".join(problems))
    return _restore(data)


def _restore(data):
    countries = set(Country.objects.values_list("code", flat=True))

    def country(code):
        return code if code in countries else None

    outlets = {}
    for o in data["outlets"]:
        outlets[o["name"]] = Outlet.objects.create(
            name=o["name"], slug=o["slug"], abbreviation=o["abbreviation"], aliases=o["aliases"], kind=o["kind"],
            country_id=country(o["country"]), edited_fields=o["edited_fields"])
    for o in data["outlets"]:
        if o["parent"]:
            Outlet.objects.filter(pk=outlets[o["name"]].pk).update(parent=outlets[o["parent"]])
    people = {p["name"]: Person.objects.create(
        name=p["name"], slug=p["slug"], aliases=p["aliases"], country_id=country(p["country"]),
        edited_fields=p["edited_fields"]) for p in data["people"]}
    delegations = {}
    for d in data["delegations"]:
        delegation = Delegation.objects.create(
            name=d["name"], slug=d["slug"], kind=d["kind"], organiser=d["organiser"], start=d["start"], end=d["end"],
            location=d["location"], stated_size=d["stated_size"], aliases=d["aliases"], regions=d["regions"],
            edited_fields=d["edited_fields"])
        delegation.countries.set([c for c in map(country, d["countries"]) if c])
        delegation.outlets.set([outlets[n] for n in d["outlets"]])
        delegation.people.set([people[n] for n in d["people"]])
        delegations[d["name"]] = delegation
    collections = {}
    for a in data["articles"]:
        name = a.get("collection") or EARLIER
        if name not in collections:
            collections[name] = Collection.objects.get_or_create(name=name)[0]
        article = Article.objects.create(
            collection=collections[name],
            slug=a["slug"], title=a["title"], published=a["published"], date_source=a["date_source"],
            publisher=outlets.get(a["publisher"]), distributor=outlets.get(a["distributor"]), dateline=a["dateline"],
            source_file=a["source_file"], source_url=a["source_url"], content_hash=a["content_hash"],
            extractor_version=a["extractor_version"], body=a["body"], raw_text=a["raw_text"],
            needs_review=a["needs_review"], review_reasons=a["review_reasons"], edited_fields=a["edited_fields"])
        article.countries.set([c for c in map(country, a["countries"]) if c])
        article.outlets.set([outlets[n] for n in a["outlets"]])
        article.delegations.set([delegations[n] for n in a["delegations"]])
        Appearance.objects.bulk_create([Appearance(
            article=article, person=people[p["name"]], role=p["role"], outlet=outlets.get(p["outlet"]),
            country_id=country(p["country"]), source=p.get("source", Provenance.EXTRACTED)) for p in a["people"]])
        Quote.objects.bulk_create([Quote(
            article=article, published=article.published, speaker=people.get(q["speaker"]), text=q["text"],
            outlet=outlets.get(q["outlet"]),
            paragraph=q.get("paragraph", 0), start=q.get("start", 0), end=q.get("end", 0),
            source=q.get("source", Provenance.EXTRACTED), needs_review=q.get("needs_review", False))
            for q in a["quotes"]])
        Caption.objects.bulk_create([Caption(article=article, **c) for c in a.get("captions", [])])
        DuplicateSource.objects.bulk_create([DuplicateSource(article=article, collection=collections[name], source_file=f)
                                             for f in a.get("duplicates", [])])
    return len(data["articles"])
