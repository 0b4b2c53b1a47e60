"""The introduction programme: competence mapping, programme start/end/periods, integration plan.

Every function is one use case: keyword-only arguments, one transaction, an
audit row, ``ValidationError`` (field -> message) with nothing saved on bad
input. The rules come from ``rules.introduction`` (integreringsloven §§ 8–18).
Absence, tests and the G table are in ``services.intro_absence``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..context import Context
from ..i18n import _, short_date
from ..models import (CompetenceMapping, IntegrationPlan, IntroProgramme, Person, Placement, PlanMeasure, PlanRevision,
                      ProgrammePeriod)
from ..rules import intro_codes as codes
from ..rules import introduction as rules
from .access import can, require
from .base import (MAX_LONG_TEXT, Changes, Errors, audit, choice, create_audited, get_or_404, parse_date, parse_float,
                   parse_int, save_audited, text, transaction)

MAPPING_TEXTS = ("education_country", "education_documents", "work_experience", "languages", "driving_licence",
                 "health_limits", "goals")


def _basis(person: Person) -> str | None:
    return person.legal_basis or person.household.legal_basis


def eligibility_of(person: Person) -> rules.Eligibility | None:
    """The person's eligibility (None before settlement).

    Age is judged on the date the residence permit was granted (§ 8 first ledd) when it is
    registered, else on the settlement date (``eligibility_notes`` says which).
    """
    settled = person.effective_settlement_date()
    if settled is None:
        return None
    return rules.eligibility(person.birth_date, _basis(person), person.permit_date or settled,
                             adult=person.role == "adult")


def eligibility_notes(person: Person, elig: rules.Eligibility | None = None) -> list[str]:
    """What the officer must know about how eligibility was judged (user language)."""
    elig = elig or eligibility_of(person)
    if elig is None:
        return []
    out = []
    if person.permit_date is None and elig.age is not None:
        out.append(_(rules.AGE_ON_SETTLEMENT_NOTE))
    if elig.amended_age:
        out.append(_(rules.AMENDED_AGE_NOTE).format(age=elig.age))
    return out


def programme_refusals(person: Person, *, decided: dt.date | None, discretionary: bool) -> dict[str, str]:
    """Why a programme cannot be registered for ``person`` (field -> message; empty = it can).

    Shared by ``start_programme`` and the older ``status.record_programme`` so both apply
    § 8: a right to the programme (or the municipality's discretionary offer, § 8 third ledd),
    and less than two years in a municipality when the decision (§ 12) is made.
    """
    out: dict[str, str] = {}
    elig = eligibility_of(person)
    settled = person.effective_settlement_date()
    if elig is None:
        out["start_date"] = _("The person has no settlement date yet.")
        return out
    if elig.programme == rules.NONE and not discretionary:
        message = _("The person has no right to the introduction programme (age {age} or legal basis); "
                    "the municipality may offer it as a discretionary decision.").format(
            age=elig.age if elig.age is not None else "?")
        if elig.amended_age:
            message += " " + _(rules.AMENDED_AGE_NOTE).format(age=elig.age)
        out["person"] = message
    if settled and decided and not rules.newly_arrived(settled, decided):
        out["decision_date"] = _("The person had lived in a municipality for two years or more on {day} "
                                 "(settled {settled}); § 8 allows a programme only for those who have lived "
                                 "there less than two years when the decision is made.").format(
            day=short_date(decided), settled=short_date(settled))
    return out


def set_permit_date(ctx: Context, *, person_id: int, permit_date: Any) -> Changes:
    """Register (or clear) the date the residence permit was granted; § 8 judges the age on it.

    Not in the future and not after the settlement (a settlement needs a permit). The
    household's follow-up plan is regenerated, as for a changed birth date.
    """
    from .followup import regenerate_household

    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    day = parse_date(errors, "permit_date", permit_date, label=_("Residence permit granted"))
    settled = person.effective_settlement_date()
    if day and day > ctx.today():
        errors.add("permit_date", _("The date cannot be in the future."))
    if day and settled and day > settled:
        errors.add("permit_date", _("The permit is granted before the settlement ({date}).").format(
            date=short_date(settled)))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, person, {"permit_date": day}, changes)
        regenerate_household(ctx, person.household, changes)
    return changes


def update_programme_facts(ctx: Context, *, programme_id: int, sole_carer: bool,
                           lives_with_parents: bool | None) -> Changes:
    """Correct the care facts the absence and benefit rules use: alone with the care of children
    (double child-sickness days) and, under 25, living with one or both parents (a third of the
    benefit instead of two thirds, § 20). ``None`` = not known."""
    require(ctx, "persons.write")
    programme = get_or_404(IntroProgramme, programme_id, _("the introduction programme"))
    if lives_with_parents not in (None, True, False) or sole_carer not in (True, False):
        raise TypeError("sole_carer and lives_with_parents are booleans (lives_with_parents may be None)")
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, programme, {"sole_carer": sole_carer, "lives_with_parents": lives_with_parents}, changes)
    return changes


# ----- competence mapping (§§ 6, 10) -----

def save_mapping(ctx: Context, *, person_id: int, mapped_on: Any, mapped_by: str = "municipality",
                 education_years: Any = None, highest_education: str = "unknown", digital_skills: str = "unknown",
                 **texts: Any) -> Changes:
    """Record or correct the person's one competence mapping.

    ``texts``: education_country, education_documents, work_experience,
    languages, driving_licence, health_limits (officers only), goals.
    """
    require(ctx, "persons.write")
    unknown = set(texts) - set(MAPPING_TEXTS)
    if unknown:
        raise TypeError(f"unknown mapping fields: {sorted(unknown)}")
    if "health_limits" in texts:
        require(ctx, "persons.read_sensitive")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    day = parse_date(errors, "mapped_on", mapped_on, required=True, label=_("Date of mapping"))
    by = choice(errors, "mapped_by", mapped_by, codes.MAPPED_BY, label=_("Mapped by"))
    years = parse_int(errors, "education_years", education_years, label=_("Years of education"), minimum=0,
                      maximum=40)
    level = choice(errors, "highest_education", highest_education, codes.HIGHEST_EDUCATION,
                   label=_("Highest education"))
    digital = choice(errors, "digital_skills", digital_skills, codes.DIGITAL_SKILLS, label=_("Digital skills"))
    clean = {name: text(errors, name, texts.get(name, ""), max_length=MAX_LONG_TEXT) for name in MAPPING_TEXTS
             if name in texts}
    if day and day > ctx.today():
        errors.add("mapped_on", _("The date cannot be in the future."))
    settled = person.effective_settlement_date()
    if day and settled and by == "municipality" and day < settled:
        errors.add("mapped_on", _("The municipality maps after settlement ({date}); IMDi maps before.").format(
            date=short_date(settled)))
    errors.raise_if_any()
    values = dict(mapped_on=day, mapped_by=by, education_years=years, highest_education=level,
                  digital_skills=digital, **clean)
    changes = Changes()
    with transaction(ctx):
        row = CompetenceMapping.get_or_none(CompetenceMapping.person == person.id)
        if row is None:
            create_audited(ctx, CompetenceMapping, values, changes, person=person.id)
        else:
            save_audited(ctx, row, values, changes)
    return changes


def mapping_of(ctx: Context, *, person_id: int) -> dict[str, Any] | None:
    """The person's mapping as a dict for forms and the printout; health limits only for officers."""
    require(ctx, "persons.read")
    row = CompetenceMapping.get_or_none(CompetenceMapping.person == person_id)
    if row is None:
        return None
    out = {name: getattr(row, name) for name in ("mapped_on", "mapped_by", "education_years", "highest_education",
                                                   "digital_skills", *MAPPING_TEXTS)}
    if not can(ctx, "persons.read_sensitive"):
        out.pop("health_limits")
    return out


# ----- the programme (§§ 8, 12, 13, 17, 18, 18 a) -----

def start_programme(ctx: Context, *, person_id: int, start_date: Any, planned_end_date: Any,
                    decision_date: Any = None, request_date: Any = None, sole_carer: bool = False,
                    discretionary: bool = False, lives_with_parents: bool | None = None) -> Changes:
    """Register the decision and start of a person's programme.

    Refused for a person without a right to the programme unless
    ``discretionary`` (the municipality *may* offer it, § 8 third ledd, e.g.
    over 55), and for one who had lived in a municipality two years or more when
    the decision (or, without one, the start) came (§ 8). The decision comes
    before the start; one running programme per person.
    """
    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    start = parse_date(errors, "start_date", start_date, required=True, label=_("Start date"))
    end = parse_date(errors, "planned_end_date", planned_end_date, required=True, label=_("Planned end"))
    decided = parse_date(errors, "decision_date", decision_date, label=_("Date of decision"))
    requested = parse_date(errors, "request_date", request_date, label=_("Date of request"))
    settled = person.effective_settlement_date()
    for field, message in programme_refusals(person, decided=decided or start, discretionary=discretionary).items():
        errors.add(field, message)
    if lives_with_parents not in (None, True, False):
        errors.add("lives_with_parents", _("Choose yes, no or unknown."))
    if start and settled and start < settled:
        errors.add("start_date", _("The programme cannot start before the settlement date ({date}).").format(
            date=short_date(settled)))
    if start and end and end <= start:
        errors.add("planned_end_date", _("The planned end must be after the start."))
    if start and decided and decided > start:
        errors.add("decision_date", _("The decision must be made before the programme starts."))
    running = IntroProgramme.select().where((IntroProgramme.person == person.id)
                                            & IntroProgramme.actual_end_date.is_null()).exists()
    if running:
        errors.add("start_date", _("The person already has a programme that has not ended."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, IntroProgramme, dict(start_date=start, planned_end_date=end, decision_date=decided,
                                                 request_date=requested, sole_carer=bool(sole_carer),
                                                 lives_with_parents=lives_with_parents), changes,
                       person=person.id)
    return changes


def _programme(programme_id: int) -> IntroProgramme:
    return get_or_404(IntroProgramme, programme_id, _("the introduction programme"))


def leave_days(programme: IntroProgramme) -> int:
    """Calendar days of leave: they do not count towards the programme's length."""
    return sum(((p.end_date - p.start_date).days + 1) for p in programme.periods
               if p.kind == "leave" and p.end_date is not None)


def _group(programme: IntroProgramme, plan: IntegrationPlan) -> str:
    elig = eligibility_of(programme.person)
    return rules.duration_group(has_upper_secondary=plan.has_upper_secondary, end_goal=plan.end_goal,
                                chapter_6a=bool(elig and elig.chapter_6a))


def add_period(ctx: Context, *, programme_id: int, kind: str, start_date: Any, end_date: Any = None,
               reason: str) -> Changes:
    """Leave (permisjon, with end date) or a stop (stans, § 18); a reason is required; periods do not overlap."""
    require(ctx, "persons.write")
    programme = _programme(programme_id)
    errors = Errors()
    k = choice(errors, "kind", kind, {c: v for c, v in codes.PERIOD_KINDS.items() if c != "extension"},
               label=_("Kind"))
    start = parse_date(errors, "start_date", start_date, required=True, label=_("From"))
    end = parse_date(errors, "end_date", end_date, required=k == "leave", label=_("To"))
    why = text(errors, "reason", reason, required=True, label=_("Reason"), max_length=2000)
    if start and start < programme.start_date:
        errors.add("start_date", _("The period cannot start before the programme ({date}).").format(
            date=short_date(programme.start_date)))
    if programme.actual_end_date and start and start > programme.actual_end_date:
        errors.add("start_date", _("The programme has ended."))
    if start and end and end < start:
        errors.add("end_date", _("The end date cannot be before the start date."))
    if start and not errors:
        for p in programme.periods:
            if p.kind != "extension" and start <= (p.end_date or dt.date.max) and (end or dt.date.max) >= p.start_date:
                errors.add("start_date", _("The period overlaps another leave or stop."))
                break
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, ProgrammePeriod, dict(kind=k, start_date=start, end_date=end, reason=why), changes,
                       programme=programme.id)
    return changes


def extend_programme(ctx: Context, *, programme_id: int, new_end_date: Any, reason: str) -> Changes:
    """Extend the planned end (§ 13: only within the group's extension; the plan gives the group)."""
    require(ctx, "persons.write")
    programme = _programme(programme_id)
    errors = Errors()
    new_end = parse_date(errors, "new_end_date", new_end_date, required=True, label=_("New planned end"))
    why = text(errors, "reason", reason, required=True, label=_("Reason"), max_length=2000)
    plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == programme.id)
    if plan is None:
        errors.add("new_end_date", _("Make the integration plan first: its end goal decides the longest programme."))
    if new_end and programme.planned_end_date and new_end <= programme.planned_end_date:
        errors.add("new_end_date", _("An extension must end after the planned end ({date}).").format(
            date=short_date(programme.planned_end_date)))
    if new_end and plan is not None and not errors:
        problem = rules.check_length(_group(programme, plan), programme.start_date, new_end,
                                     leave_days=leave_days(programme), extended=True)
        if problem:
            errors.add("new_end_date", problem)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        old = programme.planned_end_date
        create_audited(ctx, ProgrammePeriod, dict(kind="extension", start_date=(old or programme.start_date)
                                                  + dt.timedelta(days=1), end_date=new_end, reason=why),
                       changes, programme=programme.id)
        save_audited(ctx, programme, {"planned_end_date": new_end}, changes)
    return changes


def end_programme(ctx: Context, *, programme_id: int, end_date: Any, result: str, reason: str = "") -> Changes:
    """End the programme with a result (completed, interrupted, moved); interruption needs a reason."""
    require(ctx, "persons.write")
    programme = _programme(programme_id)
    errors = Errors()
    end = parse_date(errors, "end_date", end_date, required=True, label=_("End date"))
    res = choice(errors, "result", result, codes.RESULTS, label=_("Result"))
    why = text(errors, "reason", reason, required=res == "interrupted", label=_("Reason"), max_length=2000)
    if end and end < programme.start_date:
        errors.add("end_date", _("The end date cannot be before the start date."))
    if end and end > ctx.today():
        errors.add("end_date", _("The end date cannot be in the future."))
    if programme.actual_end_date is not None:
        errors.add("end_date", _("The programme has already ended."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, programme, {"actual_end_date": end, "result": res, "end_reason": why}, changes)
    return changes


# ----- the integration plan (§§ 13, 15) -----

def _measures(errors: Errors, raw: list[dict[str, Any]], programme: IntroProgramme) -> list[dict[str, Any]]:
    out = []
    last = programme.actual_end_date or programme.planned_end_date
    for i, m in enumerate(raw):
        e = Errors(prefix=f"measures.{i}.")
        kind = choice(e, "kind", m.get("kind"), codes.MEASURE_KINDS, label=_("Measure"))
        title = text(e, "title", m.get("title", ""), label=_("Description"))
        start = parse_date(e, "start_date", m.get("start_date"), required=True, label=_("From"))
        end = parse_date(e, "end_date", m.get("end_date"), required=True, label=_("To"))
        hours = parse_float(e, "hours_per_week", m.get("hours_per_week"), required=True, label=_("Hours per week"),
                            minimum=0.5, maximum=40)
        placement_id = m.get("placement_id")
        if start and end and end < start:
            e.add("end_date", _("The end date cannot be before the start date."))
        if start and start < programme.start_date:
            e.add("start_date", _("The measure cannot start before the programme ({date}).").format(
                date=short_date(programme.start_date)))
        if end and last and end > last:
            e.add("end_date", _("The measure cannot end after the programme ({date}).").format(date=short_date(last)))
        if placement_id is not None:
            placement = Placement.get_or_none(Placement.id == placement_id)
            if placement is None or placement.person_id != programme.person_id:
                e.add("placement_id", _("Choose one of the participant's placements from the placements register."))
        elif kind == "placement":
            e.add("placement_id", _("Choose the placement from the placements register."))
        errors.errors.update(e.errors)
        out.append(dict(kind=kind, title=title, start_date=start, end_date=end, placement=placement_id,
                        hours_per_week=Decimal(str(round(hours, 1))) if hours is not None else None))
    return out


def save_plan(ctx: Context, *, programme_id: int, end_goal: str, has_upper_secondary: bool,
              measures: list[dict[str, Any]], self_study: bool = False, reason: str = "",
              revised_on: Any = None) -> Changes:
    """Make the integration plan, or revise it (a reason is required; the revision number goes up).

    Refused when the programme's planned length is beyond § 13 for the end
    goal and group. Not being full-time and year-round is a warning
    (``plan_warnings``), not a refusal: the officer must see and fix it.
    """
    require(ctx, "persons.write")
    programme = _programme(programme_id)
    plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == programme.id)
    errors = Errors()
    goal = choice(errors, "end_goal", end_goal, rules.END_GOALS, label=_("End goal"))
    why = text(errors, "reason", reason, required=plan is not None, label=_("Reason for the revision"),
               max_length=2000)
    day = parse_date(errors, "revised_on", revised_on, label=_("Date")) or ctx.today()
    clean = _measures(errors, list(measures), programme)
    if not measures:
        errors.add("measures", _("The plan needs at least one measure."))
    if goal and programme.planned_end_date:
        elig = eligibility_of(programme.person)
        group = rules.duration_group(has_upper_secondary=bool(has_upper_secondary), end_goal=goal,
                                     chapter_6a=bool(elig and elig.chapter_6a))
        extended = any(p.kind == "extension" for p in programme.periods)
        problem = rules.check_length(group, programme.start_date, programme.planned_end_date,
                                     leave_days=leave_days(programme), extended=extended)
        if problem:
            errors.add("end_goal", problem)
    errors.raise_if_any()
    changes = Changes()
    values = dict(end_goal=goal, has_upper_secondary=bool(has_upper_secondary), self_study=bool(self_study))
    with transaction(ctx):
        if plan is None:
            plan = create_audited(ctx, IntegrationPlan, {**values, "revision": 1}, changes, programme=programme.id)
        else:
            save_audited(ctx, plan, {**values, "revision": plan.revision + 1, "signed_on": None}, changes)
            for old in plan.measures:
                audit(ctx, "delete", "plan_measure", old.id, {"kind": (old.kind, None)}, changes)
            PlanMeasure.delete().where(PlanMeasure.plan == plan.id).execute()
        for m in clean:
            create_audited(ctx, PlanMeasure, m, changes, plan=plan.id)
        create_audited(ctx, PlanRevision, dict(revision=plan.revision, revised_on=day, reason=why,
                                               user=getattr(ctx.user, "id", None)), changes, plan=plan.id)
    return changes


def sign_plan(ctx: Context, *, plan_id: int, signed_on: Any) -> Changes:
    """Record that the participant signed the current revision of the plan."""
    require(ctx, "persons.write")
    plan = get_or_404(IntegrationPlan, plan_id, _("the integration plan"))
    errors = Errors()
    day = parse_date(errors, "signed_on", signed_on, required=True, label=_("Date signed"))
    if day and day > ctx.today():
        errors.add("signed_on", _("The date cannot be in the future."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, plan, {"signed_on": day}, changes)
    return changes


def plan_warnings(programme: IntroProgramme) -> list[str]:
    """What the county governor would ask about: full-time and year-round, start within 3 months, length."""
    out: list[str] = []
    person = programme.person
    settled = person.effective_settlement_date()
    if settled:
        deadline = rules.start_deadline(settled, programme.request_date)
        if programme.start_date > deadline:
            out.append(_("The programme started after the three-month limit ({date}, integreringsloven § 12).").format(
                date=short_date(deadline)))
    plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == programme.id)
    if plan is None:
        out.append(_("The programme has no integration plan (integreringsloven § 15)."))
        return out
    end = programme.actual_end_date or programme.planned_end_date
    if end:
        leave = [(p.start_date, p.end_date) for p in programme.periods if p.kind in ("leave", "stop") and p.end_date]
        measures = [rules.Measure(m.start_date, m.end_date, Decimal(m.hours_per_week)) for m in plan.measures]
        # leave and stop weeks count as covered: the programme is paused, not thin
        measures += [rules.Measure(a, b, rules.FULL_TIME_HOURS) for a, b in leave]
        warning = rules.full_time_warning(programme.start_date, end, measures, self_study=plan.self_study)
        if warning:
            out.append(warning)
    if plan.signed_on is None:
        out.append(_("The current plan (revision {n}) is not signed.").format(n=plan.revision))
    return out
