"""Small helpers that create records the way the ingest would."""
import hashlib

from articles.models import Appearance, Article, Collection, Country, Delegation, Outlet, Person, Provenance, Quote


def make_article(title="A visit", body="First paragraph.\n\nSecond paragraph.", **fields):
    fields.setdefault("source_file", f"{title[:40]}.txt")
    if "collection" not in fields:
        fields["collection"] = Collection.objects.get_or_create(name="test files")[0]
    fields.setdefault("raw_text", f"{title}\n\n{body}")
    fields.setdefault("content_hash", hashlib.sha256(fields["raw_text"].encode()).hexdigest())
    return Article.objects.create(title=title, body=body, **fields)


def make_outlet(name, country=None, **fields):
    return Outlet.objects.create(name=name, country=Country.objects.get(code=country) if country else None, **fields)


def make_person(name, country=None, **fields):
    return Person.objects.create(name=name, country=Country.objects.get(code=country) if country else None, **fields)


def make_delegation(name, **fields):
    return Delegation.objects.create(name=name, **fields)


def quote(article, speaker, text, **fields):
    fields.setdefault("source", Provenance.EXTRACTED)
    return Quote.objects.create(article=article, speaker=speaker, text=text, **fields)


def appear(article, person, role="", outlet=None, **fields):
    fields.setdefault("source", Provenance.EXTRACTED)
    return Appearance.objects.create(article=article, person=person, role=role, outlet=outlet, **fields)
