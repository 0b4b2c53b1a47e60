"""Load test for server mode (issue 17): N officer processes × M saves against PostgreSQL, 0 lost updates.

    PYTHONPATH=. python bench/bench_server_load.py --pg "postgresql:///postgres?host=/tmp/pgsock&user=postgres" \
        [--officers 20] [--saves 200] [--households 10]

A fresh server database is made (and dropped afterwards). Each officer is a real process that, for
each save, "opens" a household as a form would (reads its notes and row_version), then saves the notes
with its own token appended, declaring the version it read (``expect_versions``). Every tenth save
registers a new household instead. A save refused because someone saved in between is counted as a
conflict (it must carry the Norwegian message) and not retried. At the end every household's notes
must hold exactly the tokens of the saves that were accepted for it: a missing token would be a lost
update. p50/p95 of the save latency are printed, then the same workload with one writer on an SQLite
file for comparison (the same number of saves). ``BENCH_NO_VERSION_CHECK=1`` runs the forms without
declaring their version: then lost updates appear, which shows the check is what prevents them. Numbers
depend on the machine's load (the development machine is shared: noisy).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

if not os.environ.get("HEMSEDAL_BENCH_CODE"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _with_db(url: str, name: str) -> str:
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/{name}" + (f"?{parts.query}" if parts.query else "")


def _setup(target: str, officers: int, households: int) -> list[int]:
    from hemsedal_integrering.context import Context
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.services import people
    from hemsedal_integrering.services.accounts import create_user
    from hemsedal_integrering.services.setup import ensure_municipalities
    db = open_database(target)
    ctx = Context(db=db)
    ensure_municipalities(ctx)
    for i in range(officers):
        create_user(ctx, username=f"officer{i}", full_name=f"Officer {i}", role="officer")
    ids = [people.register_household(ctx, municipality="hemsedal", name=f"Familie {i}", settlement_date="2025-03-01",
                                     legal_basis="asylum", members=[dict(first_name="A", last_name=f"F{i}",
                                                                         role="adult", birth_date="1980-01-01")]
                                     ).first_created("household") for i in range(households)]
    db.close()
    return ids


def _worker(target: str, officer: int, saves: int, households: list[int], out) -> None:
    import random
    from hemsedal_integrering.context import Context
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.errors import Conflict
    from hemsedal_integrering.models import Household, User
    from hemsedal_integrering.models.versioning import expect_versions
    from hemsedal_integrering.services import people
    db = open_database(target, migrate=False)
    ctx = Context(db=db).as_user(User.get(User.username == f"officer{officer}"))
    rng = random.Random(officer)
    latencies, accepted, conflicts, bad_messages, errors = [], [], 0, 0, []
    for n in range(saves):
        start = time.perf_counter()
        try:
            if n % 10 == 9:
                people.register_household(ctx, municipality="gol", name=f"Ny {officer}-{n}",
                                          settlement_date="2025-03-01", legal_basis="asylum",
                                          members=[dict(first_name="B", last_name="C", role="adult",
                                                        birth_date="1981-01-01")])
            else:
                hid = rng.choice(households)
                row = Household.get_by_id(hid)  # the form opens the household
                token = f"[{officer}:{n}]"
                declared = {} if os.environ.get("BENCH_NO_VERSION_CHECK") else {("household", hid): row.row_version}
                with expect_versions(declared):  # without it (the broken mode) saves overwrite each other
                    people.update_household(ctx, household_id=hid, notes=row.notes + token)
                accepted.append((hid, token))
            latencies.append(time.perf_counter() - start)
        except Conflict as exc:
            conflicts += 1
            bad_messages += "Ikke lagret" not in str(exc)
        except Exception as exc:  # reported, not hidden
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
    db.close()
    out.put((latencies, accepted, conflicts, bad_messages, errors))


def run(target: str, officers: int, saves: int, households: int) -> dict:
    ids = _setup(target, officers, households)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(target, i, saves, ids, out)) for i in range(officers)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _p in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - start
    latencies = sorted(x for r in results for x in r[0])
    accepted = [a for r in results for a in r[1]]
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.models import Household
    db = open_database(target, migrate=False)
    notes = {h.id: h.notes for h in Household.select().where(Household.id.in_(ids))}
    db.close()
    lost = sum(1 for hid, token in accepted if notes[hid].count(token) != 1)
    return {"saves": len(latencies), "accepted_edits": len(accepted), "conflicts": sum(r[2] for r in results),
            "conflicts_without_message": sum(r[3] for r in results), "errors": [e for r in results for e in r[4]],
            "lost_updates": lost, "wall_s": round(wall, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("HEMSEDAL_TEST_PG", ""))
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--households", type=int, default=10)
    args = parser.parse_args()
    if not args.pg:
        print("--pg or HEMSEDAL_TEST_PG needed", file=sys.stderr)
        return 2
    import psycopg
    name = "load_" + uuid.uuid4().hex[:10]
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        server = run(_with_db(args.pg, name), args.officers, args.saves, args.households)
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"PostgreSQL, {args.officers} officers x {args.saves} saves:", server)
    with tempfile.TemporaryDirectory() as tmp:
        lite = run(str(Path(tmp) / "load.sqlite3"), 1, args.saves * args.officers, args.households)
    print(f"SQLite, 1 writer x {args.saves * args.officers} saves:", lite)
    return 0 if server["lost_updates"] == 0 and not server["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
