"""Benchmark (a script, not a test): ``register_household`` rate as the database grows.

    PYTHONPATH=. python bench/bench_writes.py [--households 10000] [--step 1000] [--repeat 3]

Registers households of two adults and a child (settled this year, so every
follow-up item is generated) through the real service, on a fresh file, and
prints households/second for each block of ``--step`` households: the rate must
stay flat as the database grows. ``--repeat`` runs the first block again on new
files to give a median and min–max (the machine is shared: numbers are noisy).
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("HEMSEDAL_BENCH_CODE"):  # run_all.py --code: measure that checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.services import people
from hemsedal_integrering.services.followup import ensure_templates
from hemsedal_integrering.services.setup import ensure_municipalities

TODAY = dt.date(2026, 11, 23)


def members(i: int) -> list[dict]:
    return [dict(first_name="Ahmad", last_name=f"Haddad{i}", role="adult", birth_date="1985-04-02", country="SY"),
            dict(first_name="Rania", last_name=f"Haddad{i}", role="adult", birth_date="1988-09-12", country="SY"),
            dict(first_name="Sara", last_name=f"Haddad{i}", role="child", birth_date="2016-01-20", country="SY")]


def open_fresh(folder: Path) -> Context:
    db = open_database(folder / "writes.sqlite3")
    ctx = Context(db=db, clock=fixed_clock(TODAY))
    ensure_municipalities(ctx)
    ensure_templates(ctx)
    return ctx


def register(ctx: Context, start: int, count: int) -> float:
    """Households per CPU second for ``count`` registrations.

    CPU time of this process, not wall time: on a machine shared with other work, wall
    time measures the neighbours as much as the program.
    """
    t0 = time.process_time()
    for i in range(start, start + count):
        people.register_household(ctx, municipality="hemsedal", name=f"Familien Haddad {i}", legal_basis="asylum",
                                  settlement_date=TODAY - dt.timedelta(days=i % 300), members=members(i))
    return count / (time.process_time() - t0)


def rate_runs(count: int, repeat: int) -> list[float]:
    """``repeat`` rates of ``count`` registrations on fresh files (for median / min–max)."""
    out = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            ctx = open_fresh(Path(tmp))
            out.append(register(ctx, 0, count))
            ctx.db.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=10_000)
    ap.add_argument("--step", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rates = rate_runs(min(args.step, 500), args.repeat)
    print(f"register_household (per CPU second), empty database: median {statistics.median(rates):.0f}/s "
          f"(min {min(rates):.0f}, max {max(rates):.0f}, {args.repeat} runs)")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_fresh(Path(tmp))
        done = 0
        while done < args.households:
            rate = register(ctx, done, args.step)
            done += args.step
            print(f"  {done:>6} households: {rate:.0f}/s", flush=True)
        ctx.db.close()


if __name__ == "__main__":
    main()
