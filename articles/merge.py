"""Merging duplicate records (``TV Asahi`` and ``TV Asahi Corporation``) into one."""
from django.db import IntegrityError, models, transaction


@transaction.atomic
def merge_records(target, duplicates):
    """Move every relation of ``duplicates`` onto ``target`` and delete them.

    The duplicates' names become aliases of ``target``; blank fields of
    ``target`` are filled from the duplicates. Returns the number merged.
    """
    merged = 0
    for duplicate in duplicates:
        if duplicate.pk == target.pk:
            continue
        _move_relations(duplicate, target)
        _fill_blanks(duplicate, target)
        target.add_aliases(duplicate.all_names())
        duplicate.delete()
        merged += 1
    target.save()
    return merged


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
