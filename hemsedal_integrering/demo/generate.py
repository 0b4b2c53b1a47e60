"""Fill a database with the demo data set, through the services only.

Everything is seeded (``random.Random(2025)``), so two runs give the same
database. Identity numbers are synthetic test numbers (month + 80) and the
people are invented; place names are real Hemsedal and Gol places.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Callable

from ..context import Context
from ..i18n import _
from ..ids import HouseholdId, UnitId, WorkplaceId
from ..models import Household, HousingUnit, Landlord, Person, Placement, Tenancy, User, Workplace
from ..rules.dates import add_months, age_on
from ..rules.identity import make_synthetic_number
from ..rules.introduction import NONE
from ..services import accounts, housing, introduction, people, placements, setup
from . import plan

SEED = 2025


@dataclass
class DemoSummary:
    """Counts of what was created (for the command line's report)."""

    households: int = 0
    persons: int = 0
    units: int = 0
    leases: int = 0
    tenancies: int = 0
    placements: int = 0
    workplaces: int = 0
    users: list[str] = field(default_factory=list)


class _Ids:
    """Unique synthetic identity numbers and DUF numbers."""

    def __init__(self) -> None:
        self.individual = 100
        self.duf = 0

    def national_id(self, birth: dt.date) -> str:
        while True:
            self.individual += 1
            number = make_synthetic_number(birth.day, birth.month, birth.year, self.individual % 1000)
            if number:
                return number

    def duf_number(self, year: int) -> str:
        self.duf += 1
        return f"{year}{7_000_000 + self.duf * 37:08d}"


def _sole_carer(p: Person) -> bool:
    """The only adult of a household with children (child-sickness days double)."""
    roles = [role for (role,) in Person.select(Person.role).where(Person.household == p.household_id).tuples()]
    return roles.count("adult") == 1 and "child" in roles


def _lives_with_parents(p: Person) -> bool | None:
    """Under 25 at settlement: whether another adult of the household is old enough to be a parent
    (18+ years older); the benefit is a third instead of two thirds then (§ 20). None for 25 and over."""
    settled = p.household.settlement_date
    if p.birth_date is None or settled is None or age_on(p.birth_date, settled) >= 25:
        return None
    return any(m.id != p.id and m.role == "adult" and m.birth_date is not None
               and age_on(m.birth_date, p.birth_date) >= 18
               for m in Person.select().where(Person.household == p.household_id))


#: The action plan: 8 pupils with refugee status at Hemsedal skule in the school year 2024/25.
SCHOOL_YEAR = (dt.date(2024, 8, 19), dt.date(2025, 6, 20))
PUPILS_2024_25 = 8


def _school_age_2024(birth: dt.date) -> bool:
    """Grades 1–10 in 2024/25: born 2009–2018 (school starts the year a child turns six)."""
    return 2009 <= birth.year <= 2018


def _shift_year(birth: dt.date, year: int) -> dt.date:
    return birth.replace(year=year, day=min(birth.day, 28) if birth.month == 2 else birth.day)


def _own_address(municipality: str, index: int, year: int) -> str:
    """An invented postal address for a household living in a home the service does not run."""
    if municipality == "gol":
        return f"Sentrumsvegen {20 + index * 2 + year % 7}, 3550 Gol"  # i18n: data
    return f"Hemsedalsvegen {2600 + index * 4 + year % 9}, 3560 Hemsedal"  # i18n: data


def _parse_fate(fate: str) -> tuple[str, int, dt.date | None]:
    if fate == "stay":
        return "stay", 0, None
    parts = fate.split(":")
    if parts[0] == "move":
        return "move", 0, dt.date.fromisoformat(parts[1])
    return "part", int(parts[1]), dt.date.fromisoformat(parts[2])


def _settlement_date(year: int, index: int) -> dt.date:
    days = {2025: plan.SETTLEMENT_DAYS_2025, 2026: plan.SETTLEMENT_DAYS_2026}.get(year, plan.SETTLEMENT_DAYS)
    month, day = days[index % len(days)]
    return dt.date(year, month, day)


def _birth(rng: random.Random, settled: dt.date, low: int, high: int) -> dt.date:
    age = rng.randint(low, high)
    return settled - dt.timedelta(days=age * 365 + rng.randint(0, 360))


def _members(rng: random.Random, country: str, size: int, settled: dt.date, movers: int,
             ids: _Ids, duf_only: bool) -> list[dict]:
    """A plausible household: one or two adults, children, and ``movers`` young adults."""
    names = plan.NAMES[country]
    last = rng.choice(names["last"])
    langs, interp = plan.LANGUAGES[country]
    out: list[dict] = []
    single_mother = country == "UA" and size <= 3 and rng.random() < 0.6
    n_adults = 1 if size == 1 or single_mother else 2
    for i in range(n_adults):
        gender = "F" if (single_mother or i == 1 or (size == 1 and rng.random() < 0.4)) else "M"
        if size == 1 and n_adults == 1 and not single_mother:
            gender = rng.choice("MMF")
        birth = _birth(rng, settled, 24 + 6 * min(movers, 1), 48)
        out.append(dict(first_name=rng.choice(names[gender]), last_name=last, role="adult", gender=gender,
                        birth_date=birth))
    for _mover in range(movers):
        gender = rng.choice("MF")
        out.append(dict(first_name=rng.choice(names["child_" + gender]), last_name=last, role="adult",
                        gender=gender, birth_date=_birth(rng, settled, 17, 19)))
    while len(out) < size:
        gender = rng.choice("MF")
        out.append(dict(first_name=rng.choice(names["child_" + gender]), last_name=last, role="child",
                        gender=gender, birth_date=_birth(rng, settled, 0, 15)))
    used: set[str] = set()
    for m in out:
        while m["first_name"] in used:
            m["first_name"] = rng.choice(names["child_" + m["gender"]] + names[m["gender"]])
        used.add(m["first_name"])
        m["country"] = country
        m["languages"] = langs
        m["interpreter_language"] = interp if (m["role"] == "adult" and rng.random() < 0.7) else None
        if duf_only and rng.random() < 0.7:
            m["duf_number"] = ids.duf_number(settled.year)
        else:
            m["national_id"] = ids.national_id(m["birth_date"])
        if m["role"] == "adult":
            m["phone"] = f"4{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(10, 99)} {rng.randint(100, 999)}"
    return out


class _Builder:
    def __init__(self, ctx: Context, progress: Callable[[str], None] | None) -> None:
        self.ctx = ctx
        self.rng = random.Random(SEED)
        self.ids = _Ids()
        self.today = ctx.today()
        self._report = progress or (lambda _msg: None)
        self._last_message = ""
        self.summary = DemoSummary()
        self.workplaces: dict[str, list[WorkplaceId]] = {"hemsedal": [], "gol": []}
        self.pupils = 0

    def progress(self, message: str) -> None:
        """Report a step once (several households share the message of their year)."""
        if message != self._last_message:
            self._last_message = message
            self._report(message)

    # ----- housing stock -----
    def units(self) -> dict[str, list[UnitId]]:
        pools: dict[str, list[UnitId]] = {"hemsedal_municipal": [], "hemsedal_private": [], "gol_municipal": []}
        for address, postal, place, size, bedrooms, heating, stove, garden in plan.MUNICIPAL_UNITS:
            ch = housing.create_unit(self.ctx, municipality="hemsedal", address=address, postal_code=postal,
                                     place=place, ownership="municipal", size_m2=size, bedrooms=bedrooms, capacity=1,
                                     heating=heating, has_wood_stove=stove, has_garden=garden,
                                     snow_clearing_by="tenant" if garden else "municipality",
                                     lawn_mowing_by="tenant" if garden else "none")
            pools["hemsedal_municipal"].append(ch.first_created("housing_unit"))
        for address, postal, place, size, bedrooms, heating, stove, garden in plan.GOL_UNITS:
            ch = housing.create_unit(self.ctx, municipality="gol", address=address, postal_code=postal, place=place,
                                     ownership="municipal", size_m2=size, bedrooms=bedrooms, heating=heating,
                                     has_wood_stove=stove, has_garden=garden)
            pools["gol_municipal"].append(ch.first_created("housing_unit"))
        self.summary.units = len(plan.MUNICIPAL_UNITS) + len(plan.GOL_UNITS) + len(plan.PRIVATE_UNITS)
        return pools

    def private_unit(self, spec: tuple, move_in: dt.date) -> UnitId:
        address, place, size, bedrooms, heating, stove, garden, rent, landlord_name, start, end = spec
        org = ""
        ll = housing.create_landlord(self.ctx, name=landlord_name, org_nr=org,
                                     phone=f"9{self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
                                           f"{self.rng.randint(100, 999)}",
                                     email=landlord_name.lower().split(" v/")[0].replace(" ", ".")
                                     .replace("æ", "ae").replace("ø", "o").replace("å", "a") + "@eksempel.no")
        unit = housing.create_unit(self.ctx, municipality="hemsedal", address=address, postal_code="3560",
                                   place=place, ownership="private", size_m2=size, bedrooms=bedrooms,
                                   heating=heating, has_wood_stove=stove, has_garden=garden,
                                   snow_clearing_by="tenant" if garden else "landlord",
                                   lawn_mowing_by="tenant" if garden else "landlord").first_created("housing_unit")
        lease_start = min(dt.date.fromisoformat(start), move_in - dt.timedelta(days=14))
        lease_start = lease_start.replace(day=1)
        housing.create_lease(self.ctx, unit_id=unit, landlord_id=ll.first_created("landlord"), monthly_rent=rent,
                             deposit=rent * 3, guarantee="nav_guarantee" if self.rng.random() < 0.5 else "deposit",
                             start_date=lease_start, end_date=end, notice_months=3,
                             rent_adjustment_date=lease_start.replace(year=lease_start.year + 1))
        self.summary.leases += 1
        return unit

    def free_unit(self, pool: list[UnitId], start: dt.date, end: dt.date | None) -> UnitId | None:
        for unit_id in pool:
            busy = False
            for t in Tenancy.select().where(Tenancy.unit == unit_id):
                if start <= (t.end_date or dt.date.max) and t.start_date <= (end or dt.date.max):
                    busy = True
                    break
            if not busy:
                return unit_id
        return None

    # ----- workplaces -----
    def create_workplaces(self) -> None:
        for employer, dept, municipal, municipality, sector, contact in plan.WORKPLACES:
            ch = placements.create_workplace(self.ctx, employer=employer, department=dept, is_municipal=municipal,
                                             municipality=municipality, sector=sector, contact_name=contact,
                                             contact_phone=f"3{self.rng.randint(2, 2)} {self.rng.randint(10, 99)} "
                                                           f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}")
            wid = ch.first_created("workplace")
            if municipality == "gol" or employer.startswith("Hallingdal"):
                self.workplaces["gol"].append(wid)
            if municipality != "gol":
                self.workplaces["hemsedal"].append(wid)
        self.summary.workplaces = len(plan.WORKPLACES)

    # ----- one household's life -----
    def household(self, municipality: str, year: int, index: int, country: str, size: int, fate: str,
                  unit_id: UnitId | None) -> HouseholdId:
        kind, movers, move_date = _parse_fate(fate)
        if (municipality, year, index) == plan.LATE_MOVE[:3]:
            kind, move_date = "move", dt.date.fromisoformat(plan.LATE_MOVE[3])
        settled = _settlement_date(year, index)
        members = _members(self.rng, country, size, settled, movers, self.ids, duf_only=year >= 2025)
        if municipality == "hemsedal":
            self.school_quota(members, settled, move_date if kind == "move" else None)
        basis = plan.LEGAL_BASIS[country]
        last = members[0]["last_name"]
        # Households the service does not house still have a postal address the letters can use.
        note = "" if unit_id else _own_address(municipality, index, year)
        ch = people.register_household(
            self.ctx, municipality=municipality,
            name=f"Familien {last}" if size > 1 else f"{members[0]['first_name']} {last}",
            legal_basis=basis, settlement_date=settled, members=members,
            case_reference=f"{year}/{100 + index * 7 + (0 if municipality == 'hemsedal' else 50)}",
            contact_phone=members[0].get("phone", ""), address_note=note)
        hid = ch.first_created("household")
        self.summary.households += 1
        self.summary.persons += size
        whole_move = move_date if kind == "move" else None
        if unit_id is not None:
            housing.move_in(self.ctx, household_id=hid, unit_id=unit_id, start_date=settled, end_date=whole_move,
                            monthly_rent=None)
            self.summary.tenancies += 1
        limit = min(self.today, move_date) if move_date else self.today
        person_rows = list(Person.select().where(Person.household == hid).order_by(Person.id))
        for p in person_rows:
            if p.role == "adult":
                self.life_of_adult(p, settled, limit, basis, municipality)
        if move_date is not None and move_date <= self.today:  # "move" and "part" have a date
            from .followup_demo import work_through
            work_through(self.ctx, hid, move_date)  # the plan's history up to the move
        if kind == "move" and move_date is not None and move_date <= self.today:
            people.record_moving_away(self.ctx, household_id=hid, date=move_date,
                                      moved_to=self.rng.choice(["Oslo", "Drammen", "Bergen", "Hønefoss", "Lillestrøm",
                                                                "Kristiansand", "Trondheim"]),
                                      reason=self.rng.choices(list(("work_elsewhere", "own_community", "climate",
                                                                    "rent")), weights=(5, 3, 2, 2))[0])
        elif kind == "part":
            young = [p.id for p in person_rows
                     if p.role == "adult" and p.birth_date and age_on(p.birth_date, settled) < 21][:movers]
            people.record_moving_away(self.ctx, household_id=hid, date=move_date, person_ids=young,
                                      moved_to=self.rng.choice(["Oslo", "Bergen", "Trondheim"]),
                                      reason="work_elsewhere")
        return hid

    def life_of_adult(self, p: Person, settled: dt.date, limit: dt.date, basis: str, municipality: str) -> None:
        rng = self.rng
        start = settled + dt.timedelta(days=rng.randint(20, 60))
        if start >= limit:
            return
        takes_programme = basis != "collective" or rng.random() < 0.75
        if takes_programme:
            # chapter 6A programmes normally last 6–12 months; the draw is the same either way (same stream)
            planned_end = add_months(start, rng.choice([6, 9, 12] if basis == "collective" else [12, 18, 24]))
            elig = introduction.eligibility_of(p)
            if elig is not None and elig.programme != NONE:
                # the decision before the start (§ 12); the end and its result come in intro_demo
                introduction.start_programme(self.ctx, person_id=p.id, start_date=start,
                                             planned_end_date=planned_end,
                                             decision_date=max(settled, start - dt.timedelta(days=10)),
                                             sole_carer=_sole_carer(p), lives_with_parents=_lives_with_parents(p))
                people.add_status(self.ctx, person_id=p.id, status="intro", start_date=start)
            else:  # 17 on settlement: the combination programme at Gol upper secondary school
                people.add_status(self.ctx, person_id=p.id, status="education", start_date=start,
                                  note="Kombinasjonsprogrammet, Gol vgs.")  # i18n: data
            next_start = planned_end + dt.timedelta(days=1)
        else:
            next_start = start
        if settled.year >= 2021:
            self.maybe_placement(p, settled, limit, municipality)
        while next_start < limit:
            status = rng.choices(["work_permanent", "work_temporary", "education", "work_education", "jobseeker",
                                  "outside"], weights=(32, 24, 14, 6, 14, 10))[0]
            people.add_status(self.ctx, person_id=p.id, status=status, start_date=next_start)
            if status in ("work_permanent", "education", "work_education"):
                break
            next_start = add_months(next_start, rng.choice([5, 7, 12]))

    def maybe_placement(self, p: Person, settled: dt.date, limit: dt.date, municipality: str) -> None:
        rng = self.rng
        if rng.random() > 0.6:
            return
        start = add_months(settled, rng.randint(5, 12))
        if start >= limit - dt.timedelta(days=30):
            return
        end = add_months(start, rng.choice([3, 4, 6]))
        if end > limit and limit < self.today:
            end = limit - dt.timedelta(days=1)
        wid = rng.choice(self.workplaces[municipality])
        wp = Workplace.get_by_id(wid)
        kind = rng.choices(["language", "work", "wage_subsidy", "mentor", "temporary"], weights=(5, 5, 2, 1, 1))[0]
        ch = placements.start_placement(self.ctx, person_id=p.id, workplace_id=wid, type=kind, start_date=start,
                                        end_date=end, hours_per_week=rng.choice([15, 20, 22.5, 25, 30]),
                                        supervisor_name=wp.contact_name.split(" ", 1)[-1],
                                        nav_measure="Arbeidstrening" if kind == "work" else "")
        pid = ch.first_created("placement")
        self.summary.placements += 1
        mid = start + (end - start) / 2
        if mid < self.today:
            placements.add_evaluation(self.ctx, placement_id=pid, date=mid, evaluator="Programrådgiver",
                                      rating=rng.randint(3, 5),
                                      text_=rng.choice(["Møter presis og viser stor interesse for arbeidet.",
                                                        "Godt samarbeid med kollegaer; språket er i rask utvikling.",
                                                        "Trenger mer støtte med norsk fagspråk, ellers godt i gang.",
                                                        "Arbeidsleder ønsker å forlenge praksisen."]))
        if end < self.today:
            outcome = rng.choices(["permanent_job", "temporary_job", "education", "ended_no_job", "aborted"],
                                  weights=(3, 4, 2, 4, 1))[0]
            placements.end_placement(self.ctx, placement_id=pid, end_date=end, outcome=outcome)

    def school_quota(self, members: list[dict], settled: dt.date, moved: dt.date | None) -> None:
        """Keep 8 school-age children in Hemsedal during 2024/25 (the seed); the others of those
        households are made upper-secondary age (16–17) or, in families settled from 2022, kindergarten
        age. No random draws: the rest of the data set stays as it was."""
        first, last = SCHOOL_YEAR
        if settled > last or (moved is not None and moved < first):
            return
        for m in members:
            if m["role"] != "child" or not _school_age_2024(m["birth_date"]):
                continue
            if self.pupils < PUPILS_2024_25:
                self.pupils += 1
                continue
            birth = m["birth_date"]
            year = 2019 + birth.year % 3 if settled.year >= 2022 and birth.year >= 2013 else 2007 + birth.year % 2
            m["birth_date"] = _shift_year(birth, year)
            if m.get("national_id"):
                m["national_id"] = self.ids.national_id(m["birth_date"])

    def births(self) -> None:
        """Two children born in Norway (not refugees in the statistics)."""
        for year_index, born in (((2023, 1), dt.date(2024, 5, 10)), ((2022, 7), dt.date(2025, 10, 2))):
            hh = self.household_ids.get(("hemsedal",) + year_index)
            if hh is None:
                continue
            first = Person.select().where(Person.household == hh).first()
            people.add_person(self.ctx, household_id=hh, person=dict(
                first_name="Emma" if year_index[0] == 2023 else "Nora", last_name=first.last_name, role="child",
                gender="F", birth_date=born, arrival_date=born, born_in_norway=True, country=first.country,
                languages=first.languages, national_id=self.ids.national_id(born)))

    def current_placements(self) -> None:
        """Ongoing placements for adults in their first years, as the service has them today.

        Uses its own random stream, so the rest of the data set (and its figures)
        stays exactly as it was.
        """
        rng = random.Random(SEED + 1)
        since = self.today - dt.timedelta(days=3 * 365)
        candidates = (Person.select().join(Household)
                      .where((Person.role == "adult") & Person.moved_out_date.is_null() &
                             (Household.settlement_date >= since) & (Household.settlement_date < self.today))
                      .order_by(Person.id))
        busy = {pl.person_id for pl in Placement.select(Placement.person).where(Placement.ended == False)}  # noqa: E712
        chosen = [p for p in candidates if p.id not in busy and rng.random() < 0.3][:9]
        for p in chosen:
            municipality = p.household.municipality.code
            wid = rng.choice(self.workplaces[municipality])
            wp = Workplace.get_by_id(wid)
            start = self.today - dt.timedelta(days=rng.randint(20, 120))
            settled = p.household.settlement_date
            if settled is None:  # (the candidates are settled households)
                continue
            start = max(start, settled + dt.timedelta(days=60))
            if start >= self.today:
                continue
            kind = rng.choice(["language", "work", "work", "wage_subsidy"])
            placements.start_placement(self.ctx, person_id=p.id, workplace_id=wid, type=kind, start_date=start,
                                       end_date=add_months(start, rng.choice([4, 6, 9])),
                                       hours_per_week=rng.choice([15, 20, 25, 30]),
                                       supervisor_name=wp.contact_name.split(" ", 1)[-1],
                                       nav_measure="Arbeidstrening" if kind == "work" else "")
            self.summary.placements += 1

    def run(self) -> DemoSummary:
        self.progress(_("Municipalities and users"))
        setup.ensure_municipalities(self.ctx)
        for username, name, role, title in (
                ("admin", "Siri Administrator", "admin", "Systemansvarlig"),
                ("programradgiver", "Kari Nordby", "officer", "Programrådgiver"),
                ("bolig", "Ola Haugen", "housing", "Boligkonsulent")):
            if not User.select().where(User.username == username).exists():
                accounts.create_user(self.ctx, username=username, full_name=name, role=role, title=title,
                                     password="demo-passord", phone="32 05 50 00",
                                     email=f"{username}@hemsedal.kommune.no")
                self.summary.users.append(username)
        self.progress(_("Dwellings and workplaces"))
        pools = self.units()
        self.create_workplaces()
        private_specs = list(plan.PRIVATE_UNITS)
        self.household_ids: dict[tuple[str, int, int], int] = {}
        jobs = []
        for municipality, table in (("hemsedal", plan.HEMSEDAL_PLAN), ("gol", plan.GOL_PLAN)):
            for year, rows in table.items():
                for index, (country, size, fate) in enumerate(rows):
                    jobs.append((_settlement_date(year, index), municipality, year, index, country, size, fate))
        jobs.sort()
        march_2025 = dt.date(2025, 3, 15)
        private_free: list[UnitId] = []  # private units whose household moved away
        for settled, municipality, year, index, country, size, fate in jobs:
            self.progress(_("Households settled in {year}").format(year=year))
            kind, _detail, move_date = _parse_fate(fate)
            if (municipality, year, index) == plan.LATE_MOVE[:3]:
                kind, move_date = "move", dt.date.fromisoformat(plan.LATE_MOVE[3])
            end = move_date if kind == "move" else None
            unit_id: UnitId | None = None
            if year >= 2020:
                if municipality == "gol":
                    unit_id = self.free_unit(pools["gol_municipal"], settled, end)
                else:
                    resident_in_march = settled <= march_2025 and (end is None or end >= march_2025)
                    municipal_resident = (year, index) in {(2020, 0), (2021, 0), (2024, 3), (2024, 4), (2025, 0),
                                                           (2025, 1)}
                    if resident_in_march and not municipal_resident and private_specs:
                        unit_id = None  # private: created below with its lease
                    elif resident_in_march or settled > march_2025:
                        unit_id = self.free_unit(pools["hemsedal_municipal"], settled, end)
                        if settled > march_2025 and private_free:
                            freed = self.free_unit(private_free, settled, end)
                            unit_id = freed or unit_id
                    else:
                        unit_id = self.free_unit(pools["hemsedal_municipal"][6:], settled, end)
                    if resident_in_march and not municipal_resident and private_specs:
                        unit_id = self.private_unit(private_specs.pop(0), settled)
                        if end is not None:
                            private_free.append(unit_id)
            hid = self.household(municipality, year, index, country, size, fate, unit_id)
            self.household_ids[(municipality, year, index)] = hid
        self.progress(_("Births"))
        self.births()
        self.progress(_("Ongoing placements"))
        self.current_placements()
        self.progress(_("Introduction programmes"))
        from .intro_demo import fill_intro_demo
        fill_intro_demo(self.ctx)
        self.progress(_("Follow-up plans and housing inspections"))
        from .followup_demo import fill_followup_demo
        fill_followup_demo(self.ctx)
        from .lettings_demo import let_to_others_demo
        let_to_others_demo(self.ctx)  # the units not let to refugees in March 2025 were let to others (seed)
        self.summary.persons = Person.select().count()
        return self.summary


def fill_demo_data(ctx: Context, progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Fill an empty database with the demo data set; refuses a database that has households."""
    if Household.select().exists() or HousingUnit.select().exists() or Landlord.select().exists():
        from ..errors import ValidationError
        raise ValidationError(_("The database already has data. Demo data can only be added to an empty database."))
    with ctx.db.atomic():  # all or nothing, and one commit instead of one per service call (~10 % of the build)
        return _Builder(ctx, progress).run()
