"""The introduction programme's part of an access request (GDPR art. 15): everything stored
about a person's programmes, JSON-ready (hours are Decimal in the database). Called from
``services.privacy``, which owns the procedure and the anonymisation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from peewee import Model

from ..models import CompetenceMapping, IntegrationPlan, IntroProgramme, LanguageTest, Person


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(instance: Model) -> dict[str, Any]:
    return {k: _plain(v) for k, v in instance.__data__.items()}


def export(person: Person) -> dict[str, Any]:
    """Everything of the introduction programme stored about ``person``, JSON-ready."""
    programmes = list(IntroProgramme.select().where(IntroProgramme.person == person.id))
    out = []
    for p in programmes:
        plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == p.id)
        out.append({
            "programme": _row(p),
            "plan": _row(plan) if plan else None,
            "measures": [_row(m) for m in plan.measures] if plan else [],
            "revisions": [_row(r) for r in plan.revisions] if plan else [],
            "periods": [_row(x) for x in p.periods],
            "absence": [_row(a) for a in p.absences],
        })
    mapping = CompetenceMapping.get_or_none(CompetenceMapping.person == person.id)
    return {"competence_mapping": _row(mapping) if mapping else None, "programmes": out,
            "tests": [_row(t) for t in LanguageTest.select().where(LanguageTest.person == person.id)]}
