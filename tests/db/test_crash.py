"""Crash test: a child process saves records in a loop and is killed with SIGKILL at random moments.

50 kills; afterwards the integrity check passes and every record whose save
the child reported as committed is in the (encrypted) database. The children are
real processes forked from a forkserver that has imported the program once
(tests/db/crash_child.py), so a child costs milliseconds to start, not an import.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import time

import pytest

from hemsedal_integrering.db import backup
from hemsedal_integrering.models import Landlord
from hemsedal_integrering.services import auth
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted

pytestmark = pytest.mark.slow  # 50 child processes killed with SIGKILL

KILLS = 50


@pytest.fixture
def forkserver():
    """A multiprocessing context whose children fork from a server that has the program imported."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the forkserver start method (POSIX)")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.db.crash_child"])
    yield context
    from multiprocessing import forkserver as server
    stop = getattr(server._forkserver, "_stop", None)  # private: stop the server if this Python can
    if stop is not None:
        stop()  # the next user starts its own (with its own preload)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_fifty_sigkills_lose_no_committed_record(tmp_path, monkeypatch, forkserver):
    from tests.db.crash_child import save_until_killed
    fast_kdf(monkeypatch)
    path = tmp_path / "crash.sqlite3"
    session, _ = new_encrypted(path)
    key = session.db.data_key
    session.close()
    rng = random.Random(7)
    reported: set[int] = set()
    started = time.perf_counter()
    for run in range(KILLS):
        receive, send = forkserver.Pipe(duplex=False)
        child = forkserver.Process(target=save_until_killed, args=(str(path), PASSWORD, run, send), daemon=True)
        child.start()
        send.close()
        assert receive.poll(60), f"child {run} wrote nothing"  # wait until it is writing
        reported.add(receive.recv())
        time.sleep(rng.uniform(0, 0.06))  # a save takes ~1 ms: the kill lands after 0 to ~60 of them, anywhere in one
        child.kill()  # SIGKILL
        child.join()
        while receive.poll(0):  # what it reported before it died is in the pipe
            try:
                reported.add(receive.recv())
            except EOFError:
                break
        receive.close()
        assert child.exitcode == -signal.SIGKILL, f"child {run} ended by itself ({child.exitcode})"
    elapsed = time.perf_counter() - started
    # then the file is sound and every reported record is there
    report = backup.check_file(path, key)
    assert report.ok, report.problems
    s = auth.login(path, "sjef", PASSWORD)
    stored = {r.id for r in Landlord.select(Landlord.id)}
    s.close()
    missing = reported - stored
    print(f"\ncrash test: {KILLS} kills, {len(reported)} records reported committed, {len(stored)} stored, "
          f"{len(missing)} missing, {elapsed:.1f} s")
    assert not missing
    assert len(reported) >= KILLS
