"""peewee is imported without the PostgreSQL driver (cold start, issue 16) and server mode hands
it the driver: afterwards peewee holds exactly what its own import of psycopg would have given."""

from __future__ import annotations

import json
import subprocess
import sys

SNAPSHOT = """
import json, sys
{first}
import peewee
{then}
def origin(value):
    return getattr(value, "__module__", None) or getattr(value, "__name__", "")
names = {{n: repr(v) for n, v in vars(peewee).items() if str(origin(v)).startswith("psycopg")}}
adapter = {{n: repr(getattr(peewee.Psycopg3Adapter, n, None)) for n in ("txn_idle", "txn_inerror", "txn_unknown")}}
print(json.dumps([names, adapter, "psycopg" in sys.modules]))
"""


def _snapshot(first: str, then: str = "") -> list:
    out = subprocess.run([sys.executable, "-c", SNAPSHOT.format(first=first, then=then)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_program_starts_without_the_driver_and_server_mode_restores_it():
    # peewee as it is without this program's help (the driver imported first)
    plain = _snapshot("import psycopg")
    # the program's packages: no driver loaded at all
    names, adapter, loaded = _snapshot("import hemsedal_integrering.context")
    assert not loaded and names == {} and set(adapter.values()) == {"None"}
    # server mode: the same names as peewee's own import, and a psycopg import still works
    restored = _snapshot("import hemsedal_integrering.context",
                         "from hemsedal_integrering.db.postgres import give_peewee_the_driver\n"
                         "give_peewee_the_driver()")
    assert restored == plain and plain[0] and "None" not in plain[1].values()


def test_a_server_database_opens_after_a_start_without_the_driver(pg_url):
    code = ("import sys\n"
            "from hemsedal_integrering.db import open_database\n"
            "assert 'psycopg' not in sys.modules\n"
            f"db = open_database({pg_url!r})\n"
            "with db.atomic():\n"
            "    print(db.execute_sql('SELECT 41 + 1').fetchone()[0])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip().splitlines()[-1] == "42", out.stderr[-2000:]
