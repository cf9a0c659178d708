"""Addresses stored before addresses with a user name or password were refused lose them: a capture's address
asked for and final address, an article's original address and a deleted article's. Everything else in an
address stays exactly as written. When any changed, the archive's change counter is bumped, so no reader's copy
of a page made from the old address is confirmed as current."""
from django.db import migrations
from django.db.models import F
from django.utils import timezone

# (model, its address fields)
ADDRESSES = [("Capture", ["requested_url", "url"]), ("Article", ["source_url"]), ("DeletedArticle", ["source_url"])]


def without_credentials(url):
    """The address without ``user:password@`` (the migration keeps its own copy: it must not change later)."""
    scheme, separator, rest = url.partition("://")
    ends = [at for at in (rest.find(mark) for mark in "/?#") if at >= 0]
    authority = rest[:min(ends, default=len(rest))]
    if not separator or "@" not in authority:
        return url
    return f"{scheme}://{authority.rpartition('@')[2]}{rest[len(authority):]}"


def strip_credentials(apps, schema_editor):
    changed = 0
    for name, fields in ADDRESSES:
        model = apps.get_model("articles", name)
        for field in fields:
            stored = list(model.objects.filter(**{f"{field}__contains": "@"}).values_list("pk", field))
            for pk, address in stored:
                if (cleaned := without_credentials(address)) != address:
                    changed += model.objects.filter(pk=pk).update(**{field: cleaned})
    if changed:
        apps.get_model("articles", "ArchiveChange").objects.filter(pk=1).update(
            counter=F("counter") + 1, changed_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [("articles", "0011_visits")]

    operations = [migrations.RunPython(strip_credentials, migrations.RunPython.noop)]
