"""Copies of one story: an agency's wire copy republished by other outlets with a new headline, a local first
paragraph or a cut ending, grouped into one :class:`~articles.models.Story`.

An article's body is read as *shingles*, its runs of five words. A MinHash signature of them (``signature``),
cut into bands, is kept per article (:class:`~articles.models.CopyBand`): two articles sharing a band are
candidate copies. A candidate is a copy when most of the shorter text's shingles are in the longer one
(containment, not symmetric similarity, so a cut copy is found) and the shorter is not a small part of the
longer (a round-up quoting a story is not its copy).

Grouping is incremental and ordered: an article is compared with the articles stored before it (lower ids)
and joins the story of the one it copies most (a story is judged by the first of its members it copies, those
sharing the most bands read first, so a story of forty copies costs one comparison). ``group_copies`` replays
the archive in that order, so it gives the groups the ingest gave. An editor's choice of story (``story`` in
``edited_fields``, none included) is never changed.
"""
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
import hashlib
import json
import re
import statistics
import time
import zlib

from django.db import connection, transaction

from ..models import Article, CopyBand, Story
from ..search import indexing

SHINGLE_WORDS = 5
PERMUTATIONS, BANDS = 96, 32  # 32 bands of 3 rows: a pair is a candidate at Jaccard 0.4 with p=0.88, 0.5: 0.99
ROWS = PERMUTATIONS // BANDS
MIN_SHINGLES = 40  # about 45 words: shorter texts (briefs, captions) share too much by chance to be grouped
COPY_SHARE = 0.7  # of the shorter text's shingles found in the longer
MIN_LENGTH_RATIO = 0.3  # the shorter text's shingles against the longer's: a round-up is not a copy
PARAGRAPH_SHARE = 0.5  # a paragraph is kept by a copy when this share of its shingles are in the other
CANDIDATES = 50  # most candidates read per article, those sharing the most bands first
HEAD_CHARS, TAIL_CHARS = 300, 120  # where a dateline or sign-off credits an agency
SHINGLES_KEPT = 512  # articles' shingle sets kept in memory: a story's copies arrive close together
ORIGINALS_KEPT = 64  # originals' paragraphs kept (each as big as its shingle set again: 512 cost 70 MB an ingest)
WORD_RE = re.compile(r"\w+")
# "(Xinhua)", "— BelTA", "(AP) --": the agency a copy credits, as agencies and republishers write it
CREDIT_RES = [re.compile(r"\((?P<agency>[A-Z][\w .&-]{1,40}?)\)\s*(?:--|—|–|-|:)"),
              re.compile(r"(?:^|\n)\s*(?:—|–|--)\s*(?P<agency>[A-Z][\w .&-]{1,40}?)\s*$")]


def words(text):
    return WORD_RE.findall(text.lower())


def shingles(text):
    """The set of the text's runs of SHINGLE_WORDS words, lower-cased (punctuation and case are what copies
    change without changing the story)."""
    tokens = words(text)
    # (the word runs zipped and joined in C: a third faster than slicing and joining each in Python)
    return set(map(" ".join, zip(*(tokens[start:] for start in range(SHINGLE_WORDS)))))


# MurmurHash3's 32-bit finalizer: each shingle's CRC-32 is mixed once by it before the permutations, so hashes
# that differ in few bits land far apart
FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


@lru_cache(maxsize=1)
def _permutations():
    """The PERMUTATIONS affine permutations h -> a * h + b (mod 2^32, ``a`` odd: each a bijection), drawn from
    NumPy's legacy generator seeded with 1, as datasketch 2.0's "affine32" scheme draws them: the bands archives
    hold were made with these values."""
    import numpy as np

    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def signature(shingle_set):
    """A set of shingles' MinHash signature: for each permutation, the least permuted hash of its shingles (all
    bits set for an empty set). The same values datasketch's MinHash(num_perm=96, seed=1, scheme="affine32",
    hashfunc=zlib.crc32) gives, computed here: importing datasketch imports SciPy's integrators, half a second
    of every ingest's start."""
    import numpy as np

    a, b = _permutations()
    if not shingle_set:
        return np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingle_set), dtype=np.uint32,
                         count=len(shingle_set))
    first_shift, first_factor, second_shift, second_factor, third_shift = (np.uint32(v) for v in FMIX32)
    hashes ^= hashes >> first_shift
    hashes *= first_factor
    hashes ^= hashes >> second_shift
    hashes *= second_factor
    hashes ^= hashes >> third_shift
    return (hashes[:, None] * a + b).min(axis=0)


def bands(shingle_set):
    """The BANDS band keys of a set of shingles' MinHash signature, as signed 64-bit integers (one per band,
    the band's number hashed in, so equal rows in different bands never meet)."""
    values = signature(shingle_set)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8,
                                 salt=band.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def overlap(a, b):
    """(share of the shorter set in the longer, shorter's size over the longer's) of two shingle sets."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if not shorter:
        return 0.0, 0.0
    return len(shorter & longer) / len(shorter), len(shorter) / len(longer)


def is_copy(a, b):
    """Whether two shingle sets are one story's copies (see the module's docstring)."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    share, ratio = overlap(a, b)
    return share >= COPY_SHARE and ratio >= MIN_LENGTH_RATIO


def credit_in(head, tail):
    """The agency a body credits in its dateline or sign-off ("BEIJING, May 3 (Xinhua) --", "— BelTA"), read
    from its first HEAD_CHARS and last TAIL_CHARS characters, or ""."""
    for pattern, text in ((CREDIT_RES[0], head), (CREDIT_RES[1], tail)):
        match = pattern.search(text)
        if match:
            return match.group("agency").strip()
    return ""


def changes(copy, original):
    """What ``copy`` changed from ``original``: its headline, and the paragraphs it added and cut (each
    paragraph kept when most of its shingles are in the other text)."""
    def kept(own, other):
        return len(own & other) / len(own) >= PARAGRAPH_SHARE

    copy_shingles, original_shingles = kept_shingles(copy.pk, copy.body), kept_shingles(original.pk, original.body)
    added = [p for p, own in paragraph_shingles(copy.body) if not kept(own, original_shingles)]
    cut = [p for p, own in original_paragraphs(original.pk, original.body) if not kept(own, copy_shingles)]
    return {"headline": copy.title if copy.title.strip() != original.title.strip() else "",
            "added": [p[:300] for p in added[:5]], "added_count": len(added),
            "cut": [p[:300] for p in cut[:5]], "cut_count": len(cut)}


@dataclass
class Member:
    """What choosing a story's original reads of each of its articles: not the body, only its two ends (a story
    may hold hundreds of copies), and the names of its publisher and distributor."""

    pk: int
    title: str
    published: date | None
    copy_overlap: float | None
    copy_changes: dict
    head: str
    tail: str
    publishers: frozenset
    body: str = ""


@lru_cache(maxsize=SHINGLES_KEPT)
def kept_shingles(pk, body):
    """An article's shingles, kept for the next articles of its story (the body is part of the key: an
    article whose text changed is read again)."""
    return frozenset(shingles(body))


def paragraph_shingles(body):
    """An article's paragraphs long enough to hold a shingle, each with its shingles."""
    found = []
    for paragraph in body.split("\n\n"):
        own = shingles(paragraph)
        if own:
            found.append((paragraph.strip(), frozenset(own)))
    return tuple(found)


@lru_cache(maxsize=ORIGINALS_KEPT)
def original_paragraphs(pk, body):
    """:func:`paragraph_shingles` of a story's original, kept: it is compared with every copy that joins."""
    return paragraph_shingles(body)


def choose_original(members):
    """The story's original: the member published by the agency a copy credits, else the earliest dated
    (undated last), else the first stored. Members carry ``head`` and ``tail``, their body's ends."""
    credited = {credit_in(m.head, m.tail).lower() for m in members} - {""}
    by_agency = [m for m in members if m.publishers & credited]
    pool = by_agency or members
    return min(pool, key=lambda m: (m.published is None, m.published or 0, m.pk))


def settle(story, fresh=(), article=None):
    """Choose the story's original and describe each copy against it; a story left with one article (an editor
    detached the others) is dissolved. A copy already described against the same original keeps its
    description unless its id is in ``fresh`` (its text changed): a story of forty copies is not compared forty
    times over when its forty-first arrives. ``article``, an instance among the members, gets its new description
    too. Runs in the caller's transaction (every caller has one: the ingest, an import, the admin, a delete).
    Returns the ids of the articles whose index documents changed."""
    members = story_members(story.pk)  # the bodies of only the copies to describe are read below
    if len(members) < 2:
        Article.objects.filter(story=story).update(story=None, copy_overlap=None, copy_changes={})
        story.delete()
        return [m.pk for m in members]
    original = choose_original(members)
    changed, same_original = [], story.original_id == original.pk
    if not same_original:  # both the new original and the old one change their role
        changed = [pk for pk in (original.pk, story.original_id) if pk is not None]
        story.original_id = original.pk
        story.save(update_fields=["original"])
    described = {m.pk for m in members if m.pk != original.pk
                 and (not same_original or m.copy_overlap is None or m.pk in fresh)}
    bodies = {pk: body for pk, body, _story in _bodies([original.pk, *described])} if described else {}
    for member in members:
        if member.pk == original.pk:
            values = {"copy_overlap": None, "copy_changes": {}}
        elif member.pk not in described:
            continue
        else:
            member.body, original.body = bodies[member.pk], bodies[original.pk]
            share, _ratio = overlap(kept_shingles(member.pk, member.body), kept_shingles(original.pk, original.body))
            values = {"copy_overlap": round(share, 3), "copy_changes": changes(member, original)}
        if any(getattr(member, name) != value for name, value in values.items()):
            _describe(member.pk, **values)
        if article is not None and member.pk == article.pk:
            article.copy_overlap, article.copy_changes = values["copy_overlap"], values["copy_changes"]
    return changed


def group(article, *, new=False):
    """Keep ``article``'s bands and put it in the story of the earlier article it copies most (a new story
    when that one has none). Returns the ids of every article whose index document changed (``article``
    itself included when its story did). ``new``: the article was just stored (no bands, no story yet). Runs
    in the caller's transaction."""
    own = kept_shingles(article.pk, article.body)
    keys = bands(own) if len(own) >= MIN_SHINGLES else []
    _keep_bands(article.pk, keys, replace=not new)
    if "story" in article.edited_fields:
        return []
    best, best_story, best_share = None, None, 0.0
    candidates = _candidates(article, keys)
    found = {pk: (body, story_id) for pk, body, story_id in _bodies(candidates)}
    confirmed = set()  # stories a candidate was found a copy in: their other members are not read again
    for pk in candidates:  # those sharing the most bands first: the likeliest copy of each story comes first
        body, story_id = found.get(pk, ("", None))
        if story_id is not None and story_id in confirmed:
            continue
        other = kept_shingles(pk, body)
        if is_copy(own, other):
            confirmed.add(story_id)
            share = overlap(own, other)[0]
            if share > best_share or (share == best_share and best is not None and pk < best):
                best, best_story, best_share = pk, story_id, share
    before = article.story_id
    changed = []
    if best is None:
        if before is not None:  # its text changed and no longer copies anything earlier
            Article.objects.filter(pk=article.pk).update(story=None, copy_overlap=None, copy_changes={})
            article.story_id = None
            changed = [article.pk] + settle(Story.objects.get(pk=before))
        return changed
    if best_story is None:
        story = Story.objects.create(original_id=best)
        _set_story(best, story.pk)
        changed.append(best)
    else:
        story = _story(best_story)
    if before != story.pk:
        _set_story(article.pk, story.pk)
        article.story_id = story.pk
        changed.append(article.pk)
        left = Story.objects.filter(pk=before).first() if before is not None else None
        if left is not None:
            changed += settle(left)
    changed += settle(story, fresh={article.pk}, article=article)
    return sorted(set(changed))


# The queries every stored article asks, written as SQL: the ORM's building of each was most of its time
# (1.0 ms against 0.1 for the candidates' look-up).
def story_members(story_id):
    """The story's articles as :class:`Member` rows, in the order they were stored."""
    article, outlet = Article._meta.db_table, Article.publisher.field.related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, a.title, a.published, a.copy_overlap, a.copy_changes, substr(a.body, 1, %s), "
            f"substr(a.body, length(a.body) - %s), p.name, d.name FROM {article} a "
            f"LEFT JOIN {outlet} p ON p.id = a.publisher_id LEFT JOIN {outlet} d ON d.id = a.distributor_id "
            "WHERE a.story_id = %s ORDER BY a.id", [HEAD_CHARS, TAIL_CHARS - 1, story_id])
        rows = cursor.fetchall()
    return [Member(pk, title, date.fromisoformat(published) if isinstance(published, str) else published,
                   overlap_, json.loads(changes_) if isinstance(changes_, str) else (changes_ or {}), head, tail,
                   frozenset(name.lower() for name in (publisher, distributor) if name))
            for pk, title, published, overlap_, changes_, head, tail, publisher, distributor in rows]


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


def _candidates(article, keys):
    """Articles stored before ``article`` sharing a band with it, those sharing the most bands first."""
    if not keys:
        return []
    # counted and cut in the database: a band many articles share (a common boilerplate paragraph) never
    # brings all of them into memory
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id FROM {CopyBand._meta.db_table} WHERE band IN "
                       f"({_placeholders(keys)}) AND article_id < %s GROUP BY article_id "
                       "ORDER BY COUNT(*) DESC, article_id LIMIT %s", [*keys, article.pk, CANDIDATES])
        return [row[0] for row in cursor.fetchall()]


def _keep_bands(article_id, keys, *, replace):
    """Write an article's band keys (after removing its old ones when ``replace``)."""
    table = CopyBand._meta.db_table
    with connection.cursor() as cursor:
        if replace:
            cursor.execute(f"DELETE FROM {table} WHERE article_id = %s", [article_id])
        if keys:
            cursor.executemany(f"INSERT INTO {table} (article_id, band) VALUES (%s, %s)",
                               [(article_id, key) for key in keys])


def _bodies(article_ids):
    """(id, body, story id) of these articles."""
    if not article_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, body, story_id FROM {Article._meta.db_table} WHERE id IN "
                       f"({_placeholders(article_ids)})", list(article_ids))
        return cursor.fetchall()


def _story(story_id):
    """The story as a model instance, read with one plain query (the ORM's building of a get was a tenth of
    grouping a copy)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT original_id FROM {Story._meta.db_table} WHERE id = %s", [story_id])
        (original_id,) = cursor.fetchone()
    return Story.from_db(connection.alias, ["id", "original_id"], [story_id, original_id])


def _describe(article_id, *, copy_overlap, copy_changes):
    """Write what a copy kept of its original and what it changed."""
    changes_field = Article._meta.get_field("copy_changes")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Article._meta.db_table} SET copy_overlap = %s, copy_changes = %s WHERE id = %s",
                       [copy_overlap, changes_field.get_db_prep_value(copy_changes, connection), article_id])


def _set_story(article_id, story_id):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Article._meta.db_table} SET story_id = %s WHERE id = %s", [story_id, article_id])


def regroup_all(progress=None):
    """Group the whole archive again, in the order it was stored, as the ingest groups it: every story
    detection made is dissolved first; an editor's choices stay. Returns (articles read, stories)."""
    with indexing.batched():
        with transaction.atomic():
            indexing.queue(_dissolve_detected())
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for done, pk in enumerate(ids, 1):
            with transaction.atomic():
                article = Article.objects.defer("raw_text").get(pk=pk)
                indexing.queue(group(article))
            indexing.send_if_ready()
            if progress and (done % 500 == 0 or done == len(ids)):
                progress(done, len(ids))
    return len(ids), Story.objects.count()


class _RolledBack(Exception):
    pass


def time_grouping(progress=None):
    """Group the whole archive as its ingest would, from nothing (no bands, no stories but an editor's), in a
    transaction rolled back: nothing is kept. Returns (articles, stories it would make, median and mean ms an
    article of grouping alone, as each article adds to its ingest)."""
    timings, stories_made = [], 0
    try:
        with transaction.atomic():
            _dissolve_detected()
            CopyBand.objects.all().delete()
            kept_shingles.cache_clear()
            original_paragraphs.cache_clear()
            ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
            bands(shingles("a warm up of the signature library read once per process"))
            for done, pk in enumerate(ids, 1):
                article = Article.objects.defer("raw_text").get(pk=pk)
                started = time.perf_counter()
                group(article, new=True)
                timings.append((time.perf_counter() - started) * 1000)
                if progress and (done % 500 == 0 or done == len(ids)):
                    progress(done, len(ids))
            stories_made = Story.objects.count()
            raise _RolledBack
    except _RolledBack:
        pass
    if not timings:
        return 0, 0, 0.0, 0.0
    return len(timings), stories_made, statistics.median(timings), statistics.fmean(timings)


def _dissolve_detected():
    """Take every article out of the stories detection made (not an editor's); returns their ids."""
    rows = Article.objects.exclude(story=None).values_list("pk", "edited_fields")
    detected = [pk for pk, edited in rows if "story" not in (edited or [])]
    for start in range(0, len(detected), 500):
        Article.objects.filter(pk__in=detected[start:start + 500]).update(story=None, copy_overlap=None,
                                                                          copy_changes={})
    Story.objects.filter(articles=None).delete()
    return detected


def keep_bands(article_ids):
    """Write the bands of these articles (after an import, which stores articles in bulk)."""
    for start in range(0, len(article_ids), 500):
        rows = []
        for pk, body in Article.objects.filter(pk__in=article_ids[start:start + 500]).values_list("pk", "body"):
            own = shingles(body)
            if len(own) >= MIN_SHINGLES:
                rows += [CopyBand(article_id=pk, band=key) for key in bands(own)]
        CopyBand.objects.bulk_create(rows, batch_size=2000)


def restore(groups):
    """Make the stories a backup recorded: ``groups`` is [(article ids, the original's id or None)]."""
    for article_ids, original_id in groups:
        story = Story.objects.create(original_id=original_id)
        Article.objects.filter(pk__in=article_ids).update(story=story)
        settle(story, fresh=set(article_ids))


def editor_moved(article, old_story_id):
    """After an editor put ``article`` in another story (or none): both stories choose their original again
    and describe their copies, and every member of either is indexed again (its role may have changed)."""
    touched = {article.pk}
    for story_id in {old_story_id, article.story_id} - {None}:
        story = Story.objects.filter(pk=story_id).first()
        if story is not None:
            touched.update(story.articles.values_list("pk", flat=True))
            touched.update(settle(story, fresh={article.pk}))
    if article.story_id is None:
        Article.objects.filter(pk=article.pk).update(copy_overlap=None, copy_changes={})
    indexing.queue(touched)


@transaction.atomic
def merge(target, others):
    """An editor's merge: every article of ``others`` joins ``target``, and every article of the merged story
    stays in it (``story`` marked as the editor's in each: a regrouping would otherwise split it again); the
    emptied stories go. Returns how many articles moved."""
    members = list(Article.objects.filter(story__in=[target, *others]))
    joined = {article.pk for article in members if article.story_id != target.pk}
    for article in members:
        article.story = target
        article.mark_edited(["story"])
    Article.objects.bulk_update(members, ["story", "edited_fields"])
    Story.objects.filter(pk__in=[story.pk for story in others]).delete()
    indexing.queue({article.pk for article in members} | set(settle(target, fresh=joined)))
    return len(joined)


def _article_deleted(sender, instance, **kwargs):
    """A deleted article leaves its story: the rest choose their original again (it may have been the one
    deleted) or, one left, the story is dissolved; every member is indexed again."""
    story = Story.objects.filter(pk=instance.story_id).first() if instance.story_id else None
    if story is not None:
        members = set(story.articles.values_list("pk", flat=True))
        indexing.queue(members | set(settle(story)))


def _story_deleted(sender, instance, **kwargs):
    """A story deleted (an editor's, or dissolved) leaves its articles in no story: their documents change."""
    indexing.queue(list(instance.articles.values_list("pk", flat=True)))


def connect_signals():
    from django.db.models.signals import post_delete, pre_delete

    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="stories_article_deleted")
    pre_delete.connect(_story_deleted, sender=Story, dispatch_uid="stories_story_deleted")
