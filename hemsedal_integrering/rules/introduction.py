"""The introduction programme under integreringsloven (lov 6. november 2020 nr. 127): pure rules.

Each rule cites where it lives. Sources checked with the search tool (session of issue 14):

* IMDi, "Juridisk veileder til integreringsloven", kapittel 4 (quotes § 8: 18–55 years, "Alderen da
  oppholdstillatelsen ble innvilget er avgjørende", "bodd i en kommune ... i mindre enn to år når
  vedtak etter § 12 treffes") — imdi.no/kvalifisering/regelverk/juridisk-veileder-til-integreringsloven/
  kapittel-4-introduksjonsprogrammet/
* IMDi, "Målgruppe for introduksjonsprogram etter integreringsloven" (the same age rule and the two years).
* IMDi, "Sluttmål og varighet i integreringsloven" (table of groups and lengths) and Prop. 81 L
  (2024–2025) punkt 6.1 and 7.1 ("gjeldende rett" before that revision) — see ``DURATIONS``.
* Innst. 410 L (2024–2025) to Prop. 81 L (2024–2025), adopted by the Storting 6 June 2025: the upper
  age for right and duty goes from 55 to "til og med 60 år", and the lengths change (new §§ 13–14).
  The in-force date and the new lengths were NOT found by the search; see ``AMENDED_MAX_AGE``.
* IMDi, "Introduksjonsstønad" (updated 11 January 2021): 2 G; under 25 not living with a parent 2/3,
  under 25 living with one or both parents 1/3 — see ``yearly_benefit``.
* IMDi, "Fravær og permisjoner etter integreringsloven": unexcused absence reduces the benefit
  "tilsvarende lengden på fraværet"; an enkeltvedtak is needed when 50 % or more of one payment and at
  least 1/12 G is deducted — see ``deduction`` and ``needs_deduction_decision``.
* Prop. 89 L (2019–2020) punkt 9.1 (the older act's § 9: per day 1/30 of the month, per hour 1/1850 of
  the year) — the only source found for the arithmetic; see ``HOURS_PER_YEAR``.

* **Who** (§ 8, § 9; § 26–28 for Norwegian; kap. 6A for collective protection):
  right *and* duty to the programme for ages 18–55 with a § 9 permit (asylum/refugee,
  resettlement, humanitarian after an asylum application, family reunification
  with such a person); right *only* for collective protection (utlendingsloven
  § 34, integreringsloven kap. 6A). Family reunified with a person who has
  collective protection follow the ordinary rules (veileder ch. 8), so ``family``
  is ordinary here; whether the reference person had lived in a municipality
  under five years (§ 9) is not recorded — the officer checks it.
  Norwegian and social studies: 18–67. Nothing over 67.
  The law judges age on the day the residence permit was granted (§ 8 first
  ledd, second sentence): the caller passes the permit date when it is recorded
  (``Person.permit_date``) and the settlement date only when it is not.
* **Order and deadlines** (§ 10 mapping, § 11 career guidance, § 12 start at the
  latest three months after settlement or the request, § 15 plan): mapping →
  career guidance built on it → decision and integration plan → start.
  Transfer refugees are mapped by IMDi before settlement (§ 6): the municipality
  checks that mapping instead of repeating it.
* **16–17-year-olds**: the action plan's route is the combination programme at
  Gol upper secondary school (Hemsedal handlingsplan 2025, "Gol voksenopplæring").
* **Length** (§ 13; kap. 6A): see ``DURATIONS``.
* **Benefit** (§ 20): 2 G a year, a third or two thirds for participants under 25; G is a
  table the administrator keeps (never a constant here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..i18n import N_, _, number, short_date
from .dates import add_months, age_on

#: Legal bases that give right and duty to the programme (integreringsloven § 9).
ORDINARY_BASES = frozenset({"asylum", "resettlement", "family", "humanitarian"})
#: Collective protection (utlendingsloven § 34): right, not duty (integreringsloven kap. 6A).
COLLECTIVE = "collective"

PROGRAMME_MIN_AGE, PROGRAMME_MAX_AGE = 18, 55  # § 8 first ledd (IMDi, juridisk veileder kap. 4)
#: Prop. 81 L (2024–2025) / Innst. 410 L (2024–2025), adopted 6 June 2025: right and duty "til og med 60 år".
#: The search found neither the in-force date nor the transition rule, so the program keeps 55 and flags
#: ages 56–60 (``Eligibility.amended_age``) for the officer to check against lovdata § 8.
AMENDED_MAX_AGE = 60
#: § 8: the person must have lived in a municipality less than two years when the decision (§ 12) is made.
NEWLY_ARRIVED_MONTHS = 24
NORWEGIAN_MIN_AGE, NORWEGIAN_MAX_AGE = 18, 67  # § 26-27
YOUTH_MIN_AGE, YOUTH_MAX_AGE = 16, 17  # the action plan's combination programme (16–18 år)

RIGHT_AND_DUTY, RIGHT, NONE = "right_and_duty", "right", "none"
ELIGIBILITY = {
    RIGHT_AND_DUTY: N_("Right and duty"),
    RIGHT: N_("Right (no duty)"),
    NONE: N_("No right"),
}

#: End goals (sluttmål, integreringsloven § 13).
END_GOALS = {
    "work": N_("Work"),
    "upper_secondary": N_("Completed upper secondary education"),
    "upper_secondary_part": N_("Parts of upper secondary education"),
    "primary_school": N_("Primary and lower secondary school (grunnskole)"),
    "higher_education": N_("Higher education"),
    "approval": N_("Approval of education from abroad"),
    "complementary": N_("Started complementary education"),
}

#: Months from the start date to the planned end, per group (§ 13; kap. 6A):
#: (minimum, maximum, longest extension).
#: Sources (the act as in force before Prop. 81 L (2024–2025)):
#: * upper secondary education or higher: 3–6 months, extension up to 6 months (§ 13 andre ledd) —
#:   Prop. 81 L (2024–2025) punkt 6.1 "Gjeldende rett" and IMDi's table "Sluttmål og varighet i
#:   integreringsloven" ("3 måneder – 6 måneder + 6 måneder"). (Last session had 12 months and no
#:   extension: wrong.)
#: * without upper secondary education, end goal completed upper secondary: 3 months–3 years + 1 year;
#:   other end goals: 3 months–2 years + 1 year (§ 13 femte ledd) — Prop. 81 L punkt 7.1, IMDi's table.
#: * collective protection (kap. 6A): "vanligvis på mellom seks og tolv måneder" (Prop. 101 L
#:   (2023–2024) punkt 5.1). The act's own maximum for kap. 6A was not found by the search; the program
#:   warns beyond 12 months and allows no extension. Kap. 6A applied "foreløpig til 1. juli 2026"
#:   (IMDi, veileder kap. 8); whether it was prolonged was not found.
#: Prop. 81 L (2024–2025) changes these lengths (new §§ 13 and 14, longer programmes with upper
#: secondary content); the new figures and their in-force date were not found — see ``LENGTH_NOTE``.
DURATIONS: dict[str, tuple[int, int, int]] = {
    "no_upper_secondary_goal_upper_secondary": (3, 36, 12),
    "no_upper_secondary_other_goal": (3, 24, 12),
    "has_upper_secondary": (3, 6, 6),
    "collective": (3, 12, 0),
}
LENGTH_NOTE = N_("Lengths follow integreringsloven § 13 as before Prop. 81 L (2024–2025). That revision "
                 "(adopted June 2025) changes the lengths from a date this program does not know: check "
                 "lovdata §§ 13–14 before deciding a length.")
DURATION_GROUPS = {
    "no_upper_secondary_goal_upper_secondary": N_("No upper secondary education, end goal upper secondary"),
    "no_upper_secondary_other_goal": N_("No upper secondary education, other end goal"),
    "has_upper_secondary": N_("Upper secondary education or higher"),
    "collective": N_("Collective protection (chapter 6A)"),
}


@dataclass(frozen=True)
class Eligibility:
    """What a person is entitled to and obliged to, judged on one date.

    ``programme`` and ``norwegian`` are RIGHT_AND_DUTY, RIGHT or NONE;
    ``mapping`` is 'municipality' (§ 10), 'check_imdi' (transfer refugee, § 6),
    'voluntary' (kap. 6A) or 'none'; ``youth_route`` = the combination programme.
    ``age`` is None when the birth date is unknown (then the adult is treated as
    18–55 so that no legal duty is missed; register the birth date).
    ``amended_age``: 56–60 with an ordinary basis — no programme under § 8 as the
    program knows it, but Prop. 81 L (2024–2025) raises the limit to 60 from a date
    not known here: the officer checks (``AMENDED_AGE_NOTE``).
    """

    programme: str
    norwegian: str
    mapping: str
    youth_route: bool
    chapter_6a: bool
    age: int | None
    amended_age: bool = False


AMENDED_AGE_NOTE = N_("Age {age}: no programme under § 8 (18–55), but Prop. 81 L (2024–2025) raises the age "
                      "for right and duty to 60 from a date this program does not know. Check lovdata "
                      "integreringsloven § 8.")
AGE_ON_SETTLEMENT_NOTE = N_("Age judged on the settlement date: the date the residence permit was granted "
                            "is not registered (§ 8 judges age on that date).")


def eligibility(birth_date: dt.date | None, legal_basis: str | None, on: dt.date, *,
                adult: bool = True) -> Eligibility:
    """Eligibility from age and legal basis on ``on``.

    ``on`` is the date the residence permit was granted (§ 8 first ledd, second
    sentence) when known, else the settlement date. ``adult`` is only used when
    the birth date is unknown.
    """
    basis = legal_basis or ""
    chapter_6a = basis == COLLECTIVE
    known = basis in ORDINARY_BASES or chapter_6a
    if birth_date is None:
        age = None
        in_programme_age = in_norwegian_age = adult
        youth = False
    else:
        age = age_on(birth_date, on)
        in_programme_age = PROGRAMME_MIN_AGE <= age <= PROGRAMME_MAX_AGE
        in_norwegian_age = NORWEGIAN_MIN_AGE <= age <= NORWEGIAN_MAX_AGE
        youth = YOUTH_MIN_AGE <= age <= YOUTH_MAX_AGE
    if not known or not in_programme_age:
        programme = NONE
    else:
        programme = RIGHT if chapter_6a else RIGHT_AND_DUTY
    if not known or not in_norwegian_age:
        norwegian = NONE
    else:
        norwegian = RIGHT if chapter_6a else RIGHT_AND_DUTY
    if programme == NONE:
        mapping = "none"
    elif chapter_6a:
        mapping = "voluntary"
    elif basis == "resettlement":
        mapping = "check_imdi"
    else:
        mapping = "municipality"
    amended = (basis in ORDINARY_BASES and age is not None and PROGRAMME_MAX_AGE < age <= AMENDED_MAX_AGE)
    return Eligibility(programme=programme, norwegian=norwegian, mapping=mapping, youth_route=youth and known,
                       chapter_6a=chapter_6a, age=age, amended_age=amended)


def newly_arrived(settlement: dt.date, decision: dt.date) -> bool:
    """§ 8: lived in a municipality less than two years when the decision is made."""
    return decision < add_months(settlement, NEWLY_ARRIVED_MONTHS)


# ----- order and deadlines -----

@dataclass(frozen=True)
class Step:
    """One step towards the programme: key, due date and the section it rests on."""

    key: str
    due: dt.date
    legal: str


def programme_steps(settlement: dt.date, elig: Eligibility, *, request: dt.date | None = None) -> list[Step]:
    """The ordered steps before the programme, with due dates.

    Mapping 1 month, career guidance 2 months (built on the mapping), decision
    and integration plan 14 days before the start, start at the latest 3 months
    after settlement — or after the request, for collective protection and
    for anyone who asks later (§ 12). Transfer refugees: check IMDi's mapping
    within 14 days. Youth 16–17: apply for the combination programme within 14 days.
    """
    if elig.youth_route and elig.programme == NONE:
        return [Step("youth_combination", settlement + dt.timedelta(days=14), "handlingsplan 2025")]
    if elig.programme == NONE:
        return []
    base = max(settlement, request) if request else settlement
    start = add_months(base, 3)
    steps = []
    if elig.mapping == "check_imdi":
        steps.append(Step("competence_mapping_check", base + dt.timedelta(days=14), "integreringsloven § 6"))
    elif elig.mapping == "voluntary":
        steps.append(Step("competence_mapping_voluntary", add_months(base, 1), "integreringsloven kap. 6A"))
    else:
        steps.append(Step("competence_mapping", add_months(base, 1), "integreringsloven § 10"))
    steps.append(Step("career_guidance_start", add_months(base, 2), "integreringsloven § 11"))
    steps.append(Step("programme_decision", start - dt.timedelta(days=14), "integreringsloven §§ 12, 15"))
    steps.append(Step("programme_start", start, "integreringsloven § 12"))
    return steps


def start_deadline(settlement: dt.date, request: dt.date | None = None) -> dt.date:
    """The last day the programme may start: three months after settlement or request (§ 12)."""
    return add_months(max(settlement, request) if request else settlement, 3)


def programme_window_end(settlement: dt.date, elig: Eligibility) -> dt.date | None:
    """The last day programme items can be due: latest start + longest programme + extension.

    None when the person has no programme. Used to stop yearly programme items
    (plan review, end-of-programme guidance) once no programme can still run.
    """
    if elig.programme == NONE:
        return None
    longest = max_months("collective" if elig.chapter_6a else "no_upper_secondary_goal_upper_secondary",
                         with_extension=True)
    return add_months(start_deadline(settlement), longest)


# ----- length -----

def duration_group(*, has_upper_secondary: bool, end_goal: str, chapter_6a: bool) -> str:
    """The § 13 group a participant's maximum length follows."""
    if chapter_6a:
        return "collective"
    if has_upper_secondary:
        return "has_upper_secondary"
    if end_goal == "upper_secondary":
        return "no_upper_secondary_goal_upper_secondary"
    return "no_upper_secondary_other_goal"


def max_months(group: str, *, with_extension: bool = False) -> int:
    _low, high, extension = DURATIONS[group]
    return high + (extension if with_extension else 0)


def check_length(group: str, start: dt.date, planned_end: dt.date, *, leave_days: int = 0,
                 extended: bool = False) -> str | None:
    """None when the planned length is within § 13, else a message (user language).

    Leave (permisjon) does not count towards the length, so the end may move by
    ``leave_days``. An extension (``extended``) allows the group's extension.
    """
    low, high, extension = DURATIONS[group]
    longest = add_months(start, high + (extension if extended else 0)) + dt.timedelta(days=leave_days)
    shortest = add_months(start, low)
    if planned_end > longest:
        if extended:
            return _("The programme is longer than the law allows for this group ({months} months with "
                     "extension).").format(months=high + extension)
        return _("The programme is longer than the law allows for this group ({months} months).").format(months=high)
    if planned_end < shortest:
        return _("The programme is shorter than {months} months.").format(months=low)
    return None


# ----- full-time, year-round -----

FULL_TIME_HOURS = Decimal("37.5")  # IMDi: 37,5 t/uke uten krav til forberedelser
FULL_TIME_HOURS_SELF_STUDY = Decimal("30")  # 30 t/uke når tiltakene krever betydelig egenaktivitet
HOLIDAY_WEEKS = 5  # deltakere har krav på fem uker ferie


@dataclass(frozen=True)
class Measure:
    """A measure of the plan as the full-time check sees it."""

    start: dt.date
    end: dt.date
    hours_per_week: Decimal


def full_time_gaps(start: dt.date, end: dt.date, measures: list[Measure], *,
                   self_study: bool = False) -> list[tuple[dt.date, Decimal]]:
    """Weeks (their Monday) between start and end where the measures add up to less than full time.

    Full time is 37.5 hours a week, or 30 where the measures need much own work
    (IMDi, "Omfang og innhold i programmet"). The programme is year-round: up
    to five weeks of holiday a year are allowed, so the caller compares the
    number of short weeks with ``HOLIDAY_WEEKS`` (see ``full_time_warning``).
    """
    need = FULL_TIME_HOURS_SELF_STUDY if self_study else FULL_TIME_HOURS
    monday = start - dt.timedelta(days=start.weekday())
    out = []
    while monday <= end:
        sunday = monday + dt.timedelta(days=6)
        hours = sum((m.hours_per_week for m in measures if m.start <= sunday and m.end >= monday), Decimal(0))
        if hours < need:
            out.append((monday, hours))
        monday += dt.timedelta(days=7)
    return out


def full_time_warning(start: dt.date, end: dt.date, measures: list[Measure], *, self_study: bool = False) -> str | None:
    """A warning when the plan is not full-time and year-round, else None."""
    gaps = full_time_gaps(start, end, measures, self_study=self_study)
    years = max(1, round(((end - start).days + 1) / 365))
    allowed = HOLIDAY_WEEKS * years
    if len(gaps) <= allowed:
        return None
    return _("The measures are not full-time and year-round: {weeks} weeks under {hours} hours "
             "(at most {allowed} weeks of holiday). First week: {first}.").format(
        weeks=len(gaps), hours=number(float(FULL_TIME_HOURS_SELF_STUDY if self_study else FULL_TIME_HOURS)),
        allowed=allowed,
        first=short_date(gaps[0][0]))


# ----- benefit basis (integreringsloven § 20) -----

YOUNG_AGE = 25  # under 25: a third or two thirds (§ 20; IMDi, "Introduksjonsstønad")
#: Per hour 1/1850 of the yearly benefit. Source: Prop. 89 L (2019–2020) punkt 9.1, which states it for the
#: OLDER act (introduksjonsloven § 9). For integreringsloven the search confirmed only that the benefit is
#: reduced "tilsvarende lengden på fraværet" (IMDi, "Fravær og permisjoner etter integreringsloven"); the
#: figure was not found in integreringsforskriften. The program says so where it uses it (DEDUCTION_NOTE).
HOURS_PER_YEAR = Decimal(1850)
HOURS_PER_DAY = Decimal("7.5")
DEDUCTION_NOTE = N_("The deduction uses 1/1850 of the yearly amount per hour, the rule of the older "
                    "introduksjonsloven § 9 (Prop. 89 L (2019–2020) punkt 9.1); it was not confirmed for "
                    "integreringsloven. Check against integreringsforskriften before payroll.")


class MissingFact(LookupError):
    """A fact the benefit depends on is not registered; the amount is not guessed."""


def g_on(table: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    """The grunnbeløp in force on ``day`` from the administrator's table (from-date, amount).

    G changes every 1 May, so a row is in force from its date until the next
    1 May. Raises LookupError when the table has no amount for the day (also
    when the newest row is older than that): amounts are never guessed.
    """
    valid = [(d, amount) for d, amount in table if d <= day]
    if not valid:
        raise LookupError(day)
    since, amount = max(valid)
    expires = dt.date(since.year + (1 if (since.month, since.day) >= (5, 1) else 0), 5, 1)
    if day >= expires:
        raise LookupError(day)
    return amount


def benefit_share(birth_date: dt.date | None, on: dt.date, *, lives_with_parents: bool | None) -> Fraction:
    """The share of 2 G: 1, or for a participant under 25 on ``on`` 2/3 — 1/3 when living with one or
    both parents (IMDi, "Introduksjonsstønad": "Deltakere under 25 år som bor med en eller begge
    foreldrene, mottar 1/3 stønad"). Raises MissingFact when that is not registered for someone under 25."""
    if birth_date is None or age_on(birth_date, on) >= YOUNG_AGE:
        return Fraction(1)
    if lives_with_parents is None:
        raise MissingFact("lives_with_parents")
    return Fraction(1, 3) if lives_with_parents else Fraction(2, 3)


def yearly_benefit(g: Decimal, birth_date: dt.date | None, on: dt.date, *,
                   lives_with_parents: bool | None = None) -> Decimal:
    """2 G times ``benefit_share`` (§ 20), to the øre."""
    share = benefit_share(birth_date, on, lives_with_parents=lives_with_parents)
    full = 2 * g
    if share == 1:
        return full
    return (full * share.numerator / share.denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


def monthly_benefit(yearly: Decimal) -> Decimal:
    return (yearly / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)


def deduction(yearly: Decimal, unexcused_hours: Decimal) -> Decimal:
    """The deduction for unexcused absence: each hour 1/1850 of the yearly benefit (see HOURS_PER_YEAR)."""
    return (yearly * unexcused_hours / HOURS_PER_YEAR).quantize(Decimal("0.01"), ROUND_HALF_UP)


def needs_deduction_decision(payment: Decimal, deducted: Decimal, g: Decimal) -> bool:
    """True when the deduction needs an enkeltvedtak: 50 % or more of the payment and at least 1/12 G
    (IMDi, "Fravær og permisjoner etter integreringsloven")."""
    return deducted > 0 and deducted * 2 >= payment and deducted * 12 >= g
