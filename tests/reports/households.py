"""Small households built through the services, for the report tests."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import Person
from hemsedal_integrering.services import people


def settle(ctx, *, municipality: str = "hemsedal", settled: dt.date, members: list[dict],
           legal_basis: str = "asylum", name: str = "Familien Test") -> list[int]:
    """Register a household through the service; return its persons' ids in the given order."""
    ch = people.register_household(ctx, municipality=municipality, name=name, legal_basis=legal_basis,
                                   settlement_date=settled, members=members)
    hid = ch.first_created("household")
    return [p.id for p in Person.select().where(Person.household == hid).order_by(Person.id)]


def adult(first: str, birth: str, gender: str = "F", country: str = "UA", **kw) -> dict:
    return dict(first_name=first, last_name="Test", role="adult", birth_date=birth, gender=gender, country=country,
                **kw)


def child(first: str, birth: str, gender: str = "M", country: str = "UA", **kw) -> dict:
    return dict(first_name=first, last_name="Test", role="child", birth_date=birth, gender=gender, country=country,
                **kw)
