"""Reads go to a configured replica: two real databases, in a separate process."""
import os
import subprocess
import sys
import textwrap

from .conftest import ROOT

SCRIPT = textwrap.dedent("""
    import os
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django; django.setup()
    from django.db import transaction
    from articles.models import Outlet
    Outlet.objects.create(name="Primary Gazette")
    # the replica was never sent this row, so where each read goes is visible
    print("read", Outlet.objects.count())
    print("primary", Outlet.objects.using("default").count())
    with transaction.atomic():
        print("in-transaction", Outlet.objects.count())
""")


def test_reads_go_to_the_replica_and_transactions_to_the_primary(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'primary.sqlite3'}",
               DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}",
               NEWSROOM_DATA_DIR=str(tmp_path / "data"))
    for alias in ("default", "replica"):
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--database", alias, "-v0"],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["read 0", "primary 1", "in-transaction 1"]
