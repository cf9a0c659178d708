"""Run a function once when the current transaction commits, however many records ask for it.

Asked of the connection, not remembered in a flag alone: a rolled-back transaction drops its callbacks, and
a flag that stayed set stopped a thread from ever scheduling the function again (a request that failed after
a save left its worker never updating the search index).
"""
import threading

from django.db import connection, transaction

_local = threading.local()


def once_on_commit(func):
    scheduled = _local.__dict__.setdefault("scheduled", {})
    runner = scheduled.get(func)
    if runner and connection.in_atomic_block and any(f is runner for _ids, f, _robust in connection.run_on_commit):
        return

    def run():
        scheduled.pop(func, None)
        func()

    scheduled[func] = run
    transaction.on_commit(run)
