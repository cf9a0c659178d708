"""Saved searches and their alerts: a signed-in reader names any search to keep it; their page counts each
one's new matches since they last opened it; each has a private Atom feed (its token in the address) and, if
asked, a daily or weekly e-mail digest of only its new matches (``manage.py send_alerts``, from cron).

"New" is by article id, which grows with every article stored: a search's new matches are those of its
matches above the highest id the archive had when it was last opened (or its last digest went). An article
corrected later keeps its id, so a correction is not news.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db.models import Max
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ..models import Article, SavedSearch
from .exports import SearchFeed
from .filters import checked_search
from .searching import matching

MAX_SAVED = 50  # per reader
DIGEST_LISTED = 50  # articles named in one e-mail; the rest are counted, with the search's address
KEPT_OUT = {"page", "csrfmiddlewaretoken", "name", "frequency"}
# a digest is due a little before a whole period has passed, so a cron run at the same hour each day is never
# a minute early
PERIODS = {SavedSearch.Frequency.DAILY: timedelta(hours=23), SavedSearch.Frequency.WEEKLY: timedelta(days=6, hours=23)}


class SaveRefused(ValueError):
    pass


def newest_id():
    return Article.objects.aggregate(top=Max("pk"))["top"] or 0


def search_params(query):
    """A saved query string as the search's parameters, without the paging and form fields."""
    params = QueryDict(query, mutable=True)
    for name in KEPT_OUT:
        params.pop(name, None)
    return params


def save_search(user, name, query, frequency=SavedSearch.Frequency.NEVER):
    """Keep a search for ``user`` under ``name``: a search its parameters make (checked as the search page
    checks them); saving a name again replaces that search."""
    name = " ".join((name or "").split())[:200]
    params = search_params(query or "")
    if not name:
        raise SaveRefused("give the search a name")
    if frequency not in SavedSearch.Frequency.values:
        raise SaveRefused(f"frequency must be one of {', '.join(SavedSearch.Frequency.values)}")
    if checked_search(params) is None:
        raise SaveRefused("the search has an invalid parameter; correct it on the search page first")
    if len(params.urlencode()) > 2000:
        raise SaveRefused("the search is too long to keep (2,000 characters at most)")
    existing = user.saved_searches.filter(name=name).first()
    if existing is None and user.saved_searches.count() >= MAX_SAVED:
        raise SaveRefused(f"{MAX_SAVED} saved searches at most; delete one first")
    top = newest_id()
    saved = existing or SavedSearch(user=user, name=name, seen_up_to=top, sent_up_to=top)
    saved.query, saved.frequency = params.urlencode(), frequency
    saved.save()
    return saved


def matches(saved):
    """Every article id the saved search matches now, in its result order ([] if it no longer validates)."""
    ids, _ = matching(search_params(saved.query))
    return ids or []


def overview(user):
    """[(saved search, its new matches since last opened)] of a reader."""
    return [(saved, sum(pk > saved.seen_up_to for pk in matches(saved))) for saved in user.saved_searches.all()]


def opened(saved):
    """The reader opens a saved search: its matches so far are no longer new. Returns the search's address."""
    saved.seen_up_to, saved.visited_at = newest_id(), timezone.now()
    saved.save(update_fields=["seen_up_to", "visited_at"])
    return f"{reverse('articles:search')}?{saved.query}"


def is_due(saved, now):
    period = PERIODS.get(saved.frequency)
    return period is not None and (saved.sent_at is None or now - saved.sent_at >= period)


def digest(saved, new_ids, site_url):
    """(subject, body) of the e-mail listing a saved search's new matches."""
    found = Article.objects.listed().select_related("publisher").in_bulk(new_ids[:DIGEST_LISTED])
    lines = [f"{len(new_ids)} new article{'s' if len(new_ids) != 1 else ''} match your saved search "
             f"\u201c{saved.name}\u201d in newsroom.", ""]
    for pk in new_ids[:DIGEST_LISTED]:
        article = found.get(pk)
        if article is not None:
            when = f"{article.published:%d %b %Y}" if article.published else "undated"
            who = f"{article.publisher.name}, " if article.publisher else ""
            lines += [f"- {article.title} ({who}{when})", f"  {site_url}{article.get_absolute_url()}"]
    if len(new_ids) > DIGEST_LISTED:
        lines.append(f"... and {len(new_ids) - DIGEST_LISTED} more.")
    lines += ["", f"The whole search: {site_url}{reverse('articles:search')}?{saved.query}",
              f"Your saved searches, and how often each is e-mailed: {site_url}{reverse('articles:saved')}"]
    subject = f"newsroom: {len(new_ids)} new for \u201c{saved.name}\u201d"
    return subject, "\n".join(lines) + "\n"


def send_due(*, now=None, site_url=None, progress=None):
    """Send one digest per due saved search that has new matches, to its reader's address; a search without
    any is marked checked. Returns (digests sent, searches checked)."""
    now = now or timezone.now()
    site_url = (site_url or settings.NEWSROOM_SITE_URL).rstrip("/")
    sent = checked = 0
    for saved in SavedSearch.objects.exclude(frequency=SavedSearch.Frequency.NEVER).select_related("user"):
        if not is_due(saved, now) or not saved.user.email or not saved.user.is_active:
            continue
        checked += 1
        top = newest_id()
        new_ids = [pk for pk in matches(saved) if saved.sent_up_to < pk <= top]
        if new_ids:
            subject, body = digest(saved, new_ids, site_url)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [saved.user.email])
            sent += 1
        saved.sent_up_to, saved.sent_at = top, now
        saved.save(update_fields=["sent_up_to", "sent_at"])
        if progress:
            progress(saved, len(new_ids))
    return sent, checked


# -- the views: a reader's own, signed in; each asks one function above -------------------------------------
def _own(request, pk):
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
@require_safe
def saved_list(request):
    return render(request, "articles/saved_list.html", {
        "saved": overview(request.user), "frequencies": SavedSearch.Frequency.choices, "max_saved": MAX_SAVED})


@login_required
@require_POST
def saved_save(request):
    try:
        saved = save_search(request.user, request.POST.get("name"), request.POST.get("query"),
                            request.POST.get("frequency") or SavedSearch.Frequency.NEVER)
    except SaveRefused as refusal:
        messages.error(request, f"Not saved: {refusal}.")
    else:
        messages.success(request, f"Saved \u201c{saved.name}\u201d.")
    return redirect("articles:saved")


@login_required
@require_POST
def saved_open(request, pk):
    return redirect(opened(_own(request, pk)))


@login_required
@require_POST
def saved_change(request, pk):
    saved = _own(request, pk)
    if request.POST.get("action") == "delete":
        saved.delete()
        messages.success(request, f"Deleted \u201c{saved.name}\u201d.")
    elif request.POST.get("frequency") in SavedSearch.Frequency.values:
        saved.frequency = request.POST["frequency"]
        saved.save(update_fields=["frequency"])
        messages.success(request, f"\u201c{saved.name}\u201d is e-mailed: {saved.get_frequency_display()}.")
    return redirect("articles:saved")


@require_safe
def saved_feed(request, token):
    """The private Atom feed of a saved search: its token is the only key (a feed reader signs in to nothing)."""
    saved = get_object_or_404(SavedSearch, token=token)
    params = search_params(saved.query)
    return SearchFeed()(request, ids=matches(saved), query=params.get("q") or saved.name,
                        search_query=saved.query)
