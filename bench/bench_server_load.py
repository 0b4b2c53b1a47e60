"""Load test for server mode (issue 17): N officer processes × M saves against PostgreSQL, 0 lost updates.

    PYTHONPATH=. python bench/bench_server_load.py --pg "postgresql:///postgres?host=/tmp/pgsock&user=postgres" \
        [--officers 20] [--saves 200] [--households 10]

A fresh server database is made (and dropped afterwards). Each officer is a real process whose saves
follow the issue's mix, each one as a form would do it: read the record (and its row_version), then
save declaring the version it read (``expect_versions``):

* 1 in 10 registers a new household;
* 1 in 10 moves one of the shared households: out of its dwelling if it lives in one, else into one of
  the shared units (capacity 1) from the day after its last move-out;
* 1 in 10 marks one of the shared households' open follow-up tasks done;
* the rest edit a shared household's notes, appending the officer's token.

A save refused because someone saved in between (``Conflict``) must carry the Norwegian message; a move
refused by the rules (the unit is full, the household already lives elsewhere: ``ValidationError``) is
a refusal too. Neither is retried. At the end: every household's notes hold exactly the tokens of the
accepted edits; every task accepted as done is done by the officer whose save was accepted, and no task
was accepted twice; no unit holds more households than its capacity on any day and no household lives
in two units at once (``services.consistency``). Any miss is a lost update. p50/p95 of the save latency
are printed, then the same workload with one writer on an SQLite file for comparison (the same number
of saves). ``BENCH_NO_VERSION_CHECK=1`` runs the forms without
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
    from hemsedal_integrering.services import housing
    for i in range(officers):
        create_user(ctx, username=f"officer{i}", full_name=f"Officer {i}", role=["officer", "housing"])
    for i in range(UNITS):
        housing.create_unit(ctx, municipality="hemsedal", address=f"Tunvegen {i + 1}", ownership="municipal",
                            bedrooms=2, capacity=1, postal_code="3560", place="Hemsedal")
    ids = [people.register_household(ctx, municipality="hemsedal", name=f"Familie {i}", settlement_date="2025-03-01",
                                     legal_basis="asylum", members=[dict(first_name="A", last_name=f"F{i}",
                                                                         role="adult", birth_date="1980-01-01")]
                                     ).first_created("household") for i in range(households)]
    db.close()
    return ids


UNITS = 5


def _move(ctx, rng, households: list[int], declared_ok: bool) -> str:
    """Move a shared household out of its dwelling, or into a shared unit after its last move-out."""
    import datetime as dt

    from hemsedal_integrering.models import HousingUnit, Tenancy
    from hemsedal_integrering.models.versioning import expect_versions
    from hemsedal_integrering.services import housing
    hid = rng.choice(households)
    tenancies = list(Tenancy.select().where(Tenancy.household == hid).order_by(Tenancy.start_date))
    current = next((t for t in tenancies if t.end_date is None), None)
    if current is not None:  # the form shows the tenancy; "Flytt ut" the next day
        declared = {("tenancy", current.id): current.row_version} if declared_ok else {}
        with expect_versions(declared):
            housing.move_out(ctx, tenancy_id=current.id, end_date=current.start_date + dt.timedelta(days=1))
        return "out"
    last = max((t.end_date for t in tenancies), default=dt.date(2025, 3, 1))
    unit = rng.choice([u.id for u in HousingUnit.select(HousingUnit.id)])
    housing.move_in(ctx, household_id=hid, unit_id=unit, start_date=last + dt.timedelta(days=1))
    return "in"


def _mark_done(ctx, rng, households: list[int], declared_ok: bool) -> int | None:
    """Mark one of a shared household's open tasks done, as the task form does (declaring its version)."""
    from hemsedal_integrering.models import FollowUpItem
    from hemsedal_integrering.models.versioning import expect_versions
    from hemsedal_integrering.services import followup
    hid = rng.choice(households)
    items = list(FollowUpItem.select().where((FollowUpItem.household == hid) & (FollowUpItem.status == "open")
                                             & (FollowUpItem.due_date <= ctx.today())).limit(5))
    if not items:
        return None
    item = rng.choice(items)
    declared = {("follow_up_item", item.id): item.row_version} if declared_ok else {}
    with expect_versions(declared):
        followup.mark_done(ctx, item_id=item.id)
    return item.id


def _worker(target: str, officer: int, saves: int, households: list[int], out) -> None:
    import random
    from hemsedal_integrering.context import Context
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.errors import Conflict, ValidationError
    from hemsedal_integrering.models import Household, User
    from hemsedal_integrering.models.versioning import expect_versions
    from hemsedal_integrering.services import people
    db = open_database(target, migrate=False)
    ctx = Context(db=db).as_user(User.get(User.username == f"officer{officer}"))
    rng = random.Random(officer)
    declared_ok = not os.environ.get("BENCH_NO_VERSION_CHECK")
    latencies, accepted, conflicts, bad_messages, errors = [], [], 0, 0, []
    done, moves, refused = [], {"in": 0, "out": 0}, 0
    for n in range(saves):
        start = time.perf_counter()
        try:
            if n % 10 == 8:
                moves[_move(ctx, rng, households, declared_ok)] += 1
            elif n % 10 == 7:
                item = _mark_done(ctx, rng, households, declared_ok)
                if item is not None:
                    done.append(item)
            elif n % 10 == 9:
                people.register_household(ctx, municipality="gol", name=f"Ny {officer}-{n}",
                                          settlement_date="2025-03-01", legal_basis="asylum",
                                          members=[dict(first_name="B", last_name="C", role="adult",
                                                        birth_date="1981-01-01")])
            else:
                hid = rng.choice(households)
                row = Household.get_by_id(hid)  # the form opens the household
                token = f"[{officer}:{n}]"
                declared = {("household", hid): row.row_version} if declared_ok else {}
                with expect_versions(declared):  # without it (the broken mode) saves overwrite each other
                    people.update_household(ctx, household_id=hid, notes=row.notes + token)
                accepted.append((hid, token))
            latencies.append(time.perf_counter() - start)
        except Conflict as exc:
            conflicts += 1
            bad_messages += "Ikke lagret" not in str(exc)
        except ValidationError as exc:  # a move the rules refuse (full, lives elsewhere), a task already done
            refused += 1
            bad_messages += not all(exc.errors.values())
        except Exception as exc:  # reported, not hidden
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
    db.close()
    out.put((latencies, accepted, conflicts, bad_messages, errors, done, moves, refused, officer))


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
    from hemsedal_integrering.context import Context
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.models import FollowUpItem, Household, User
    from hemsedal_integrering.services import consistency
    db = open_database(target, migrate=False)
    notes = {h.id: h.notes for h in Household.select().where(Household.id.in_(ids))}
    lost = sum(1 for hid, token in accepted if notes[hid].count(token) != 1)
    users = {u.id: int(u.username.removeprefix("officer")) for u in User.select()}
    done_by = {i.id: users.get(i.done_by_id) for i in FollowUpItem.select().where(FollowUpItem.status == "done")}
    claims = [(item, r[8]) for r in results for item in r[5]]
    lost += sum(1 for item, officer in claims if done_by.get(item) != officer)  # accepted twice or overwritten
    broken = [f for f in consistency.check(Context(db=db)) if f.rule in ("tenancy_overlap", "unit_over_capacity")]
    db.close()
    return {"saves": len(latencies), "accepted_edits": len(accepted), "tasks_done": len(claims),
            "moves_in": sum(r[6]["in"] for r in results), "moves_out": sum(r[6]["out"] for r in results),
            "refused_by_rules": sum(r[7] for r in results), "broken_housing": [f.message for f in broken],
            "conflicts": sum(r[2] for r in results),
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
    ok = not server["lost_updates"] and not server["errors"] and not server["broken_housing"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
