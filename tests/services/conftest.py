"""Factories for service tests: small valid inputs that a test then varies."""

from __future__ import annotations

import pytest

from hemsedal_integrering.services import housing, people


@pytest.fixture
def make_household(ctx):
    """Register a household (two adults and a child by default); return its id."""
    def make(name="Familien Haddad", municipality="hemsedal", settlement_date="2025-03-01", members=None,
             legal_basis="asylum"):
        members = members or [
            dict(first_name="Ahmad", last_name="Haddad", role="adult", birth_date="1985-04-02", country="SY"),
            dict(first_name="Rania", last_name="Haddad", role="adult", birth_date="1988-09-12", country="SY"),
            dict(first_name="Sara", last_name="Haddad", role="child", birth_date="2016-01-20", country="SY"),
        ]
        changes = people.register_household(ctx, municipality=municipality, name=name, legal_basis=legal_basis,
                                            settlement_date=settlement_date, members=members)
        return changes.first_created("household")
    return make


@pytest.fixture
def make_unit(ctx):
    """Create a municipal unit (capacity 1 by default); return its id."""
    def make(address="Trøimsvegen 112", capacity=1, ownership="municipal"):
        return housing.create_unit(ctx, municipality="hemsedal", address=address, ownership=ownership,
                                   capacity=capacity, bedrooms=2).first_created("housing_unit")
    return make


@pytest.fixture
def snapshot(ctx):
    """A checksum of every table's rows, to show that a refused call changed nothing."""
    def take() -> str:
        import hashlib
        digest = hashlib.sha256()
        tables = sorted(ctx.db.get_tables())  # every table, on SQLite and PostgreSQL alike
        for table in tables:
            for row in ctx.db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall():
                digest.update(repr(row).encode())
        return digest.hexdigest()
    return take
