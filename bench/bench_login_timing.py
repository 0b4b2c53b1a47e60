"""Refusing a login: an unknown user name must take as long as a known one with a wrong password.

Issue 11 point 8 (before: unknown ~1 ms, known ~180 ms). Production argon2
parameters; prints the median of N refused attempts for each case, for an
encrypted and a plain database. Noisy on a shared machine: compare the two
medians of one run, not runs with each other.

    .venv/bin/python bench/bench_login_timing.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from hemsedal_integrering.services import accounts, auth

PASSWORD = "riktig-passord-1"


def _median_ms(path: Path, name: str, n: int) -> float:
    times = []
    for i in range(n):
        start = time.perf_counter()
        try:
            auth.login(path, name, f"feil-passord-{i}")
        except auth.LoginFailed:
            pass
        times.append((time.perf_counter() - start) * 1000)
        auth_reset(path, name)
    return statistics.median(times)


def auth_reset(path: Path, name: str) -> None:
    """Clear the failure counter so the slow-down does not stop the measurement."""
    from hemsedal_integrering.db import crypto
    if crypto.is_encrypted_file(path):
        with crypto.KeyFile.locked(crypto.key_file_path(path)) as keys:
            keys.clear_failures(name)
    else:
        from hemsedal_integrering.db import open_database
        from hemsedal_integrering.models import Setting
        db = open_database(path, create=False)
        Setting.delete().where(Setting.key == "login_failures").execute()
        db.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as folder:
        for encrypted in (True, False):
            path = Path(folder) / f"{'kryptert' if encrypted else 'vanlig'}.sqlite3"
            session, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD,
                                                 encrypt=encrypted)
            accounts.create_user(session.ctx, username="kari", full_name="Kari", role="officer", password=PASSWORD)
            session.close()
            known, unknown = _median_ms(path, "kari", n), _median_ms(path, "finnes-ikke", n)
            kind = "encrypted" if encrypted else "plain"
            print(f"{kind:9}  known name, wrong password: {known:7.1f} ms   unknown name: {unknown:7.1f} ms   "
                  f"ratio {unknown / known:4.2f}  (median of {n})")


if __name__ == "__main__":
    main()
