"""Copies of one story: an agency's wire copy republished by other outlets with a new headline, a local first
paragraph or a cut ending, grouped into one :class:`~articles.models.Story`.

An article's body is read as *shingles*, its runs of five words. A MinHash signature of them (datasketch),
cut into bands, is kept per article (:class:`~articles.models.CopyBand`): two articles sharing a band are
candidate copies. A candidate is a copy when most of the shorter text's shingles are in the longer one
(containment, not symmetric similarity, so a cut copy is found) and the shorter is not a small part of the
longer (a round-up quoting a story is not its copy).

Grouping is incremental and ordered: an article is compared with the articles stored before it (lower ids)
and joins the story of the one it copies most. ``group_copies`` replays the archive in that order, so it
gives the groups the ingest gave. An editor's choice of story (``story`` in ``edited_fields``, none
included) is never changed.
"""
from functools import lru_cache
import hashlib
import re
import zlib

from django.db import transaction
from django.db.models import Count

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
    return {" ".join(tokens[i:i + SHINGLE_WORDS]) for i in range(max(len(tokens) - SHINGLE_WORDS + 1, 0))}


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash  # (imported when first needed: the package pulls in scipy, ~0.8 s)

    return MinHash(num_perm=PERMUTATIONS, seed=1, scheme="affine32")


def bands(shingle_set):
    """The BANDS band keys of a set of shingles' MinHash signature, as signed 64-bit integers (one per band,
    the band's number hashed in, so equal rows in different bands never meet)."""
    from datasketch import MinHash

    template = _template()
    # CRC-32 of each shingle, which the scheme mixes (MurmurHash3's finalizer) before permuting: SHA-1, the
    # default, was four fifths of an article's 4 ms
    signature = MinHash(num_perm=PERMUTATIONS, permutations=template.permutations, scheme="affine32",
                        hashfunc=zlib.crc32)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    values = signature.digest()
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


def credited_agency(body):
    """The agency an article credits in its dateline or sign-off ("BEIJING, May 3 (Xinhua) --", "— BelTA"),
    or ""."""
    head, tail = body[:300], body[-120:]
    for pattern, text in ((CREDIT_RES[0], head), (CREDIT_RES[1], tail)):
        match = pattern.search(text)
        if match:
            return match.group("agency").strip()
    return ""


def changes(copy, original):
    """What ``copy`` changed from ``original``: its headline, and the paragraphs it added and cut (each
    paragraph kept when most of its shingles are in the other text)."""
    def paragraphs(article):
        return [p.strip() for p in article.body.split("\n\n") if len(words(p)) >= SHINGLE_WORDS]

    def kept(paragraph, other):
        own = shingles(paragraph)
        return bool(own) and len(own & other) / len(own) >= PARAGRAPH_SHARE

    copy_shingles, original_shingles = shingles(copy.body), shingles(original.body)
    added = [p for p in paragraphs(copy) if not kept(p, original_shingles)]
    cut = [p for p in paragraphs(original) if not kept(p, copy_shingles)]
    return {"headline": copy.title if copy.title.strip() != original.title.strip() else "",
            "added": [p[:300] for p in added[:5]], "added_count": len(added),
            "cut": [p[:300] for p in cut[:5]], "cut_count": len(cut)}


def _publisher_names(article):
    names = [article.publisher.name if article.publisher_id else "", article.distributor.name
             if article.distributor_id else ""]
    return {name.lower() for name in names if name}


def choose_original(members):
    """The story's original: the member published by the agency a copy credits, else the earliest dated
    (undated last), else the first stored."""
    credited = {credited_agency(m.body).lower() for m in members} - {""}
    by_agency = [m for m in members if _publisher_names(m) & credited]
    pool = by_agency or members
    return min(pool, key=lambda m: (m.published is None, m.published or 0, m.pk))


@transaction.atomic
def settle(story):
    """Choose the story's original and describe each copy against it; a story left with one article (an editor
    detached the others) is dissolved. Returns the ids of the articles whose index documents changed."""
    members = list(story.articles.select_related("publisher", "distributor").order_by("pk"))
    if len(members) < 2:
        Article.objects.filter(story=story).update(story=None, copy_overlap=None, copy_changes={})
        story.delete()
        return [m.pk for m in members]
    original = choose_original(members)
    changed = []
    if story.original_id != original.pk:  # both the new original and the old one change their role
        changed = [pk for pk in (original.pk, story.original_id) if pk is not None]
        story.original = original
        story.save(update_fields=["original"])
    original_shingles = shingles(original.body)
    for member in members:
        if member.pk == original.pk:
            values = {"copy_overlap": None, "copy_changes": {}}
        else:
            share, _ratio = overlap(shingles(member.body), original_shingles)
            values = {"copy_overlap": round(share, 3), "copy_changes": changes(member, original)}
        if any(getattr(member, name) != value for name, value in values.items()):
            Article.objects.filter(pk=member.pk).update(**values)
    return changed


def _candidates(article, keys):
    """Articles stored before ``article`` sharing a band with it, those sharing the most bands first."""
    if not keys:
        return []
    # counted and cut in the database: a band many articles share (a common boilerplate paragraph) never
    # brings all of them into memory
    return list(CopyBand.objects.filter(band__in=keys, article_id__lt=article.pk)
                .values("article_id").annotate(shared=Count("id")).order_by("-shared", "article_id")
                .values_list("article_id", flat=True)[:CANDIDATES])


def group(article):
    """Keep ``article``'s bands and put it in the story of the earlier article it copies most (a new story
    when that one has none). Returns the ids of every article whose index document changed (``article``
    itself included when its story did). Runs in the caller's transaction."""
    own = shingles(article.body)
    keys = bands(own) if len(own) >= MIN_SHINGLES else []
    CopyBand.objects.filter(article=article).delete()
    CopyBand.objects.bulk_create([CopyBand(article=article, band=key) for key in keys])
    if "story" in article.edited_fields:
        return []
    best, best_share = None, 0.0
    for candidate in Article.objects.filter(pk__in=_candidates(article, keys)).only("pk", "body", "story"):
        other = shingles(candidate.body)
        if is_copy(own, other):
            share = overlap(own, other)[0]
            if share > best_share or (share == best_share and best is not None and candidate.pk < best.pk):
                best, best_share = candidate, share
    before = article.story_id
    changed = []
    if best is None:
        if before is not None:  # its text changed and no longer copies anything earlier
            Article.objects.filter(pk=article.pk).update(story=None, copy_overlap=None, copy_changes={})
            article.story_id = None
            changed = [article.pk] + settle(Story.objects.get(pk=before))
        return changed
    story = best.story
    if story is None:
        story = Story.objects.create(original=best)
        Article.objects.filter(pk=best.pk).update(story=story)
        changed.append(best.pk)
    if before != story.pk:
        Article.objects.filter(pk=article.pk).update(story=story)
        article.story_id = story.pk
        changed.append(article.pk)
        if before is not None and Story.objects.filter(pk=before).exists():
            changed += settle(Story.objects.get(pk=before))
    changed += settle(story)
    article.refresh_from_db(fields=["story", "copy_overlap", "copy_changes"])
    return sorted(set(changed))


def regroup_all(progress=None):
    """Group the whole archive again, in the order it was stored, as the ingest groups it: every story
    detection made is dissolved first; an editor's choices stay. Returns (articles read, stories)."""
    with indexing.batched():
        with transaction.atomic():
            rows = Article.objects.exclude(story=None).values_list("pk", "edited_fields")
            detected = [pk for pk, edited in rows if "story" not in (edited or [])]
            for start in range(0, len(detected), 500):
                chunk = detected[start:start + 500]
                Article.objects.filter(pk__in=chunk).update(story=None, copy_overlap=None, copy_changes={})
                indexing.queue(chunk)
            Story.objects.filter(articles=None).delete()
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for done, pk in enumerate(ids, 1):
            with transaction.atomic():
                article = Article.objects.get(pk=pk)
                indexing.queue(group(article))
            indexing.send_if_ready()
            if progress and (done % 500 == 0 or done == len(ids)):
                progress(done, len(ids))
    return len(ids), Story.objects.count()


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
        settle(story)


def editor_moved(article, old_story_id):
    """After an editor put ``article`` in another story (or none): both stories choose their original again
    and describe their copies, and every member of either is indexed again (its role may have changed)."""
    touched = {article.pk}
    for story_id in {old_story_id, article.story_id} - {None}:
        story = Story.objects.filter(pk=story_id).first()
        if story is not None:
            touched.update(story.articles.values_list("pk", flat=True))
            touched.update(settle(story))
    if article.story_id is None:
        Article.objects.filter(pk=article.pk).update(copy_overlap=None, copy_changes={})
    indexing.queue(touched)


@transaction.atomic
def merge(target, others):
    """An editor's merge: every article of ``others`` joins ``target``, and every article of the merged story
    stays in it (``story`` marked as the editor's in each: a regrouping would otherwise split it again); the
    emptied stories go. Returns how many articles moved."""
    members = list(Article.objects.filter(story__in=[target, *others]))
    moved = sum(article.story_id != target.pk for article in members)
    for article in members:
        article.story = target
        article.mark_edited(["story"])
    Article.objects.bulk_update(members, ["story", "edited_fields"])
    Story.objects.filter(pk__in=[story.pk for story in others]).delete()
    indexing.queue({article.pk for article in members} | set(settle(target)))
    return moved


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
