"""Builds tests/db/data/encrypted_sqlcipher3_binary_060.sqlite3 (+ .keys) with the OLD SQLCipher build.

Run with sqlcipher3-binary==0.6.0 first on sys.path, the rest of the program from the checkout:

    python3 -m venv /tmp/oldsc && /tmp/oldsc/bin/pip install sqlcipher3-binary==0.6.0
    PYTHONPATH=/tmp/oldsc/lib/python3.11/site-packages:$PWD /work/venv/bin/python \
        tests/db/data/make_encrypted_sqlcipher3_binary_060.py tests/db/data/encrypted_sqlcipher3_binary_060.sqlite3

The file proves that a database written before the switch to sqlcipher3 0.6.4
keeps opening (tests/db/test_sqlcipher_fixture.py). Users: 'sjef' (admin),
password 'riktig-passord-1'; cheap argon2 parameters (stored per slot) so the test is fast.
"""
import datetime as dt
import sys
from pathlib import Path

import sqlcipher3
from sqlcipher3 import dbapi2

from hemsedal_integrering.context import fixed_clock
from hemsedal_integrering.db import crypto
from hemsedal_integrering.services import accounts, auth
from hemsedal_integrering.services.people import register_household

meta = sqlcipher3.__file__
assert "oldsc" in meta or "sqlcipher3_binary" in meta or len(sys.argv) > 2, f"not the old build: {meta}"
print("sqlcipher3 from", meta, "sqlite", dbapi2.sqlite_version)
crypto.KDF_DEFAULTS = {"t": 1, "m": 8192, "p": 1}
from argon2 import PasswordHasher  # noqa: E402
accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
out = Path(sys.argv[1])
for suffix in ("", ".keys", ".lock", "-wal", "-shm"):
    Path(str(out) + suffix).unlink(missing_ok=True)
session, _recovery = auth.create_first_admin(out, username="sjef", full_name="Sjef Sjefsen",
                                             password="riktig-passord-1", clock=fixed_clock(dt.date(2026, 11, 23)))
register_household(session.ctx.as_user(None), municipality="hemsedal", name="Familien Gammelbygg",
                   settlement_date=dt.date(2024, 3, 1), legal_basis="asylum",
                   members=[dict(first_name="Zainab", last_name="Gammelbygg", role="adult")])
session.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
print("cipher", session.db.execute_sql("PRAGMA cipher_version").fetchone(),
      "user_version", session.db.execute_sql("PRAGMA user_version").fetchone())
session.close()
for suffix in (".lock", "-wal", "-shm"):
    Path(str(out) + suffix).unlink(missing_ok=True)
