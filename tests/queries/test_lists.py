"""The list queries: search, filter, sort and count run in SQL."""

from __future__ import annotations


from hemsedal_integrering.queries import lists, overview, placement_lists
from hemsedal_integrering.rules.identity import make_synthetic_number
from hemsedal_integrering.services import housing, people, placements


def _fnr(day: int, month: int, year: int) -> str:
    for individual in range(100, 999):
        number = make_synthetic_number(day, month, year, individual)
        if number:
            return number
    raise AssertionError


def _household(ctx, name: str, municipality: str = "hemsedal", settled: str = "2024-03-01",
               basis: str = "asylum", members=None) -> int:
    members = members or [{"first_name": "Ola", "last_name": name, "role": "adult"}]
    changes = people.register_household(ctx, municipality=municipality, name=f"Familien {name}",
                                        legal_basis=basis, settlement_date=settled, members=members)
    return changes.first_created("household")


def _ids(ctx, **kw):
    return lists.query_ids(ctx.db, lists.PERSONS, today=ctx.today(), **kw)


def test_search_matches_every_term_in_name_identity_number_and_phone(ctx):
    # given two households, one with an identity number and a phone
    fnr = _fnr(12, 3, 1985)
    _household(ctx, "Haddad", members=[{"first_name": "Ali", "last_name": "Haddad", "national_id": fnr,
                                         "phone": "912 34 567"},
                                        {"first_name": "Sara", "last_name": "Haddad"}])
    _household(ctx, "Ilunga", members=[{"first_name": "Ali", "last_name": "Ilunga"}])
    # when / then: every term must match some field
    assert len(_ids(ctx, search="ali")) == 2
    assert len(_ids(ctx, search="ali haddad")) == 1
    assert len(_ids(ctx, search=fnr[:6])) == 1
    assert len(_ids(ctx, search="912 34")) == 1
    assert _ids(ctx, search="nobody") == []
    # LIKE wildcards typed by the user are literal
    assert _ids(ctx, search="%") == []


def test_search_finds_persons_by_the_address_they_live_at(ctx):
    hid = _household(ctx, "Tesfaye")
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Trøimsvegen 99", place="Trøim",
                               ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2024-03-01")
    _household(ctx, "Other")
    assert len(_ids(ctx, search="trøimsvegen 99")) == 1


def test_filters_municipality_state_year_and_legal_basis(ctx):
    _household(ctx, "Gol1", municipality="gol", settled="2022-05-01", basis="collective")
    hid = _household(ctx, "Hem1", settled="2019-05-01")
    _household(ctx, "Hem2", settled="2025-01-10", basis="family")
    people.record_moving_away(ctx, household_id=hid, date="2023-01-01", moved_to="Oslo", reason="work_elsewhere")
    assert len(_ids(ctx, filters={"municipality": "gol"})) == 1
    assert len(_ids(ctx, filters={"state": "active"})) == 2
    assert len(_ids(ctx, filters={"state": "moved"})) == 1
    assert len(_ids(ctx, filters={"year": 2025})) == 1
    assert len(_ids(ctx, filters={"legal_basis": "collective"})) == 1
    assert len(_ids(ctx, filters={"municipality": "hemsedal", "state": "active"})) == 1
    assert lists.count(ctx.db, lists.PERSONS, filters={"state": "active"}, today=ctx.today()) == 2
    assert lists.settlement_years(ctx.db) == [2025, 2022, 2019]


def test_followed_means_settled_within_five_years_and_not_moved(ctx):
    _household(ctx, "Old", settled="2020-01-01")  # more than five years before 23.11.2026
    _household(ctx, "New", settled="2022-01-01")
    assert len(_ids(ctx, filters={"state": "followed"})) == 1


def test_sort_by_column_both_directions_with_ties_by_id(ctx):
    _household(ctx, "Berg", members=[{"first_name": "B", "last_name": "Berg", "birth_date": "1990-01-01"}])
    _household(ctx, "Aas", members=[{"first_name": "A", "last_name": "Aas", "birth_date": "1980-01-01"}])
    _household(ctx, "Dahl", members=[{"first_name": "D", "last_name": "Dahl", "birth_date": "2000-01-01"}])
    names = lambda ids: [r["name"] for r in map(lists.fetch_rows(ctx.db, lists.PERSONS, ids).get, ids)]  # noqa: E731
    assert names(_ids(ctx)) == ["Aas, A", "Berg, B", "Dahl, D"]
    assert names(_ids(ctx, sort="birth_date", descending=True)) == ["Dahl, D", "Berg, B", "Aas, A"]


def test_units_occupancy_filter_and_leases_ending_soon(ctx):
    hid = _household(ctx, "Bo")
    u1 = housing.create_unit(ctx, municipality="hemsedal", address="A-vegen 1", ownership="municipal") \
        .first_created("housing_unit")
    housing.create_unit(ctx, municipality="gol", address="B-vegen 2", ownership="municipal")
    priv = housing.create_unit(ctx, municipality="gol", address="C-vegen 3", ownership="private") \
        .first_created("housing_unit")
    landlord = housing.create_landlord(ctx, name="Kari Utleier").first_created("landlord")
    housing.create_lease(ctx, unit_id=priv, landlord_id=landlord, monthly_rent=10000, start_date="2024-01-01",
                         end_date="2027-01-31")
    housing.move_in(ctx, household_id=hid, unit_id=u1, start_date="2024-03-01")
    units = lambda **f: lists.query_ids(ctx.db, lists.UNITS, filters=f, today=ctx.today())  # noqa: E731
    assert units(occupancy="occupied") == [u1]
    assert len(units(occupancy="vacant")) == 2
    assert len(units(ownership="private")) == 1
    assert len(lists.query_ids(ctx.db, lists.UNITS, search="kari", today=ctx.today())) == 1
    leases = lambda **f: lists.query_ids(ctx.db, lists.LEASES, filters=f, today=ctx.today())  # noqa: E731
    assert len(leases(state="ending")) == 1  # 31.01.2027 is within three months of 23.11.2026
    assert overview.leases_ending_soon(ctx) == 1
    assert overview.units_occupancy(ctx, "municipal") == (1, 2)


def test_placements_and_flyktningeloftet(ctx):
    hid = _household(ctx, "Praksis", settled="2025-01-01")
    from hemsedal_integrering.models import Person
    pid = Person.get(Person.household == hid).id
    school = placements.create_workplace(ctx, employer="Hemsedal kommune", department="Skulen", is_municipal=True,
                                         municipality="hemsedal", sector="education").first_created("workplace")
    placements.create_workplace(ctx, employer="Hemsedal kommune", department="Teknisk", is_municipal=True,
                                municipality="hemsedal", sector="technical")
    placements.start_placement(ctx, person_id=pid, workplace_id=school, type="language",
                               start_date="2026-02-01", hours_per_week="20")
    assert len(lists.query_ids(ctx.db, placement_lists.PLACEMENTS, filters={"state": "active"}, today=ctx.today())) == 1
    assert len(lists.query_ids(ctx.db, placement_lists.PLACEMENTS, search="skulen", today=ctx.today())) == 1
    rows = placement_lists.flyktningeloftet(ctx.db, 2026, ctx.today())
    assert [(r.name, r.placements) for r in rows] == [("Hemsedal kommune, Skulen", 1), ("Hemsedal kommune, Teknisk", 0)]
    assert placement_lists.flyktningeloftet(ctx.db, 2025, ctx.today())[0].placements == 0
    assert overview.active_placements(ctx) == 1


def test_demo_start_page_numbers(demo_ctx):
    cards = overview.all_cards(demo_ctx)
    assert [c.title for c in cards][:3] == ["Følges opp nå", "Forfalte oppgaver", "Kommunale boliger"]
    followed = overview.followed_now(demo_ctx)
    assert {f.municipality for f in followed} == {"Hemsedal", "Gol"}
    from hemsedal_integrering.models import Household, Person
    from hemsedal_integrering.rules.dates import add_months
    today = demo_ctx.today()
    expected = [p for p in Person.select().join(Household) if p.moved_out_date is None
                and p.household.moved_out_date is None and p.household.settlement_date
                and add_months(today, -60) < p.household.settlement_date <= today]
    assert sum(f.persons for f in followed) == len(expected) > 0


def test_households_list_searches_members_filters_and_sorts_in_sql(ctx):
    # given three households: one with an identity number and a home, one in Gol, one that moved away
    fnr = _fnr(12, 3, 1985)
    haddad = _household(ctx, "Haddad", settled="2025-02-01", members=[
        {"first_name": "Ali", "last_name": "Haddad", "national_id": fnr},
        {"first_name": "Sara", "last_name": "Haddad", "role": "child"}])
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Trøimsvegen 99",
                               ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=haddad, unit_id=unit, start_date="2025-02-01")
    gol = _household(ctx, "Ilunga", municipality="gol", settled="2023-06-01", basis="collective")
    moved = _household(ctx, "Berg", settled="2019-05-01")
    people.record_moving_away(ctx, household_id=moved, date="2023-01-01", moved_to="Oslo", reason="work_elsewhere")
    ids = lambda **kw: lists.query_ids(ctx.db, lists.HOUSEHOLDS, today=ctx.today(), **kw)  # noqa: E731
    # when / then: a member's name, identity number or the home's address finds the household
    assert ids(search="ali") == [haddad]
    assert ids(search=fnr[:6]) == [haddad]
    assert ids(search="trøimsvegen") == [haddad]
    assert ids(search="familien ilunga") == [gol]
    # filters
    assert ids(filters={"state": "active"}) == [haddad, gol]
    assert ids(filters={"state": "moved"}) == [moved]
    assert ids(filters={"municipality": "gol"}) == [gol]
    assert ids(filters={"year": 2025}) == [haddad]
    assert ids(filters={"legal_basis": "collective"}) == [gol]
    # sorting by name, settlement date and members
    assert ids() == [moved, haddad, gol]
    assert ids(sort="settled", descending=True) == [haddad, gol, moved]
    assert ids(sort="members", descending=True)[0] == haddad
    # the row shows members, current home and moving-out state
    rows = lists.fetch_rows(ctx.db, lists.HOUSEHOLDS, [haddad, moved])
    assert (rows[haddad]["members"], rows[haddad]["home"], rows[haddad]["moved_out_date"]) == (
        2, "Trøimsvegen 99", None)
    assert rows[haddad]["municipality"] == "Hemsedal kommune" and rows[haddad]["settled"] == "2025-02-01"
    assert rows[moved]["moved_out_date"] == "2023-01-01" and rows[moved]["members"] == 1
