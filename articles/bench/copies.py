"""Copy detection at scale, for ``bench_ingest``: how long an article's candidate look-up and grouping take
in an archive of N articles, and the memory it needs.

The archive is N synthetic articles (real Wikinews paragraphs recombined, :mod:`.synthetic`) with their
bands, written in one transaction that is rolled back: the database is left as it was. The probes are
real Wikinews articles, whose paragraphs the synthetic ones reuse, each with two copies stored before it (its
whole text, and its first half) for the look-up to find.
"""
import resource
import statistics
import time

from django.db import transaction

from ..models import Article, Collection, CopyBand
from ..records import stories
from .corpus import wikinews_rows
from .synthetic import synthetic_documents


class _RolledBack(Exception):
    pass


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CHUNK = 2_000


def _documents(count, rows):
    """The stored articles, a chunk at a time (the corpus of 100,000 is never in memory at once): synthetic
    ones, then two earlier copies of each probe (its whole text, and its first half)."""
    synthetic = count - 2 * len(rows)
    for start in range(0, synthetic, CHUNK):
        yield synthetic_documents(min(CHUNK, synthetic - start), seed=7 + start)
    copies = []
    for number, row in enumerate(rows):
        paragraphs = [p for p in row["text"].split("\n") if p.strip()]
        for half, kept in (("whole", paragraphs), ("half", paragraphs[:max(2, len(paragraphs) // 2)])):
            copies.append({"title": row["title"], "body": "\n\n".join(kept), "fingerprint": f"{half}-{number}"})
    yield copies


def _store(collection, count, rows, progress):
    """The articles and their bands, a chunk at a time."""
    done = 0
    for part in _documents(count, rows):
        articles = Article.objects.bulk_create([
            Article(collection=collection, source_file=f"synthetic/{done + n}.txt", title=d["title"][:500],
                    slug=f"copies-bench-{done + n}", body=d["body"], raw_text="", content_hash=d["fingerprint"])
            for n, d in enumerate(part)])
        bands = []
        for article, document in zip(articles, part):
            own = stories.shingles(document["body"])
            if len(own) >= stories.MIN_SHINGLES:
                bands += [CopyBand(article=article, band=key) for key in stories.bands(own)]
        CopyBand.objects.bulk_create(bands, batch_size=5_000)
        done += len(part)
        if progress:
            progress(done, count)


def measure(articles, *, probes=200, progress=None):
    """Median and p95 ms of the candidate look-up and of the whole grouping (look-up, reading the candidates,
    comparing them word for word) of ``probes`` articles against ``articles`` stored ones; the process's peak
    resident memory before and after."""
    before_mb = _peak_mb()
    rows = [row for row in wikinews_rows() if len(row["text"].split()) >= 100][:probes]
    figures = {}
    try:
        with transaction.atomic():
            collection = Collection.objects.create(name="copies benchmark (rolled back)", root="")
            _store(collection, articles, rows, progress)
            stored = Article.objects.filter(collection=collection).count()
            lookups, groupings, candidates = [], [], []
            for number, row in enumerate(rows):
                probe = Article.objects.create(collection=collection, source_file=f"probe/{number}.txt",
                                               title=row["title"][:500], slug=f"copies-bench-probe-{number}",
                                               body=row["text"], raw_text="", content_hash=str(number))
                keys = stories.bands(stories.shingles(probe.body))
                started = time.perf_counter()
                found = stories._candidates(probe, keys)
                lookups.append((time.perf_counter() - started) * 1000)
                candidates.append(len(found))
                started = time.perf_counter()
                stories.group(probe)
                groupings.append((time.perf_counter() - started) * 1000)
            figures = {
                "articles": stored, "probes": len(rows),
                "lookup_median_ms": round(statistics.median(lookups), 2),
                "lookup_p95_ms": round(statistics.quantiles(lookups, n=20)[-1], 2),
                "group_median_ms": round(statistics.median(groupings), 2),
                "group_p95_ms": round(statistics.quantiles(groupings, n=20)[-1], 2),
                "candidates_median": statistics.median(candidates), "candidates_max": max(candidates),
                "bands": CopyBand.objects.filter(article__collection=collection).count(),
            }
            raise _RolledBack
    except _RolledBack:
        pass
    figures.update(peak_mb_before=round(before_mb), peak_mb=round(_peak_mb()))
    return figures
