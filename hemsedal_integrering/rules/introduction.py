"""The introduction programme under integreringsloven (lov 6. november 2020 nr. 127): pure rules.

Each rule cites where it lives. Sources checked with the search tool (IMDi's
"Veileder til integreringsloven" ch. 6 and 8, IMDi's page "Målgruppe for
introduksjonsprogram etter integreringsloven", the "Juridisk veileder til
integreringsloven" kap. 4 (§ 8), Prop. 81 L (2024–2025) punkt 7.1 (durations in
force before that revision), Prop. 89 L (2019–2020) punkt 9.1 (benefit arithmetic)).

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
  ledd, second sentence); the program does not record that day and uses the
  settlement date instead (the brief of issue 14). An officer who knows the
  permit date and sees a different result corrects it with a note.
* **Order and deadlines** (§ 10 mapping, § 11 career guidance, § 12 start at the
  latest three months after settlement or the request, § 15 plan): mapping →
  career guidance built on it → decision and integration plan → start.
  Transfer refugees are mapped by IMDi before settlement (§ 6): the municipality
  checks that mapping instead of repeating it.
* **16–17-year-olds**: the action plan's route is the combination programme at
  Gol upper secondary school (Hemsedal handlingsplan 2025, "Gol voksenopplæring").
* **Length** (§ 13; kap. 6A): see ``DURATIONS``.
* **Benefit** (§ 20): 2 G a year, two thirds for participants under 25; G is a
  table the administrator keeps (never a constant here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..i18n import N_, _, number, short_date
from .dates import add_months, age_on

#: Legal bases that give right and duty to the programme (integreringsloven § 9).
ORDINARY_BASES = frozenset({"asylum", "resettlement", "family", "humanitarian"})
#: Collective protection (utlendingsloven § 34): right, not duty (integreringsloven kap. 6A).
COLLECTIVE = "collective"

PROGRAMME_MIN_AGE, PROGRAMME_MAX_AGE = 18, 55  # § 8 first ledd
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

#: Months from the start date to the planned end, per group (§ 13; kap. 6A).
#: (minimum, maximum, longest extension). Sources: Prop. 81 L (2024–2025) punkt 7.1
#: ("gjeldende rett": without upper secondary education and with the end goal completed
#: upper secondary education 3 months–3 years, otherwise 3 months–2 years, both may be
#: extended by up to one year, § 13 femte ledd). With upper secondary education or
#: higher: up to one year (§ 13 andre ledd) — NOT confirmed by the search tool; check
#: lovdata before relying on it. Collective protection: normally 6–12 months
#: (Prop. 101 L (2023–2024) punkt 5.1); no extension assumed.
DURATIONS: dict[str, tuple[int, int, int]] = {
    "no_upper_secondary_goal_upper_secondary": (3, 36, 12),
    "no_upper_secondary_other_goal": (3, 24, 12),
    "has_upper_secondary": (3, 12, 0),
    "collective": (3, 12, 0),
}
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
    """

    programme: str
    norwegian: str
    mapping: str
    youth_route: bool
    chapter_6a: bool
    age: int | None


def eligibility(birth_date: dt.date | None, legal_basis: str | None, on: dt.date, *,
                adult: bool = True) -> Eligibility:
    """Eligibility from age and legal basis on ``on`` (the person's settlement date).

    ``adult`` is only used when the birth date is unknown.
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
    return Eligibility(programme=programme, norwegian=norwegian, mapping=mapping, youth_route=youth and known,
                       chapter_6a=chapter_6a, age=age)


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

YOUNG_AGE = 25  # under 25: two thirds (§ 20 andre ledd)
HOURS_PER_YEAR = Decimal(1850)  # per hour 1/1850 of the yearly benefit (Prop. 89 L (2019–2020) punkt 9.1)
HOURS_PER_DAY = Decimal("7.5")


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


def yearly_benefit(g: Decimal, birth_date: dt.date | None, on: dt.date) -> Decimal:
    """2 G, or two thirds of it for a participant under 25 on ``on`` (§ 20)."""
    full = 2 * g
    if birth_date is not None and age_on(birth_date, on) < YOUNG_AGE:
        return (full * 2 / 3).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return full


def monthly_benefit(yearly: Decimal) -> Decimal:
    return (yearly / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)


def deduction(yearly: Decimal, unexcused_hours: Decimal) -> Decimal:
    """The deduction for unexcused absence: each hour 1/1850 of the yearly benefit (§ 21)."""
    return (yearly * unexcused_hours / HOURS_PER_YEAR).quantize(Decimal("0.01"), ROUND_HALF_UP)
