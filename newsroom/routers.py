from django.db import connections


class ReplicaRouter:
    """Read-only queries go to the ``replica`` database; writes, and reads inside a transaction
    (which must see their own writes), go to the primary."""

    def db_for_read(self, model, **hints):
        return "default" if connections["default"].in_atomic_block else "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary
