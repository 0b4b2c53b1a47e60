"""The introduction programme's part of privacy: what an access request exports and what
anonymisation clears (called from ``services.privacy``, which owns the procedure).

Free text about a participant (mapping texts incl. health limits, absence notes, reasons for
periods, revisions and endings, measure descriptions) is cleared; dates, codes, hours and test
levels stay for the statistics, as for the rest of the person's history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from peewee import Model

from ..i18n import N_
from ..models import (Absence, CompetenceMapping, IntegrationPlan, IntroProgramme, LanguageTest, Person, PlanMeasure,
                      PlanRevision, ProgrammePeriod)

#: codes written to the audit log (data); the labels are translated where they are shown.
FIELD_LABELS = {
    "Kartlegging.fritekst": N_("Competence mapping: texts incl. health limits"),  # i18n: data (key)
    "Introduksjonsprogram.sluttgrunn": N_("Introduction programme: reason for ending"),  # i18n: data (key)
    "Programperiode.begrunnelse": N_("Programme period: reason"),  # i18n: data (key)
    "Integreringsplan.revisjon": N_("Integration plan: reason for revision"),  # i18n: data (key)
    "Tiltak.beskrivelse": N_("Plan measure: description"),  # i18n: data (key)
    "Fravær.merknad": N_("Absence: note"),  # i18n: data (key)
}
MAPPING_TEXTS = {"health_limits": "", "work_experience": "", "goals": "", "education_documents": "", "languages": "",
                 "education_country": "", "driving_licence": ""}


def free_text_targets(persons) -> list[tuple[str, type[Model], Any, dict[str, Any]]]:
    """(label, model, where, new values) for ``persons`` (a query of person ids)."""
    programmes = IntroProgramme.select(IntroProgramme.id).where(IntroProgramme.person.in_(persons))
    plans = IntegrationPlan.select(IntegrationPlan.id).where(IntegrationPlan.programme.in_(programmes))
    return [
        ("Kartlegging.fritekst", CompetenceMapping, CompetenceMapping.person.in_(persons), MAPPING_TEXTS),  # i18n: data
        ("Introduksjonsprogram.sluttgrunn", IntroProgramme, IntroProgramme.person.in_(persons),  # i18n: data
         {"end_reason": ""}),
        ("Programperiode.begrunnelse", ProgrammePeriod, ProgrammePeriod.programme.in_(programmes),  # i18n: data
         {"reason": ""}),
        ("Integreringsplan.revisjon", PlanRevision, PlanRevision.plan.in_(plans), {"reason": ""}),  # i18n: data
        ("Tiltak.beskrivelse", PlanMeasure, PlanMeasure.plan.in_(plans), {"title": ""}),  # i18n: data
        ("Fravær.merknad", Absence, Absence.programme.in_(programmes), {"note": ""}),  # i18n: data
    ]


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
