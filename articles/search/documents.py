"""Articles as index documents, built in bulk with a fixed number of queries."""
import hashlib
import json

import re

from django.db.models import Prefetch

from ..models import Appearance, Article, Quote
from .languages import LANGUAGE_FIELDS


SPELLING_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def article_queryset():
    """Articles with every related record an index document needs, in a fixed number of queries. Each relation
    is read into a plain list (``to_attr``): a prefetch kept as the relation's cache costs Django a queryset
    per article and relation, which was most of a rebuild's time spent outside Whoosh."""
    return Article.objects.select_related("publisher", "distributor", "story").prefetch_related(
        Prefetch("outlets", to_attr="outlet_list"), Prefetch("countries", to_attr="country_list"),
        Prefetch("delegations", to_attr="delegation_list"), Prefetch("captions", to_attr="caption_list"),
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker"), to_attr="quote_list"),
        Prefetch("appearances", queryset=Appearance.objects.select_related("person"), to_attr="appearance_list"),
    )


def _names(records):
    return " ".join(name for record in records for name in record.all_names() if name)


def to_document(article):
    """The index document of an article read with ``article_queryset()``."""
    return document_of(
        article, quotes=article.quote_list, people=[a.person for a in article.appearance_list],
        outlets=article.outlet_list, delegations=article.delegation_list, countries=article.country_list,
        captions=article.caption_list)


def _by_name(records):
    """In one order whatever the database's collation (the in-memory records of an ingest have none)."""
    return sorted(records, key=lambda record: (record.name, record.pk))


def copy_role(article):
    """"original" or "copy" for an article in a story (:mod:`articles.records.stories`), else ""."""
    if not article.story_id:
        return ""
    return "original" if article.story.original_id == article.pk else "copy"


def document_of(article, *, quotes, people, outlets, delegations, countries, captions):
    """The index document of an article and its related records: quotes in text order, people in the order
    they were stored, outlets (publisher and distributor aside), delegations, countries and captions."""
    quotes = list(quotes)
    speakers = {q.speaker for q in quotes if q.speaker}
    outlets = _by_name(outlets)
    publishers = [o for o in (article.publisher, article.distributor) if o]
    delegations = _by_name(delegations)
    countries = _by_name(countries)
    body_text = article.body.replace("## ", "")
    doc = {
        "id": str(article.pk),
        "title": article.title,
        "body": body_text,
        "quotes": "\n".join(q.text for q in quotes),
        "speakers_text": _names(speakers),
        "outlets_text": _names(outlets + publishers),
        "people_text": _names(people),
        "delegation_text": _names(delegations),
        "publisher_text": _names(publishers),
        "countries_text": " ".join(f"{c.name} {c.code}" for c in countries),
        # photo captions and credits: shown on the article page, so findable (what cleaning removed is not)
        "extra": "\n".join(f"{caption.text} {caption.credit}".strip() for caption in captions),
        # each word once: suggestions need the vocabulary, not the frequencies
        "spelling": " ".join(dict.fromkeys(SPELLING_WORD_RE.findall(f"{article.title}\n{body_text}".lower()))),
        "country": ",".join(sorted(c.code for c in countries)),
        "outlet": ",".join(sorted({o.slug for o in outlets + publishers})),
        "delegation": ",".join(sorted(d.slug for d in delegations)),
        "speaker": ",".join(sorted(p.slug for p in speakers)),
        "publisher": article.publisher.slug if article.publisher else "",
        "language": article.language,
        # the story its copies share (article.story), and which of them it is: one result per story
        "story": str(article.story_id or ""),
        "copy": copy_role(article),
        "year": article.published.year if article.published else 0,
        "published": article.published.toordinal() if article.published else 0,
        "dated": 1 if article.published else 0,
        "month": article.published.year * 100 + article.published.month if article.published else 0,
    }
    if article.language in LANGUAGE_FIELDS:  # stemmed in its own language too; English articles as they were
        doc[LANGUAGE_FIELDS[article.language]] = f"{article.title}\n{body_text}"
    doc["fingerprint"] = hashlib.sha1(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    return doc


def documents_for(ids=None, *, chunk=500):
    """Index documents for the given article ids (all when None), streamed in chunks."""
    queryset = article_queryset().order_by("pk")
    if ids is not None:
        ids = sorted(set(ids))
        for start in range(0, len(ids), chunk):
            for article in queryset.filter(pk__in=ids[start:start + chunk]):
                yield to_document(article)
        return
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        for article in batch:
            yield to_document(article)
        last = batch[-1].pk
