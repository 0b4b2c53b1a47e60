"""Build the demo database with this checkout and with another commit, and compare them table by table.

    python bench/demo_compare.py --rev 10313a9

A speed-up of the demo fill (or of the services it calls) must not change the demo data (issue 18
item 5): every table, every row, every column is compared, except the creation timestamps (the wall
clock) and the password hashes (a random salt). Prints the fill's CPU seconds for both and exits 1
when anything differs. The other commit is checked out into a temporary worktree.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"created_at", "password_hash"}  # the wall clock; a random salt

_BUILD = """
import datetime as dt, sys, time
from pathlib import Path
import pytest
from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.demo import fill_demo_data
from tests.privacy_helpers import fast_kdf
with pytest.MonkeyPatch.context() as patch:
    fast_kdf(patch)  # as the test suite builds it: cheap argon2 for the demo users
    db = open_database(Path(sys.argv[1]))
    started = time.process_time()
    fill_demo_data(Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23))))
    print(f"{time.process_time() - started:.2f}")
    db.close()
"""


def build(tree: Path, target: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", _BUILD, str(target)], cwd=tree, env=env, capture_output=True,
                          text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def dump(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    con = sqlite3.connect(path)
    out = {}
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        cursor = con.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        names = [d[0] for d in cursor.description]
        keep = [i for i, name in enumerate(names) if name not in SKIP]
        out[table] = ([names[i] for i in keep], [tuple(row[i] for i in keep) for row in cursor])
    con.close()
    return out


def differences(a: dict, b: dict) -> list[str]:
    out = []
    for table in sorted(set(a) | set(b)):
        if a.get(table) == b.get(table):
            continue
        (cols_a, rows_a), (cols_b, rows_b) = a.get(table, ([], [])), b.get(table, ([], []))
        out.append(f"{table}: {len(rows_a)} vs {len(rows_b)} rows, columns {'same' if cols_a == cols_b else 'differ'}")
        for row_a, row_b in zip(rows_a, rows_b, strict=False):
            if row_a != row_b:
                out.append(f"  first differing row: {row_a} vs {row_b}")
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rev", required=True, help="the commit to compare with (e.g. the one before a change)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hemsedal-demo-") as temp:
        other = Path(temp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.rev],
                       check=True, capture_output=True)
        try:
            cpu_other = build(other, Path(temp) / "other.sqlite3")
            cpu_this = build(ROOT, Path(temp) / "this.sqlite3")
            a, b = dump(Path(temp) / "other.sqlite3"), dump(Path(temp) / "this.sqlite3")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], capture_output=True)
    rows = sum(len(r) for _c, r in b.values())
    print(f"demo fill CPU: {args.rev} {cpu_other:.2f} s, this checkout {cpu_this:.2f} s")
    found = differences(a, b)
    if found:
        print("DIFFERENT:\n" + "\n".join(found))
        return 1
    print(f"identical: {len(b)} tables, {rows} rows (created_at and password_hash left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
