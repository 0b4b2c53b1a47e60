"""Builders for the introduction programme's letters (reads only; printing is recorded by
``printing.record_printed`` like every other document)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from .. import vocab
from ..context import Context
from ..documents import Document
from ..documents.intro_letters import MeasureLine, TestLine, intro_document
from ..documents.letters import Label, Period
from ..errors import ValidationError
from ..i18n import _, number, short_date
from ..models import IntegrationPlan, IntroProgramme, LanguageTest, PlanMeasure
from ..rules import intro_absence as arules
from ..rules import intro_codes as codes
from ..rules import introduction as rules
from .base import Errors, get_or_404, text
from .intro_absence import _children
from .introduction import eligibility_of
from .printing import _common, _header, _language, _require_print, household_address, preferred_language

KINDS = {kind: _(label) for kind, label in codes.LETTER_KINDS.items()}


def _start(ctx: Context, kind: str, programme_id: int, language: str | None):
    _require_print(ctx, "intro")
    programme = get_or_404(IntroProgramme, programme_id, _("the introduction programme"))
    person = programme.person
    errors = Errors()
    lang = _language(errors, language) if language else preferred_language(person)
    errors.raise_if_any()
    household = person.household
    header = _header(ctx, household, [person.full_name, *household_address(ctx, household)])
    values = _common(ctx, household, person.full_name) | {"person.full_name": person.full_name,
                                                             "person.first_name": person.first_name}
    return programme, person, household, header, values, lang


def _plan(programme: IntroProgramme) -> IntegrationPlan:
    plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == programme.id)
    if plan is None:
        raise ValidationError({"plan": _("The programme has no integration plan yet; make the plan first.")})
    return plan


def measure_lines(plan: IntegrationPlan) -> list[MeasureLine]:
    """'Norsk – Norsk, Gol voksenopplæring: 07.04.2025–04.04.2027, 15 timer/uke' per measure
    (``MeasureLine``: the participant's part words it in the participant's language)."""
    out = []
    for m in plan.measures.order_by(PlanMeasure.start_date, PlanMeasure.id):
        kind_nb = _(codes.MEASURE_KINDS.get(m.kind, m.kind))
        name = _("{kind} – {title}").format(kind=kind_nb, title=m.title) if m.title else kind_nb
        hours = Decimal(m.hours_per_week)
        norwegian = _("{name}: {start}–{end}, {hours} hours/week").format(
            name=name, start=short_date(m.start_date), end=short_date(m.end_date), hours=number(float(hours)))
        out.append(MeasureLine(kind=m.kind, kind_nb=kind_nb, title=m.title, start=m.start_date, end=m.end_date,
                               hours=hours, norwegian=norwegian))
    return out


def _end_goal(code: str) -> Label:
    return Label("end_goals", code, _(rules.END_GOALS[code]))


def _legal_basis(code: str | None) -> Label | str:
    return Label("legal_bases", code, vocab.label(vocab.LEGAL_BASES, code)) if code else ""


def _record(programme: IntroProgramme, person) -> dict[str, Any]:
    return dict(household_id=person.household_id, person_id=person.id, entity="intro_programme",
                entity_id=programme.id, recipient=person.full_name)


def decision_letter(ctx: Context, *, programme_id: int, reasons: str, language: str | None = None) -> Document:
    """The decision as an enkeltvedtak; the officer writes the reasons (forvaltningsloven §§ 24–25)."""
    programme, person, household, header, values, lang = _start(ctx, "intro_decision", programme_id, language)
    errors = Errors()
    why = text(errors, "reasons", reasons, required=True, label=_("Reasons"), max_length=4000)
    errors.raise_if_any()
    plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == programme.id)
    elig = eligibility_of(person)
    if elig is not None and elig.chapter_6a:
        legal = Label("decision_bases", "chapter_6a", _("the Integration Act chapter 6A and sections 12, 13 and 15"))
    elif elig is not None and elig.programme == rules.NONE:
        legal = Label("decision_bases", "discretionary", _(
            "the Integration Act section 8 third paragraph (offered without a right) and sections 12 and 13"))
    else:
        legal = Label("decision_bases", "ordinary", _("the Integration Act sections 8, 9, 12, 13 and 15"))
    values |= {"person.birth_date": person.birth_date, "settlement.date": person.effective_settlement_date(),
               "person.legal_basis": _legal_basis(person.legal_basis or household.legal_basis),
               "programme.start": programme.start_date, "programme.end": programme.planned_end_date,
               "programme.end_goal": _end_goal(plan.end_goal) if plan else Label(
                   "end_goals", "unset", _("set in the integration plan")),
               "decision.legal_basis": legal, "decision.reasons": why}
    return intro_document("intro_decision", header, values, language=lang, **_record(programme, person))


def plan_letter(ctx: Context, *, programme_id: int, language: str | None = None) -> Document:
    """The current revision of the integration plan with signature fields for participant and service."""
    programme, person, household, header, values, lang = _start(ctx, "intro_plan", programme_id, language)
    plan = _plan(programme)
    values |= {"plan.end_goal": _end_goal(plan.end_goal), "plan.revision": str(plan.revision),
               "programme.period": Period(programme.start_date, programme.planned_end_date),
               "plan.measures": measure_lines(plan)}
    return intro_document("intro_plan", header, values, language=lang,
                          signatures=[person.full_name, household.municipality.service_name],
                          **_record(programme, person))


def certificate(ctx: Context, *, programme_id: int, language: str | None = None) -> Document:
    """Deltakerbevis: only for a programme that has ended (completed or interrupted, § 18 a)."""
    programme, person, household, header, values, lang = _start(ctx, "participation_certificate", programme_id,
                                                                language)
    if programme.actual_end_date is None:
        raise ValidationError({"programme": _("The certificate is issued when the programme has ended; "
                                              "register the end first.")})
    plan = _plan(programme)
    tests: list[TestLine | Label] = []
    for t in LanguageTest.select().where(LanguageTest.person == person.id).order_by(LanguageTest.test_date):
        if t.subject == "social_studies":
            result_nb = _(codes.SOCIAL_STUDIES_RESULTS.get(t.level, t.level))
            tests.append(TestLine(subject=t.subject, skill="", skill_nb="", level=t.level, level_nb=result_nb,
                                  day=t.test_date, norwegian=_("Social studies: {result} ({date})").format(
                                      result=result_nb, date=short_date(t.test_date))))
        else:
            skill_nb = _(codes.SKILLS.get(t.skill, t.skill)).lower()
            level_nb = _(codes.NORWEGIAN_LEVELS[t.level])
            tests.append(TestLine(subject=t.subject, skill=t.skill, skill_nb=skill_nb, level=t.level,
                                  level_nb=level_nb, day=t.test_date, norwegian=_(
                                      "Norwegian, {skill}: {level} ({date})").format(
                                      skill=skill_nb, level=level_nb, date=short_date(t.test_date))))
    values |= {"person.birth_date": person.birth_date,
               "programme.period": Period(programme.start_date, programme.actual_end_date),
               "programme.result": Label("results", programme.result,
                                         _(codes.RESULTS.get(programme.result, programme.result))),
               "plan.end_goal": _end_goal(plan.end_goal), "plan.measures": measure_lines(plan),
               "tests": tests or [Label("words", "no_tests", _("No test results registered."))]}
    return intro_document("participation_certificate", header, values, language=lang, **_record(programme, person))


def absence_notice(ctx: Context, *, programme_id: int, language: str | None = None) -> Document:
    """The absence rules for this participant: the eight-week date and the child-sickness days."""
    programme, person, household, header, values, lang = _start(ctx, "absence_rules", programme_id, language)
    children = arules.children_within_age(_children(programme), ctx.today())
    days = arules.child_sickness_days_allowed(max(1, children), alone=programme.sole_carer)
    values |= {"programme.start": programme.start_date,
               "self_certification.from": programme.start_date + arules.SELF_CERT_AFTER, "child.days": str(days)}
    return intro_document("absence_rules", header, values, language=lang, **_record(programme, person))


def mapping_printout(ctx: Context, *, person_id: int) -> Document:
    """The person's competence mapping as a form for the participant (officers: it holds health limits)."""
    from ..documents.intro_letters import mapping_form
    from ..models import Person
    from .introduction import mapping_of
    _require_print(ctx, "intro")
    person = get_or_404(Person, person_id, _("the person"))
    data = mapping_of(ctx, person_id=person.id)
    if data is None:
        raise ValidationError({"mapping": _("The person has no competence mapping yet.")})
    rows = [(_("Date of mapping"), short_date(data["mapped_on"])),
            (_("Mapped by"), _(codes.MAPPED_BY.get(data["mapped_by"], data["mapped_by"]))),
            (_("Years of education"), "" if data["education_years"] is None else str(data["education_years"])),
            (_("Highest education"), _(codes.HIGHEST_EDUCATION.get(data["highest_education"], ""))),
            (_("Country of education"), data["education_country"]),
            (_("Documents of education"), data["education_documents"]),
            (_("Work experience"), data["work_experience"]), (_("Languages and level"), data["languages"]),
            (_("Driving licence"), data["driving_licence"]),
            (_("Digital skills"), _(codes.DIGITAL_SKILLS.get(data["digital_skills"], ""))),
            (_("Goals"), data["goals"])]
    if "health_limits" in data:
        rows.append((_("Health limits relevant to work"), data["health_limits"]))
    rows = [(label, "; ".join(x.strip() for x in (value or "").splitlines() if x.strip())) for label, value in rows]
    household = person.household
    header = _header(ctx, household, [])
    intro = _("This is what you told us in the competence mapping (integreringsloven § 10). It is the basis for "
              "career guidance and your integration plan. Tell us if something is wrong or missing.")
    return mapping_form(header, person_name=person.full_name, rows=rows, intro=intro, household_id=household.id,
                        person_id=person.id, entity="competence_mapping", entity_id=person.id,
                        recipient=person.full_name)


BUILDERS: dict[str, Callable[..., Document]] = {"intro_decision": decision_letter, "intro_plan": plan_letter,
            "participation_certificate": certificate, "absence_rules": absence_notice}
