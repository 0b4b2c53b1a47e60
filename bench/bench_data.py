"""Benchmark databases (not tests): 100,000 or 300,000 persons with every kind of record, built once.

    PYTHONPATH=. python bench/bench_data.py [--persons 100000] [--rebuild]

``ensure_database(persons)`` returns the path of a cached file under
``<temp>/hemsedal-bench/`` (built on first use, ~0.3 s per 1,000 persons): households
and persons settled 2010–2026 (30 % moved away), status periods, introduction
programmes, 300 housing units with tenancies and inspections, work placements and
~1.3 follow-up items per person. Rows are written in bulk with plain SQL — for the
benchmark only; the program itself always writes through the services. The same
seed gives the same file every time.
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("HEMSEDAL_BENCH_CODE"):  # run_all.py --code: measure that checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import SCHEMA_VERSION, open_database
from hemsedal_integrering.models import Municipality
from hemsedal_integrering.services.setup import ensure_municipalities

TODAY = dt.date(2026, 11, 23)
CACHE = Path(tempfile.gettempdir()) / "hemsedal-bench"
FORMAT = 1  # bump when the contents change: old cached files are then rebuilt
FIRST = ["Ali", "Sara", "Ahmad", "Hiba", "Olena", "Serhii", "Aman", "Selam", "Marie", "Joseph", "Noor", "Karim",
         "Yonas", "Tala", "Adam", "Lana", "Polina", "Nazar", "Halyna", "Biniam", "Chantal", "Glody", "Åse", "Øystein"]
LAST = ["Haddad", "Darwish", "Bondarenko", "Boiko", "Tesfay", "Ilunga", "Kasongo", "Mutombo", "Berhane",
        "Abdalla", "Petrenko", "Tkachenko", "Hussein", "Mohammed", "Kovalenko", "Shevchenko", "Ghebre"]
COUNTRIES = ["UA", "SY", "ER", "CD", "AF", "SO", None]
STATUSES = ["intro", "work_permanent", "work_temporary", "education", "work_education", "unemployed", "other"]
REASONS = ["work_elsewhere", "own_community", "climate", None]


def path_for(persons: int) -> Path:
    return CACHE / f"bench-{persons // 1000}k-v{FORMAT}-s{SCHEMA_VERSION}.sqlite3"


def ensure_database(persons: int, *, rebuild: bool = False) -> Path:
    """The cached benchmark database with ``persons`` persons (built now if missing)."""
    path = path_for(persons)
    if path.exists() and not rebuild and not _has_persons(path):
        rebuild = True  # an empty file (e.g. opened by a script before it was built) is built anew
    if rebuild or not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        tmp = path.with_suffix(".building")
        build(tmp, persons)
        tmp.replace(path)
        print(f"built {persons:,} persons in {time.perf_counter() - started:.0f} s -> {path}", file=sys.stderr)
    return path


def _has_persons(path: Path) -> bool:
    import sqlite3
    from contextlib import closing
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            return bool(con.execute("SELECT count(*) FROM person").fetchone()[0])
    except sqlite3.Error:
        return False


def _insert(db, table: str, columns: list[str], rows: list[tuple]) -> None:
    """executemany, with the model's defaults for the NOT NULL columns not given."""
    from hemsedal_integrering.models import ALL_MODELS
    model = next(m for m in ALL_MODELS if m._meta.table_name == table)
    extra = [(f.column_name, f.default() if callable(f.default) else f.default) for f in model._meta.sorted_fields
             if f.column_name not in columns and not f.primary_key and f.default is not None]
    extra = [(c, v.isoformat(" ") if isinstance(v, dt.datetime) else v) for c, v in extra]
    names = columns + [c for c, _v in extra]
    tail = tuple(v for _c, v in extra)
    sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
    db.connection().executemany(sql, [tuple(r) + tail for r in rows])


def build(path: Path, persons: int) -> None:
    rng = random.Random(16)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_database(path)
    ctx = Context(db=db, clock=fixed_clock(TODAY))
    ensure_municipalities(ctx)
    munis = [m.id for m in Municipality.select()]
    now = "2026-11-23 09:00:00"
    households, people, statuses, programmes, items = [], [], [], [], []
    n = hid = 0
    while n < persons:
        hid += 1
        size = min(rng.randint(1, 6), persons - n)
        last = rng.choice(LAST)
        settled = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 6170))
        moved = settled + dt.timedelta(days=rng.randint(200, 2000)) if rng.random() < 0.3 else None
        moved = moved if moved and moved <= TODAY else None
        basis = rng.choice(["asylum", "collective", "family", "resettlement"])
        households.append((hid, now, rng.choice(munis), f"Familien {last} {hid}", settled.isoformat(), basis, "", "",
                           "", "", moved and moved.isoformat(), "Oslo" if moved else "",
                           rng.choice(REASONS) if moved else None))
        for k in range(size):
            n += 1
            adult = k < 2
            born_here = not adult and rng.random() < 0.1
            birth = dt.date(1958 if adult else 2008, 1, 1) + dt.timedelta(days=rng.randint(0, 13000 if adult else 6000))
            if born_here:
                birth = settled + dt.timedelta(days=rng.randint(30, 900))
            arrival = settled + dt.timedelta(days=rng.randint(100, 700)) if rng.random() < 0.05 else None
            people.append((n, now, hid, rng.choice(FIRST), last, "adult" if adult else "child",
                           birth.isoformat() if rng.random() > 0.02 else None, f"{n:011d}", rng.choice("FMMX "),
                           rng.choice(COUNTRIES), "uk", None, None, f"9{rng.randint(0, 9999999):07d}", "",
                           arrival and arrival.isoformat(), int(born_here), moved and moved.isoformat(),
                           "Oslo" if moved else "", rng.choice(REASONS) if moved else None, "", ""))
            if adult:
                start = arrival or settled
                for _ in range(rng.randint(0, 3)):
                    end = start + dt.timedelta(days=rng.randint(60, 900))
                    open_end = end > TODAY or rng.random() < 0.15
                    statuses.append((now, n, rng.choice(STATUSES), start.isoformat(),
                                     None if open_end else end.isoformat(), ""))
                    if open_end:
                        break
                    start = end + dt.timedelta(days=rng.choice([0, 1, 30]))
                if rng.random() < 0.6:
                    p_start = (arrival or settled) + dt.timedelta(days=30)
                    p_end = p_start + dt.timedelta(days=rng.randint(300, 900))
                    programmes.append((now, n, p_start.isoformat(), p_end.isoformat(),
                                       p_end.isoformat() if p_end <= TODAY else None))
        if settled > dt.date(2021, 6, 1):
            for j in range(int(size * 1.3 * 16 / 5.5) + 1):
                due = settled + dt.timedelta(days=30 * j + rng.randint(0, 20))
                status = "done" if due < TODAY - dt.timedelta(days=60) and rng.random() < 0.9 else "open"
                items.append((now, hid, None, "bench", 1, j, f"Oppfølging {j}",
                              rng.choice(["integration", "nav", "school"]), 1 + j // 12, due.isoformat(), status,
                              "template"))
    with db.atomic():
        _insert(db, "household", ["id", "created_at", "municipality_id", "name", "settlement_date", "legal_basis",
                                  "case_reference", "contact_phone", "address_note", "notes", "moved_out_date",
                                  "moved_to", "move_reason"], households)
        _insert(db, "person", ["id", "created_at", "household_id", "first_name", "last_name", "role", "birth_date",
                               "national_id", "gender", "country", "languages", "interpreter_language",
                               "legal_basis", "phone", "email", "arrival_date", "born_in_norway", "moved_out_date",
                               "moved_to", "move_reason", "health_note", "case_note"],
                [p[:8] + ((p[8].strip() or None),) + p[9:] for p in people])
        _insert(db, "status_period", ["created_at", "person_id", "status", "start_date", "end_date", "note"], statuses)
        _insert(db, "intro_programme", ["created_at", "person_id", "start_date", "planned_end_date",
                                        "actual_end_date"], programmes)
        _insert(db, "follow_up_item", ["created_at", "household_id", "person_id", "template_key", "template_version",
                                       "occurrence", "title", "responsible", "follow_up_year", "due_date", "status",
                                       "source"], items)
        for col, default in (("reason", ""), ("note", "")):
            db.execute_sql(f"UPDATE follow_up_item SET {col} = ? WHERE {col} IS NULL", (default,))
        units = [(now, munis[i % 2], f"Bygdevegen {i}", "3560", "Trøim", "municipal", 60, 2, 1, "electric", 0, 0,
                  "tenant", "none", "", 1) for i in range(1, 301)]
        _insert(db, "housing_unit", ["created_at", "municipality_id", "address", "postal_code", "place", "ownership",
                                     "size_m2", "bedrooms", "capacity", "heating", "has_wood_stove", "has_garden",
                                     "snow_clearing_by", "lawn_mowing_by", "notes", "active"], units)
        current = [h[0] for h in households if h[10] is None and h[4] > "2022-01-01"][:280]
        _insert(db, "tenancy", ["created_at", "unit_id", "household_id", "start_date", "end_date", "monthly_rent",
                                "notes"],
                [(now, i + 1, h, "2024-01-01", None, 8000, "") for i, h in enumerate(current)])
        inspections = []
        for t in range(1, len(current) + 1):
            for _k in range(rng.randint(0, 4)):
                day = dt.date(2024, 2, 1) + dt.timedelta(days=rng.randint(0, 1100))
                status = "done" if day <= TODAY and rng.random() < 0.8 else ("planned" if day > TODAY else "cancelled")
                inspections.append((now, t, f"{day.isoformat()} 10:00:00",
                                    day.isoformat() if status == "done" else None, 1, "winter", status, ""))
        _insert(db, "inspection", ["created_at", "tenancy_id", "planned_at", "performed_date", "follow_up_year",
                                   "season", "status", "remarks"], inspections)
        _insert(db, "workplace", ["created_at", "employer", "department", "is_municipal", "municipality_id", "sector",
                                  "address", "contact_name", "contact_phone", "contact_email", "notes", "active"],
                [(now, f"Arbeidsgiver {i}", "", i % 3 == 0, munis[i % 2], "health_care", "", "", "", "", "", 1)
                 for i in range(1, 201)])
        adults = [p[0] for p in people if p[5] == "adult"]
        placements = []
        for pid in rng.sample(adults, min(len(adults), persons // 20)):
            start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 3200))
            end = start + dt.timedelta(days=rng.randint(30, 365))
            placements.append((now, pid, rng.randint(1, 200), "language", "", "", 20.0, start.isoformat(),
                               end.isoformat(), "", "employed" if end < TODAY else None, int(end < TODAY), ""))
        _insert(db, "placement", ["created_at", "person_id", "workplace_id", "type", "supervisor_name",
                                  "supervisor_phone", "hours_per_week", "start_date", "end_date", "nav_measure",
                                  "outcome", "ended", "notes"], placements)
    db.execute_sql("ANALYZE")
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    print(ensure_database(args.persons, rebuild=args.rebuild))


if __name__ == "__main__":
    main()
