"""Benchmark (a script, not a test): cold start to first paint, the program's main window vs a bare PySide6 window.

    PYTHONPATH=. python bench/bench_start.py [--db FILE] [--repeat 5]

Each start is a new Python process (imports included, as a user's double-click); the
time runs from spawning it to the first paint of the window (a zero timer after
``show()``). The program opens ``--db`` (default: the 100,000-person benchmark file) and
shows the main window on the start page, without the login dialog. Prints median and
min–max of both and their ratio (target: at most 3x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("Hei")); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print(time.time()), app.quit()))
app.exec()
"""

PROGRAM = """
import time, sys, datetime as dt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.ui.main_window import MainWindow
db = open_database(sys.argv[1])
w = MainWindow(Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23))))
w.show()
QTimer.singleShot(0, lambda: (print(time.time()), app.quit()))
app.exec()
"""


def one(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    # cwd: a temp folder, as ``python -c`` puts the working directory first on sys.path (ahead of PYTHONPATH)
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True,
                         cwd=tempfile.gettempdir())
    return float(out.stdout.strip().splitlines()[-1]) - started


def measure(db: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(bare window seconds, program seconds), alternating so both see the same machine load."""
    bare, program = [], []
    for _ in range(repeat):
        bare.append(one(BARE))
        program.append(one(PROGRAM, str(db)))
    return bare, program


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.db:
        db = Path(args.db)
    else:
        from bench_data import ensure_database
        db = ensure_database(100_000)
    bare, program = measure(db, args.repeat)
    mb, mp = statistics.median(bare), statistics.median(program)
    print(f"bare PySide6 window: median {mb * 1000:.0f} ms ({min(bare) * 1000:.0f}–{max(bare) * 1000:.0f})")
    print(f"main window:         median {mp * 1000:.0f} ms ({min(program) * 1000:.0f}–{max(program) * 1000:.0f})")
    print(f"ratio: {mp / mb:.1f}x (target <= 3x)")


if __name__ == "__main__":
    main()
