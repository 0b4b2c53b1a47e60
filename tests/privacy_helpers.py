"""Helpers shared by the access-control and data-protection tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from hemsedal_integrering.context import Context
from hemsedal_integrering.models import ALL_MODELS, AuditEntry
from hemsedal_integrering.services import accounts, auth
from hemsedal_integrering.services.people import register_household

PASSWORD = "riktig-passord-1"
NAME_FIRST, NAME_LAST = "Zainab", "Qorwazzi"
NATIONAL_ID = "15076500565"  # valid test fødselsnummer
HEALTH = "Tuberkulosescreening: positiv hudtest"


def fast_kdf(monkeypatch) -> None:
    """Cheaper argon2 parameters so the suite stays fast (the real ones are tested once)."""
    from argon2 import PasswordHasher
    from hemsedal_integrering.db import crypto
    monkeypatch.setattr(crypto, "KDF_DEFAULTS", {"t": 1, "m": 8192, "p": 1})
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


def new_encrypted(path: Path, clock=None) -> tuple[auth.Session, str]:
    """A new encrypted database with admin 'sjef' and a household with one sensitive person."""
    session, recovery = auth.create_first_admin(path, username="sjef", full_name="Sjef Sjefsen",
                                                password=PASSWORD, clock=clock)
    add_users_and_person(session.ctx)
    return session, recovery


def add_users_and_person(ctx: Context) -> int:
    """Users 'radgiver' (officer) and 'bolig' (housing); one household; returns the person id."""
    # users who have already replaced the administrator's first password (see test_accounts for that rule)
    accounts.create_user(ctx, username="radgiver", full_name="Rita Rådgiver", role="officer", password=PASSWORD,
                         must_change_password=False)
    accounts.create_user(ctx, username="bolig", full_name="Bo Bolig", role="housing", password=PASSWORD,
                         must_change_password=False)
    changes = register_household(
        ctx.as_user(None), municipality="hemsedal", name=f"Familien {NAME_LAST}",
        settlement_date=dt.date(2024, 3, 1), legal_basis="asylum",
        members=[dict(first_name=NAME_FIRST, last_name=NAME_LAST, role="adult", birth_date="1965-07-15",
                      national_id=NATIONAL_ID, phone="912 34 567", health_note=HEALTH,
                      case_note="Ønsker å flytte nærmere Oslo")])
    return min(changes.created["person"])


def data_checksum() -> str:
    """A digest of every row of every table except the audit log (what 'unchanged' means)."""
    h = hashlib.sha256()
    for model in ALL_MODELS:
        if model is AuditEntry:
            continue
        for row in model.select().order_by(model._meta.primary_key).tuples():
            h.update(repr(row).encode())
    return h.hexdigest()
