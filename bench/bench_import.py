"""Benchmark (a script, not a test): importing a 2,000-row caseload workbook.

    PYTHONPATH=. python bench/bench_import.py [--rows 2000] [--mode each] [--trace-memory]

Writes an .xlsx of ``--rows`` persons (households of 1–4, messy cells: text
dates, spaced identity numbers, "Etternavn, Fornavn"), settled 2019–2026, then on
a fresh database measures: reading the sheet, the preview (every row through
the services, rolled back), the import itself (with back-registration up to
today) and importing the same file again (nothing new). Prints wall time and
the process's peak RSS; ``--trace-memory`` adds each step's peak Python
allocations (tracemalloc, which makes the timings several times slower).
The machine is shared: numbers are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.rules.identity import make_synthetic_number
from hemsedal_integrering.services import importing
from hemsedal_integrering.services.followup import ensure_templates
from hemsedal_integrering.services.setup import ensure_municipalities

TODAY = dt.date(2026, 11, 23)
HEADERS = ["Husstand", "Etternavn, Fornavn", "Fødselsnr", "Fødselsdato", "Rolle", "Land", "Språk",  # i18n: data
           "Bosettingsdato", "Kommune", "Grunnlag", "Adresse"]  # i18n: data


def number(born: dt.date, serial: int) -> str:
    for individual in range(serial % 900, serial % 900 + 60):
        n = make_synthetic_number(born.day, born.month, born.year, individual % 1000)
        if n:
            return n
    raise ValueError(serial)


def write_workbook(path: Path, rows: int) -> int:
    from openpyxl import Workbook
    rng = random.Random(2026)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Bosatte")  # i18n: data
    ws.append(["Bosatte – testliste"])  # i18n: data
    ws.append(HEADERS)
    written, household, used = 0, 0, set()
    while written < rows:
        household += 1
        settled = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, (TODAY - dt.date(2019, 1, 1)).days))
        size = min(rng.choice((1, 2, 3, 4)), rows - written)
        last = f"Familie{household:04d}"
        municipality = rng.choice(("Hemsedal", "Gol"))
        for k in range(size):
            adult = k < 2
            born = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)) if adult else \
                dt.date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28))
            nid = number(born, household * 7 + k)
            while nid in used:
                nid = number(born, rng.randrange(1, 10**6))
            used.add(nid)
            date_text = born.strftime("%d.%m.%Y") if k % 2 else f"{born.day}/{born.month}/{born.year % 100:02d}"
            ws.append([f"H{household}", f"{last}, Person{k}", f"{nid[:6]} {nid[6:]}", date_text,
                       "voksen" if adult else "barn", "Ukraina" if household % 3 else "Syria",  # i18n: data
                       "ukrainsk" if household % 3 else "arabisk",  # i18n: data
                       settled.strftime("%d.%m.%Y"), municipality,
                       "kollektiv" if household % 3 else "asyl", f"Vegen {household}"])  # i18n: data
            written += 1
    wb.save(path)
    return household


TRACE = False


def measure(label: str, fn):
    """Wall time; with --trace-memory also tracemalloc's peak (which slows Python down a lot)."""
    if TRACE:
        tracemalloc.start()
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    memory = ""
    if TRACE:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory = f"   peak Python memory {peak / 2**20:6.1f} MiB"
    print(f"{label:<34} {seconds:7.2f} s{memory}")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--mode", choices=importing.MODES, default="each")
    parser.add_argument("--trace-memory", action="store_true",
                        help="also measure peak Python memory per step (tracemalloc: several times slower)")
    args = parser.parse_args()
    global TRACE
    TRACE = args.trace_memory
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "caseload.xlsx"
        households = write_workbook(book, args.rows)
        print(f"{args.rows} rows, {households} households, {book.stat().st_size / 1024:.0f} kB workbook")
        db = open_database(folder / "import.sqlite3")
        ctx = Context(db=db, clock=fixed_clock(TODAY))
        ensure_municipalities(ctx)
        ensure_templates(ctx)
        table = measure("read sheet", lambda: importing.read_table(book, "Bosatte",
                                                                   score=importing.header_score("households")))
        mapping = importing.guess_mapping("households", table.headers)
        options = importing.ImportOptions(kind="households", mode=args.mode, done_before=TODAY)
        preview = measure("preview (all rows, rolled back)", lambda: importing.run_import(
            ctx, table=table, mapping=mapping, options=options, dry_run=True))
        result = measure("import", lambda: importing.run_import(
            ctx, table=table, mapping=mapping, options=options, dry_run=False))
        again = measure("same file again", lambda: importing.run_import(
            ctx, table=table, mapping=mapping, options=options, dry_run=False))
        print("preview:", preview.counts)
        print("import: ", result.counts, "saved" if result.saved else "NOT SAVED")
        print("again:  ", again.counts)
        from hemsedal_integrering.models import FollowUpItem
        from peewee import fn
        items = (FollowUpItem.select(FollowUpItem.status, fn.COUNT(FollowUpItem.id))
                 .group_by(FollowUpItem.status).tuples())
        print("follow-up items:", dict(items))
        db.close()
    try:
        import resource
        print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    except ImportError:  # Windows
        pass


if __name__ == "__main__":
    main()
