"""The test suite's wall time and CPU time (issue 18 item 5: the SQLite suite under 90 s on 2 cores).

    python bench/bench_suite.py [--runs 3] [--rev COMMIT] [--serial] [--with-pg] [-- PYTEST ARGS ...]

Runs the README's test command (``python -m pytest -n auto``, Qt offscreen) ``--runs`` times on this
checkout, or on ``--rev`` (checked out into a temporary worktree, e.g. ``--rev 8e2fb78 --serial`` for
the suite as it was before issue 18: it had no ``-n``), and prints per run the wall time, the CPU time
of pytest and every process it started (user + system, from the children's rusage), the result line,
and the load average before the run: on a shared machine the wall time follows the load, the CPU time
much less. ``HEMSEDAL_TEST_PG`` is removed unless ``--with-pg`` (the target is the SQLite suite).
Only ruff and mypy of the README command are left out: they are not the suite.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu_of_children() -> float:
    try:
        import resource
    except ImportError:  # Windows: no rusage; the wall time is still measured
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(tree: Path, pytest_args: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpu_before, started = _cpu_of_children(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
                          cwd=tree, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - started, _cpu_of_children() - cpu_before
    lines = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return wall, cpu, (lines[-1].strip("= ") if lines else f"exit {done.returncode}"), load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rev", help="measure this commit instead of the working tree")
    parser.add_argument("--serial", action="store_true", help="no -n auto (the suite before issue 18)")
    parser.add_argument("--with-pg", action="store_true", help="keep HEMSEDAL_TEST_PG (PostgreSQL tests run)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args(argv)
    pytest_args = ([] if args.serial else ["-n", "auto"]) + args.pytest_args
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if not args.with_pg:
        env.pop("HEMSEDAL_TEST_PG", None)
    with tempfile.TemporaryDirectory(prefix="hemsedal-suite-") as temp:
        tree = ROOT
        if args.rev:
            tree = Path(temp) / "tree"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.rev],
                           check=True, capture_output=True)
        env["PYTHONPATH"] = str(tree)  # this tree's code, not an installed copy
        try:
            print(f"suite of {args.rev or 'this checkout'}: python -m pytest {' '.join(pytest_args)}"
                  f" ({os.cpu_count()} cores)")
            walls, cpus = [], []
            for i in range(args.runs):
                wall, cpu, result, load = run_once(tree, pytest_args, env)
                walls.append(wall)
                cpus.append(cpu)
                print(f"  run {i + 1}: wall {wall:6.1f} s   CPU {cpu:6.1f} s   load before {load:4.1f}   {result}",
                      flush=True)
            print(f"  median: wall {statistics.median(walls):.1f} s (min {min(walls):.1f}, max {max(walls):.1f}), "
                  f"CPU {statistics.median(cpus):.1f} s")
        finally:
            if args.rev:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                               capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
