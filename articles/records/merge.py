"""Merging duplicate records (``TV Asahi`` and ``TV Asahi Corporation``) into one.

A merged record is remembered (:class:`~articles.models.MergedRecord`), so its old address and its slug as a
filter value lead to the record it became: links to it from elsewhere, bookmarks and citations keep working.
"""
from django.db import IntegrityError, models, transaction

from ..models import Delegation, MergedRecord, Outlet, Person

KINDS = {Outlet: MergedRecord.Kind.OUTLET, Person: MergedRecord.Kind.PERSON,
         Delegation: MergedRecord.Kind.DELEGATION}


@transaction.atomic
def merge_records(target, duplicates):
    """Move every relation of ``duplicates`` onto ``target`` and delete them.

    The duplicates' names become aliases of ``target``; blank fields of
    ``target`` are filled from the duplicates; each duplicate's slug now
    leads to ``target``. Returns the number merged.
    """
    merged = 0
    for duplicate in duplicates:
        if duplicate.pk == target.pk:
            continue
        _move_relations(duplicate, target)
        _fill_blanks(duplicate, target)
        target.add_aliases(duplicate.all_names())
        _remember(duplicate, target)
        duplicate.delete()
        merged += 1
    target.save()
    return merged


def _remember(duplicate, target):
    """Lead the duplicate's slug, and every slug that led to the duplicate, to ``target`` (so a chain of
    merges, A into B then B into C, leads A straight to C)."""
    kind = KINDS.get(type(target))
    if kind is None:
        return
    records = MergedRecord.objects.filter(kind=kind)
    records.filter(target_pk=duplicate.pk).update(target_pk=target.pk)
    records.filter(old_slug=duplicate.slug).delete()  # a slug used again by a later record: its last merge wins
    records.create(kind=kind, old_slug=duplicate.slug, old_pk=duplicate.pk, old_name=duplicate.name,
                   target_pk=target.pk)


def merged_into(model, slugs):
    """{old slug: its :class:`MergedRecord`, with the live record it became as ``target``} for those of
    ``slugs`` that no live ``model`` record holds (a slug taken again by a new record is that record's)."""
    kind = KINDS.get(model)
    slugs = set(slugs)
    if kind is None or not slugs:
        return {}
    merges = {m.old_slug: m for m in MergedRecord.objects.filter(kind=kind, old_slug__in=slugs)}
    if not merges:
        return {}
    live = set(model._default_manager.filter(slug__in=merges).values_list("slug", flat=True))
    targets = model._default_manager.in_bulk({m.target_pk for slug, m in merges.items() if slug not in live})
    found = {}
    for slug, merge in merges.items():
        if slug not in live and merge.target_pk in targets:
            merge.target = targets[merge.target_pk]
            found[slug] = merge
    return found


def _move_relations(source, target):
    for relation in source._meta.get_fields():
        if relation.one_to_many and relation.auto_created:
            _move_foreign_keys(relation, source, target)
        elif relation.many_to_many:
            through = relation.through if relation.auto_created else relation.remote_field.through
            if not through._meta.auto_created:
                continue  # an explicit through model is moved by its foreign keys
            accessor = relation.get_accessor_name() if relation.auto_created else relation.name
            getattr(target, accessor).add(*getattr(source, accessor).all())


def _move_foreign_keys(relation, source, target):
    field_name = relation.field.name
    for row in relation.related_model._default_manager.filter(**{field_name: source}):
        if row.pk == target.pk and type(row) is type(target):
            continue  # target pointed at the duplicate (its parent): drop that link below
        setattr(row, field_name, target)
        try:
            with transaction.atomic():
                row.save(update_fields=[field_name])
        except IntegrityError:
            # target already has the same row (same article, same person): keep one.
            row.delete()


def _fill_blanks(source, target):
    for field in target._meta.concrete_fields:
        if field.primary_key or field.name in {"name", "slug", "aliases", "edited_fields"}:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is type(target):
            if getattr(target, field.attname) == source.pk:
                setattr(target, field.attname, None)
            continue
        if getattr(target, field.attname) in (None, "") and getattr(source, field.attname) not in (None, ""):
            setattr(target, field.attname, getattr(source, field.attname))
