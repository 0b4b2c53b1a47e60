"""The crash test's child (tests/db/test_crash.py): saves landlords in a loop until it is killed.

A module of its own so a forkserver can import it (and the program) once, before the first fork: each of
the fifty children then starts in milliseconds instead of importing the program anew.
"""

from __future__ import annotations

from pathlib import Path

from hemsedal_integrering.services import auth
from hemsedal_integrering.services.housing import create_landlord


def save_until_killed(path: str, password: str, run: int, out) -> None:
    """Log in as 'bolig' and save landlords forever; after each commit send the new id on ``out``."""
    session = auth.login(Path(path), "bolig", password)
    assert not session.read_only, session.message
    i = 0
    while True:
        i += 1
        changes = create_landlord(session.ctx, name=f"Utleier {run}-{i}", phone="12345678", notes="x" * 500)
        out.send(changes.first_created("landlord"))
