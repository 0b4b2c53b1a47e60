"""Crash test: a child process saves records in a loop and is killed with SIGKILL at random moments.

50 kills; afterwards the integrity check passes and every record whose save
the child reported as committed is in the (encrypted) database.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hemsedal_integrering.db import backup
from hemsedal_integrering.models import Landlord
from hemsedal_integrering.services import auth
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted

pytestmark = pytest.mark.slow  # 50 child processes killed with SIGKILL

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from pathlib import Path
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.housing import create_landlord
session = auth.login(Path(sys.argv[1]), "bolig", sys.argv[2])
assert not session.read_only, session.message
i = 0
while True:
    i += 1
    changes = create_landlord(session.ctx, name=f"Utleier {sys.argv[3]}-{i}", phone="12345678",
                              notes="x" * 500)
    sys.stdout.write(f"{changes.first_created('landlord')}\\n")
    sys.stdout.flush()
"""

KILLS = 50


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_fifty_sigkills_lose_no_committed_record(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "crash.sqlite3"
    session, _ = new_encrypted(path)
    key = session.db.data_key
    session.close()
    rng = random.Random(7)
    reported: set[int] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    for run in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), PASSWORD, str(run)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        first = child.stdout.readline()  # wait until it is writing
        assert first.strip(), f"child {run} wrote nothing"
        reported.add(int(first))
        time.sleep(rng.uniform(0, 0.15))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        reported.update(int(line) for line in out.splitlines() if line.strip().isdigit())
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
