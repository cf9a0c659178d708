"""Who may read the archive: everyone, or — with NEWSROOM_PRIVATE — signed-in readers and editors.

Two groups are kept in step with the models after every migrate: "readers" may view every record
(browse, search, export, the API) and "editors" may also add, change and delete them (in the admin,
for staff users). Superusers may do anything.
"""
from django.conf import settings
from django.core import signing
from django.urls import Resolver404, resolve

READERS, EDITORS = "readers", "editors"
REPLAY_KEY_AGE = 24 * 3600  # seconds a replayed page's key to its requisites holds
_replay_keys = signing.TimestampSigner(salt="newsroom.capture-requisites")


def ensure_groups(sender=None, using="default", **kwargs):
    """Create the two groups and give them the archive's current permissions (``post_migrate``)."""
    from django.contrib.auth.models import Group, Permission

    archive = Permission.objects.using(using).filter(content_type__app_label="articles")
    readers, _ = Group.objects.using(using).get_or_create(name=READERS)
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    readers.permissions.set(archive.filter(codename__startswith="view_"))
    editors.permissions.set(archive)


def is_private():
    return getattr(settings, "NEWSROOM_PRIVATE", False)


def can_read(user):
    """May this user see the archive's pages, exports and API?"""
    return not is_private() or (user.is_authenticated and user.has_perm("articles.view_article"))


def replay_key(capture_pk):
    """The key a private archive's replayed page names its requisites with (``?key=``): the sandboxed page's
    requests carry no cookie (its origin is opaque), so the key, signed for that one capture and good for a
    day, stands for the reader the page was served to."""
    return _replay_keys.sign(str(capture_pk))


def holds_replay_key(request):
    """Is this a request for a capture's requisite carrying that capture's key, still good?"""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.url_name != "capture_requisite" or "key" not in request.GET:
        return False
    try:
        return _replay_keys.unsign(request.GET["key"], max_age=REPLAY_KEY_AGE) == str(match.kwargs["pk"])
    except signing.BadSignature:
        return False
