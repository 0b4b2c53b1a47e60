"""The writer lock between real processes: crash, race, junk note, lost lock.

Each "workstation" is a separate Python process taking the lock through
``db.lock`` (or logging in through ``services.auth``), so the operating
system's lock semantics are what is tested, not a simulation.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hemsedal_integrering.db import lock

pytestmark = pytest.mark.slow  # real processes holding and racing for the lock

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

HOLDER = """
import sys
from pathlib import Path
from hemsedal_integrering.db import lock
mine, holder = lock.acquire(Path(sys.argv[1]), user=sys.argv[2])
print("writer" if mine else "reader", flush=True)
sys.stdin.readline()  # hold until told (or killed)
"""

# Takes part in ROUNDS races: waits for "go", tries the lock, reports, waits for "next", lets go.
RACER = """
import sys
from pathlib import Path
from hemsedal_integrering.db import lock
path, name = Path(sys.argv[1]), sys.argv[2]
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "stop":
        break
    mine, holder = lock.acquire(path, user=name)
    print("writer" if mine else "reader:" + holder.user, flush=True)
    sys.stdin.readline()  # "next"
    if mine:
        mine.release()
    print("released", flush=True)
"""


def _start(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def _line(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline().strip()
    assert line, proc.stderr.read()[-2000:]
    return line


def _stale_note(db: Path, pid: int = 999_999) -> None:
    """A note left by a holder that is long gone (as a crash or an older program version leaves it)."""
    long_ago = (dt.datetime.now() - dt.timedelta(hours=3)).replace(microsecond=0).isoformat()
    lock.lock_path(db).write_text(json.dumps({"host": "kontor-pc-7", "user": "Gammel Holder", "pid": pid,
                                              "since": long_ago, "heartbeat": long_ago}), encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX; TerminateProcess is the Windows analogue")
def test_holder_killed_with_sigkill_next_opener_becomes_writer(tmp_path):
    db = tmp_path / "delt.sqlite3"
    holder = _start(HOLDER, db, "Kari")
    try:
        assert _line(holder) == "writer"
        # while it lives, a second opener is read-only and told who it is
        mine, info = lock.acquire(db, user="Ola")
        assert mine is None and info.user == "Kari" and info.pid == holder.pid
        holder.kill()  # SIGKILL: no clean-up runs, the note stays behind
        holder.wait(timeout=30)
        assert lock.read_lock(db).user == "Kari"
        # the operating system released the lock with the process: the next opener writes
        mine, info = lock.acquire(db, user="Ola")
        assert mine is not None and info is None
        assert lock.read_lock(db).user == "Ola"
        mine.release()
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_two_openers_racing_for_a_stale_lock_exactly_one_writer_in_50_trials(tmp_path):
    db = tmp_path / "delt.sqlite3"
    racers = [_start(RACER, db, name) for name in ("Kari", "Ola")]
    outcomes = []
    try:
        assert [_line(r) for r in racers] == ["ready", "ready"]
        for trial in range(50):
            _stale_note(db)
            if trial % 2:  # half the trials also find the lock file left behind (unlocked)
                lock.os_lock_path(db).touch()
            for r in racers:
                r.stdin.write("go\n")
            for r in racers:
                r.stdin.flush()
            results = [_line(r) for r in racers]
            outcomes.append(results)
            for r in racers:
                r.stdin.write("next\n")
                r.stdin.flush()
            assert [_line(r) for r in racers] == ["released", "released"]
        for r in racers:
            r.stdin.write("stop\n")
            r.stdin.flush()
    finally:
        for r in racers:
            try:
                r.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                r.kill()
    writers = [sum(1 for x in results if x == "writer") for results in outcomes]
    assert len(outcomes) == 50 and writers == [1] * 50, outcomes
    # the loser names the winner, never the dead holder of the stale note
    for results in outcomes:
        winner = ("Kari", "Ola")[results.index("writer")]
        assert f"reader:{winner}" in results
    print(f"\nrace wins: Kari {sum(r[0] == 'writer' for r in outcomes)}, Ola {sum(r[1] == 'writer' for r in outcomes)}")


@pytest.mark.parametrize("content", ["", "{\"host\": \"pc\", \"us", "\x00\x00\x00"], ids=["empty", "cut", "binary"])
def test_empty_or_unreadable_note_does_not_block(tmp_path, content):
    db = tmp_path / "delt.sqlite3"
    lock.lock_path(db).write_text(content, encoding="utf-8")
    lock.os_lock_path(db).write_text("")
    opener = _start(HOLDER, db, "Kari")
    try:
        assert _line(opener) == "writer"
        # and while it holds the lock, the second opener is refused even though it cannot ... see who
        mine, info = lock.acquire(db, user="Ola")
        assert mine is None and info.user == "Kari"
    finally:
        opener.stdin.close()
        opener.wait(timeout=30)


def test_held_lock_with_unreadable_note_is_described_as_unknown(tmp_path):
    db = tmp_path / "delt.sqlite3"
    holder = _start(HOLDER, db, "Kari")
    try:
        assert _line(holder) == "writer"
        lock.lock_path(db).write_text("", encoding="utf-8")  # the note got damaged
        mine, info = lock.acquire(db, user="Ola")
        assert mine is None and info.user == "ukjent"  # still refused: the OS lock decides, not the note
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


WRITER_SESSION = """
import sys, time
from pathlib import Path
from hemsedal_integrering.errors import PermissionDenied
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.housing import create_landlord
path, password = Path(sys.argv[1]), sys.argv[2]
s = auth.login(path, "bolig", password)
lost = []
s.writer_lock.on_lost(lost.append)
create_landlord(s.ctx, name="Før")
print("writer" if not s.read_only else "reader", flush=True)
sys.stdin.readline()  # the parent removes a lock file now
try:
    create_landlord(s.ctx, name="Etter")
    print("saved", flush=True)
except PermissionDenied as exc:
    print("refused|" + str(s.read_only) + "|" + str(len(lost)) + "|" + str(exc), flush=True)
sys.stdin.readline()
s.close()
"""


@pytest.mark.parametrize("victim", ["note", "os-lock"])
def test_lock_file_deleted_under_a_running_writer_makes_it_read_only(tmp_path, victim):
    from hemsedal_integrering.db.connection import open_database
    from hemsedal_integrering.services import accounts
    from hemsedal_integrering.context import Context
    from hemsedal_integrering.models import Landlord
    from hemsedal_integrering.services.setup import ensure_municipalities
    db = tmp_path / "delt.sqlite3"
    con = open_database(db)
    ctx = Context(db=con)
    ensure_municipalities(ctx)
    accounts.create_user(ctx, username="bolig", full_name="Bo Bolig", role="housing", password="riktig-passord-1")
    con.close()
    child = _start(WRITER_SESSION, db, "riktig-passord-1")
    try:
        assert _line(child) == "writer"
        if victim == "note":
            lock.lock_path(db).unlink()
        elif sys.platform == "win32":
            pytest.skip("Windows does not let anyone delete a file another process holds open")
        else:
            lock.os_lock_path(db).unlink()
        mine = None
        if victim == "os-lock":  # a second workstation can now lock a new file of the same name ...
            mine, _info = lock.acquire(db, user="Ola")
            assert mine is not None
        child.stdin.write("go\n")
        child.stdin.flush()
        # ... and the first one, which lost its lock, refuses to save and says why
        verdict, read_only, told, message = _line(child).split("|", 3)
        assert (verdict, read_only, told) == ("refused", "True", "1")
        assert "kan ikke lenger lagre" in message
        if mine is None:  # it let go of the OS lock at once: the next opener may write
            mine, _info = lock.acquire(db, user="Ola")
            assert mine is not None
        mine.release()
    finally:
        child.stdin.close()
        child.wait(timeout=60)
    con = open_database(db)
    assert [r.name for r in Landlord.select().order_by(Landlord.id)] == ["Før"]
    con.close()
