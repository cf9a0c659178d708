"""Who may read the archive: everyone, or — with NEWSROOM_PRIVATE — signed-in readers and editors.

Two groups are kept in step with the models after every migrate: "readers" may view every record
(browse, search, export, the API) and "editors" may also add, change and delete them (in the admin,
for staff users). Superusers may do anything.
"""
from django.conf import settings

READERS, EDITORS = "readers", "editors"


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
