"""Two processes editing the same household: the writer lock means no update is ever lost.

Each child repeatedly logs in, and when it holds the writer lock reads the
household's notes, appends its own line and saves; when the other holds the
lock it is read-only, its save is refused, and it retries later. Without the
lock these read-modify-write cycles would overwrite each other.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hemsedal_integrering.models import Household
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.accounts import create_user
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 8
CHILD = """
import sys, time
from pathlib import Path
from hemsedal_integrering.errors import PermissionDenied
from hemsedal_integrering.models import Household
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.people import update_household
path, user, password, rounds = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
done = refused = 0
while done < rounds:
    s = auth.login(path, user, password)
    try:
        notes = Household.get_by_id(1).notes
        time.sleep(0.01)  # widen the window a lost update would need
        update_household(s.ctx, household_id=1, notes=(notes + "\\n" if notes else "") + f"{user} {done}")
        done += 1
    except PermissionDenied:
        refused += 1
    finally:
        s.close()
    time.sleep(0.005)
print(refused)
"""


@pytest.mark.slow
def test_no_update_is_lost_between_two_processes(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "delt.sqlite3"
    session, _ = new_encrypted(path)
    create_user(session.ctx, username="radgiver2", full_name="Rolf Rådgiver", role="officer", password=PASSWORD)
    session.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(path), user, PASSWORD, str(ROUNDS)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
                for user in ("radgiver", "radgiver2")]
    results = [c.communicate(timeout=120) for c in children]
    assert all(c.returncode == 0 for c in children), [r[1][-800:] for r in results]
    s = auth.login(path, "sjef", PASSWORD)
    lines = Household.get_by_id(1).notes.splitlines()
    s.close()
    # then every one of the 2 × ROUNDS appends is there
    assert sorted(lines) == sorted([f"radgiver {i}" for i in range(ROUNDS)] +
                                   [f"radgiver2 {i}" for i in range(ROUNDS)])
    print(f"\ntwo workstations: {len(lines)} saves kept, refused while the other held the lock: "
          f"{[int(r[0].strip() or 0) for r in results]}")
