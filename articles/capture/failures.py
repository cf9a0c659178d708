"""Addresses that failed for good (gone, withheld, too large, not a page), remembered so a scheduled run over
feeds does not ask for them every few minutes: asking again would get the same answer. A changed feed entry
or ``capture --retry-failed`` tries one again; a capture that succeeds forgets it."""
from django.db.models import F
from django.utils import timezone

from ..ingest.urls import normalise


def remember(url, error, feed_updated=""):
    """Keep ``error`` (a :class:`~.fetch.PermanentCaptureError`) as the reason ``url`` is not fetched again."""
    from ..models import CaptureFailure

    url = url.strip()
    key = normalise(url)
    values = {"url": url[:2000], "status": error.status, "reason": str(error)[:2000],
              "feed_updated": feed_updated[:100], "failed_at": timezone.now()}
    if not CaptureFailure.objects.filter(normalized_url=key).update(attempts=F("attempts") + 1, **values):
        CaptureFailure.objects.create(normalized_url=key, **values)


def forget(url):
    """The address was captured: it is no longer a failure."""
    from ..models import CaptureFailure

    CaptureFailure.objects.filter(normalized_url=normalise(url.strip())).delete()


def known(keys):
    """{normalised address: CaptureFailure} of these addresses."""
    from ..models import CaptureFailure

    return {failure.normalized_url: failure for failure in CaptureFailure.objects.filter(normalized_url__in=keys)}
