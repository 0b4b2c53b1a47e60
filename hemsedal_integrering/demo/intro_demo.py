"""Give the demo's introduction programmes a realistic life, through the services only.

Runs after the households, programmes (started in ``generate``) and placements
exist. For every programme: a competence mapping (IMDi's for transfer
refugees), an integration plan whose measures follow Hemsedal's seasons
(winter work in the ski resort December–March, courses or a practice
placement the rest of the year, Norwegian throughout), the signature, some
leave and a stop, absence (self-certifications, sick children, holidays,
unexcused part-days) through the absence rules, Norwegian and social studies
tests, and the end with its result (some interrupted, some early into work,
those who moved). Seeded: deterministic. Touches no household, person or
unit, so the seed figures stay exact.

The G table gets only amounts checked against a public source (SpareBank 1's
G table: 1.5.2020 101 351, 1.5.2021 106 399, 1.5.2022 111 477, 1.5.2023
118 620 kr; found with the search tool in issue 14's second session: a public
Nav front-end's rate table, 1.5.2024 124 028 kr next to the same 118 620 for
2023, and a copy of Nav's G table, 1.5.2025 130 160 kr and 1.5.2024 124 028 kr);
later years are for the administrator to add, so the demo's benefit list says
"G mangler" for months from May 2026 instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import random

from ..context import Context
from ..errors import ValidationError
from ..models import IntroProgramme, Person, Placement, StatusPeriod, User
from ..rules import introduction as rules
from ..rules.dates import add_months, age_on
from ..services import intro_absence, introduction, people, placements

SEED = 2014
G_VERIFIED = [("2020-05-01", "101351"), ("2021-05-01", "106399"), ("2022-05-01", "111477"),
              ("2023-05-01", "118620"), ("2024-05-01", "124028"), ("2025-05-01", "130160")]
WINTER_WORK = "Sesongarbeid i alpinanlegget: heis, utleie og renhold"  # i18n: data (demo text)
COURSES = ["Bransjekurs renhold og service", "Arbeidsrettet norsk og fagkurs", "Førerkort og truckkurs",  # i18n: data
           "Grunnskole for voksne, Gol voksenopplæring"]  # i18n: data
LEAVE_REASONS = ["Foreldrepermisjon", "Omsorgspermisjon etter fødsel", "Langvarig sykdom (legeerklæring)"]  # i18n: data
EXTENSION_REASON = "Forlenget etter § 13: forventes å nå sluttmålet med forlengelsen"  # i18n: data
STOP_REASONS = ["Ugyldig fravær over lang tid; stans etter varsel"]  # i18n: data
INTERRUPT_REASONS = ["Langvarig sykdom; ønsket ikke å fortsette", "Ønsket ikke å fortsette i programmet"]  # i18n: data


def fill_intro_demo(ctx: Context) -> dict[str, int]:
    """Mapping, plan, periods, absence, tests and endings for every demo programme; returns counts."""
    rng = random.Random(SEED)
    today = ctx.today()
    officer = User.get_or_none(User.username == "programradgiver")
    octx = ctx.as_user(officer) if officer is not None else ctx
    counts = {"plans": 0, "absences": 0, "refused": 0, "ended": 0, "interrupted": 0, "leave": 0}
    for day, amount in G_VERIFIED:
        intro_absence.set_base_amount(ctx, valid_from=day, amount=amount)
    placements.create_workplace(ctx, employer="Hemsedal kommune", department="Tuv barnehage",  # i18n: data
                                is_municipal=True, municipality="hemsedal", sector="education",
                                contact_name="Styrer Berit Tuv")  # i18n: data
    for prog in list(IntroProgramme.select().order_by(IntroProgramme.id)):
        _life(octx, rng, prog, today, counts)
    return counts


def _life(ctx: Context, rng: random.Random, prog: IntroProgramme, today: dt.date, counts: dict[str, int]) -> None:
    person: Person = prog.person
    settled = person.effective_settlement_date()
    basis = person.legal_basis or person.household.legal_basis
    planned_end = prog.planned_end_date
    assert planned_end is not None  # every demo programme is registered with its planned end
    long_programme = (planned_end - prog.start_date).days > 370
    level = rng.choice(["none", "primary", "lower_secondary"] if long_programme else
                       ["lower_secondary", "upper_secondary", "vocational", "bachelor"])
    imdi = basis == "resettlement"
    introduction.save_mapping(ctx, person_id=person.id, mapped_on=settled - dt.timedelta(days=60) if imdi
                              else min(today, settled + dt.timedelta(days=rng.randint(10, 25))),
                              mapped_by="imdi" if imdi else "municipality", highest_education=level,
                              education_years={"none": 0, "primary": 6, "lower_secondary": 9, "upper_secondary": 12,
                                               "vocational": 12, "bachelor": 15}[level],
                              digital_skills=rng.choice(["basic", "basic", "good"]),
                              work_experience=rng.choice(["Butikk og lager", "Landbruk", "Renhold",  # i18n: data
                                                          "Bygg og anlegg", "Omsorg for familien"]),  # i18n: data
                              goals=rng.choice(["Fast jobb i reiselivet", "Fagbrev", "Helsefagarbeider",  # i18n: data
                                                "Egen bedrift", "Sjåfør"]))  # i18n: data
    has_vgs = level in ("upper_secondary", "vocational", "bachelor")
    young = person.birth_date is not None and age_on(person.birth_date, prog.start_date) < 25
    goal = "upper_secondary" if young and not has_vgs else rng.choice(["work", "work", "work", "primary_school"]
                                                                      if not has_vgs else ["work", "higher_education"])
    measures = _measures(rng, prog, basis)
    signed = min(today, prog.decision_date or prog.start_date)
    shortest = add_months(prog.start_date, rules.max_months("has_upper_secondary"))
    if has_vgs and basis != "collective" and planned_end > shortest:
        # § 13 andre ledd: with upper secondary education 3–6 months, extended by up to 6 when the goal is
        # within reach: the drawn 12 months become 6 + an extension of 6, with the plan revised for it
        full_end = planned_end
        people.record_programme(ctx, person_id=person.id, programme_id=prog.id, start_date=prog.start_date,
                                planned_end_date=shortest)
        prog = IntroProgramme.get_by_id(prog.id)
        first_measures = [dict(m, end_date=min(m["end_date"], shortest)) for m in measures
                          if m["start_date"] <= shortest]
        introduction.save_plan(ctx, programme_id=prog.id, end_goal=goal, has_upper_secondary=True,
                               measures=first_measures, revised_on=signed)
        revised = min(today, max(signed, shortest - dt.timedelta(days=21)))
        introduction.extend_programme(ctx, programme_id=prog.id, new_end_date=full_end, reason=EXTENSION_REASON)
        prog = IntroProgramme.get_by_id(prog.id)
        introduction.save_plan(ctx, programme_id=prog.id, end_goal=goal, has_upper_secondary=True,
                               measures=measures, reason=EXTENSION_REASON, revised_on=revised)
        signed = revised
    else:
        introduction.save_plan(ctx, programme_id=prog.id, end_goal=goal, has_upper_secondary=has_vgs,
                               measures=measures, revised_on=signed)
    counts["plans"] += 1
    plan = prog.plans.get()
    introduction.sign_plan(ctx, plan_id=plan.id, signed_on=signed)
    end = prog.planned_end_date
    assert end is not None  # (as above; an extension keeps it)
    limit = min(today, person.moved_out_date - dt.timedelta(days=1) if person.moved_out_date else today)
    if rng.random() < 0.12 and add_months(prog.start_date, 5) < min(end, limit):
        first = add_months(prog.start_date, rng.randint(3, 5))
        introduction.add_period(ctx, programme_id=prog.id, kind="leave", start_date=first,
                                end_date=add_months(first, rng.choice([1, 2])) - dt.timedelta(days=1),
                                reason=rng.choice(LEAVE_REASONS))
        counts["leave"] += 1
    elif rng.random() < 0.03 and add_months(prog.start_date, 7) < min(end, limit):
        first = add_months(prog.start_date, 6)
        introduction.add_period(ctx, programme_id=prog.id, kind="stop", start_date=first,
                                end_date=first + dt.timedelta(days=27), reason=STOP_REASONS[0])
    _absence(ctx, rng, prog, min(end, limit), counts)
    _tests(ctx, rng, prog, min(end, limit))
    _ending(ctx, rng, prog, limit, counts)


def _measures(rng: random.Random, prog: IntroProgramme, basis: str | None) -> list[dict]:
    """Norwegian all through; winter work December–March; courses or the person's placement otherwise."""
    start, end = prog.start_date, prog.planned_end_date
    assert end is not None  # every demo programme is registered with its planned end
    norwegian = 20 if basis == "collective" else 15
    out = [dict(kind="norwegian", title="Gol voksenopplæring", start_date=start, end_date=end,  # i18n: data
                hours_per_week=norwegian),
           dict(kind="social_studies", start_date=start, end_date=min(end, add_months(start, 5)), hours_per_week=2)]
    rest = 37.5 - norwegian
    placement = (Placement.select().where((Placement.person == prog.person_id) & (Placement.start_date >= start)
                                          & (Placement.start_date <= end)).order_by(Placement.start_date).first())
    day = start
    while day <= end:
        winter = day.month in (12, 1, 2, 3)
        if winter:
            seg_end = dt.date(day.year + (1 if day.month == 12 else 0), 3, 31)
        else:
            seg_end = dt.date(day.year, 11, 30)
        seg_end = min(seg_end, end)
        if winter:
            out.append(dict(kind="work", title=WINTER_WORK, start_date=day, end_date=seg_end, hours_per_week=rest))
        elif placement is not None and day <= placement.start_date <= seg_end:
            if placement.start_date > day:
                out.append(dict(kind="course", title=rng.choice(COURSES), start_date=day,
                                end_date=placement.start_date - dt.timedelta(days=1), hours_per_week=rest))
            p_end = min(seg_end, placement.end_date or seg_end)
            out.append(dict(kind="placement", start_date=placement.start_date, end_date=p_end,
                            hours_per_week=max(rest, float(placement.hours_per_week or rest)),
                            placement_id=placement.id))
            if p_end < seg_end:
                out.append(dict(kind="course", title=rng.choice(COURSES), start_date=p_end + dt.timedelta(days=1),
                                end_date=seg_end, hours_per_week=rest))
        else:
            out.append(dict(kind="course", title=rng.choice(COURSES), start_date=day, end_date=seg_end,
                            hours_per_week=rest))
        day = seg_end + dt.timedelta(days=1)
    return out


def _try(counts: dict[str, int], call) -> None:
    """Register one absence; the rules may refuse it (e.g. a fifth self-certification), as in real life."""
    try:
        call()
        counts["absences"] += 1
    except ValidationError:
        counts["refused"] += 1


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _absence(ctx: Context, rng: random.Random, prog: IntroProgramme, last: dt.date, counts: dict[str, int]) -> None:
    """A few absences per quarter: sickness, sick children, July holiday, unexcused part-days."""
    quarter = add_months(prog.start_date, 2)
    has_children = Person.select().where((Person.household == prog.person.household_id)
                                         & (Person.role == "child")).exists()
    while quarter < last:
        day = _weekday(quarter + dt.timedelta(days=rng.randint(0, 80)))
        if day < last and rng.random() < 0.6:
            days = rng.choice([1, 2, 3])
            _try(counts, lambda d=day, n=days: intro_absence.register_absence(
                ctx, programme_id=prog.id, first_day=d, last_day=d + dt.timedelta(days=n - 1),
                kind="own_sick_self"))
        day = _weekday(quarter + dt.timedelta(days=rng.randint(0, 80)))
        if has_children and day < last and rng.random() < 0.5:
            _try(counts, lambda d=day: intro_absence.register_absence(ctx, programme_id=prog.id, first_day=d,
                                                                      kind="child_sick"))
        day = _weekday(quarter + dt.timedelta(days=rng.randint(0, 80)))
        if day < last and rng.random() < 0.35:
            _try(counts, lambda d=day: intro_absence.register_absence(
                ctx, programme_id=prog.id, first_day=d, kind="unexcused", hours=rng.choice([1.5, 2, 3.5]),
                note="Kom for sent"))  # i18n: data
        july = dt.date(quarter.year, 7, 7)
        if quarter <= july < add_months(quarter, 3) and july + dt.timedelta(days=11) < last:
            _try(counts, lambda j=july: intro_absence.register_absence(
                ctx, programme_id=prog.id, first_day=j, last_day=j + dt.timedelta(days=11), kind="holiday"))
        quarter = add_months(quarter, 3)


def _tests(ctx: Context, rng: random.Random, prog: IntroProgramme, last: dt.date) -> None:
    taken = add_months(prog.start_date, 9)
    if taken < last:
        for skill in ("reading", "listening", "writing", "oral"):
            intro_absence.record_test(ctx, person_id=prog.person_id, test_date=taken, subject="norwegian",
                                      skill=skill, level=rng.choice(["A1", "A2", "A2", "B1", "B1", "B2"]))
    social = add_months(prog.start_date, 6)
    if social < last:
        intro_absence.record_test(ctx, person_id=prog.person_id, test_date=social, subject="social_studies",
                                  level="passed" if rng.random() < 0.85 else "failed")


def _ending(ctx: Context, rng: random.Random, prog: IntroProgramme, limit: dt.date, counts: dict[str, int]) -> None:
    person = prog.person
    end = prog.planned_end_date
    assert end is not None  # every demo programme is registered with its planned end
    if person.moved_out_date is not None and end >= person.moved_out_date:
        stop = max(prog.start_date, person.moved_out_date - dt.timedelta(days=1))
        if stop <= limit:
            introduction.end_programme(ctx, programme_id=prog.id, end_date=stop, result="moved",
                                       reason="Flyttet")  # i18n: data
            counts["ended"] += 1
        return
    if end >= limit:
        return  # still running
    if rng.random() < 0.08 and add_months(prog.start_date, 4) < end:
        introduction.end_programme(ctx, programme_id=prog.id, end_date=add_months(end, -rng.randint(2, 4)),
                                   result="interrupted", reason=rng.choice(INTERRUPT_REASONS))
        counts["interrupted"] += 1
        counts["ended"] += 1
        return
    following = (StatusPeriod.select().where((StatusPeriod.person == person.id) & (StatusPeriod.start_date > end))
                 .order_by(StatusPeriod.start_date).first())
    status = following.status if following is not None else ""
    result = ("completed_work" if status.startswith("work_permanent") or status == "work_temporary" else
              "completed_education" if status in ("education", "work_education") else "completed_other")
    introduction.end_programme(ctx, programme_id=prog.id, end_date=end, result=result)
    counts["ended"] += 1
