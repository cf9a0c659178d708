"""Which collection a file belongs to, when a file that moved is the article it was, and which files editors
deleted.

An article is known by its collection and its path inside the collection's folder, so two folders holding
``001.txt`` never overwrite each other. A folder's collection is found by its resolved path (``root``);
``ingest --collection NAME`` puts a run's folders into the named collection instead, which is how a user
says that a moved folder is the same collection.
"""
from pathlib import Path, PurePosixPath

from ..models import Collection, DeletedArticle

CAPTURES, EARLIER = Collection.CAPTURES, Collection.EARLIER


def collections_for(roots, *, name=None):
    """{root: Collection} for an ingest's folders, each made on its first ingest.

    A named collection takes every folder of the run and remembers the last as its root; otherwise each
    folder has its own, named after the folder (with its parent's name, then a number, when taken).
    """
    roots = list(dict.fromkeys(roots))
    if name:
        collection, _ = Collection.objects.get_or_create(name=name.strip()[:200],
                                                         defaults={"root": roots[-1] if roots else ""})
        if roots and collection.root != roots[-1]:
            collection.root = roots[-1]
            collection.save(update_fields=["root"])
        return dict.fromkeys(roots, collection)
    found = {collection.root: collection for collection in Collection.objects.filter(root__in=roots)}
    for root in roots:
        if root not in found:
            found[root] = Collection.objects.create(name=_free_name(root), root=root)
    return found


def _free_name(root):
    parts = Path(root).parts
    taken = set(Collection.objects.values_list("name", flat=True))
    for depth in (1, 2, 3):
        candidate = "/".join(parts[-depth:]).lstrip("/")[:200] or "files"
        if candidate not in taken:
            return candidate
    base, number = "/".join(parts[-1:])[:190] or "files", 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


def captures():
    """The collection of pages captured from the web."""
    return Collection.objects.get_or_create(name=CAPTURES)[0]


def file_is_gone(collection, source_file):
    """Whether an article's file has left its collection's folder (moved or renamed), so a file with the same
    content elsewhere is that article, not a copy of it. Captured pages never move; files stored before
    collections existed have no known folder and are adopted by the first folder holding their content."""
    if collection.name == CAPTURES:
        return False
    if not collection.root:
        return collection.name == EARLIER
    on_disk = PurePosixPath(source_file.split("#", 1)[0])  # a web archive's page: the archive file
    return not (Path(collection.root) / on_disk).exists()


def is_same_file(collection, source_file, here):
    """Whether an article's file is the file at ``here`` (one file ingested alone, then with its folder)."""
    if here is None or not collection.root or collection.name == CAPTURES:
        return False
    try:
        return (Path(collection.root) / source_file.split("#", 1)[0]).resolve() == Path(here).resolve()
    except OSError:
        return False


def remember_deletion(sender, instance, **kwargs):
    """A deleted article's file and content are remembered, so no later ingest brings it back unasked
    (``post_delete`` of Article: the admin's delete, its bulk action and the shell alike)."""
    DeletedArticle.objects.create(
        collection_id=instance.collection_id, source_file=instance.source_file, content_hash=instance.content_hash,
        title=instance.title[:500], source_url=instance.source_url)
