"""person.search_text (schema 2): the person list's search over one trigger-kept column
finds exactly the persons the field-by-field rule finds, and stays in step with edits."""

from __future__ import annotations

import random

from hemsedal_integrering.models import Household, HousingUnit, Person
from hemsedal_integrering.queries import lists
from hemsedal_integrering.services import housing, people

# The rule as it was written before schema 2: every term matches one of the fields.
_FIELD_BY_FIELD = (
    "p.first_name LIKE :t ESCAPE '\\' OR p.last_name LIKE :t ESCAPE '\\' OR p.national_id LIKE :t ESCAPE '\\' "
    "OR p.duf_number LIKE :t ESCAPE '\\' OR p.phone LIKE :t ESCAPE '\\' "
    "OR p.household_id IN (SELECT hh.id FROM household hh WHERE hh.name LIKE :t ESCAPE '\\' "
    "OR hh.address_note LIKE :t ESCAPE '\\' OR hh.contact_phone LIKE :t ESCAPE '\\') "
    "OR p.household_id IN (SELECT t.household_id FROM tenancy t JOIN housing_unit u ON u.id = t.unit_id "
    "WHERE t.end_date IS NULL AND (u.address || ' ' || u.postal_code || ' ' || u.place) LIKE :t ESCAPE '\\')")


def _reference(db, search: str) -> set[int]:
    ids: set[int] | None = None
    for term in search.split():
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = {r[0] for r in db.execute_sql(f"SELECT p.id FROM person p WHERE {_FIELD_BY_FIELD}",
                                              {"t": pattern}).fetchall()}
        ids = found if ids is None else ids & found
    return ids or set()


def _search(ctx, search: str) -> set[int]:
    return set(lists.query_ids(ctx.db, lists.PERSONS, search=search, today=ctx.today()))


def _terms(ctx) -> list[str]:
    """Single characters, and pieces of every searched field of the demo data."""
    rng = random.Random(7)
    values: list[str] = []
    for p in Person.select():
        values += [p.first_name, p.last_name, p.national_id or "", p.duf_number or "", p.phone]
    for h in Household.select():
        values += [h.name, h.address_note, h.contact_phone]
    for u in HousingUnit.select():
        values += [u.address, u.postal_code, u.place]
    pieces = set("aeiouhlnrst0123456789øå%_")
    for value in rng.sample([v for v in values if v], 150):
        word = rng.choice(value.split())
        start = rng.randrange(len(word))
        pieces.add(word[start:start + rng.randint(1, 6)])
    return sorted(pieces)


def test_search_text_finds_the_same_persons_as_the_field_by_field_rule(demo_ctx):
    # given the demo data; when every term is searched alone, with upper case and in pairs
    terms = _terms(demo_ctx)
    assert Person.select().count() > 50
    for term in terms:
        assert _search(demo_ctx, term) == _reference(demo_ctx.db, term), term
        assert _search(demo_ctx, term.upper()) == _reference(demo_ctx.db, term.upper()), term
    for a, b in zip(terms, reversed(terms), strict=True):
        assert _search(demo_ctx, f"{a} {b}") == _reference(demo_ctx.db, f"{a} {b}"), (a, b)


def test_match_mask_has_one_bit_per_filtered_row_in_id_order(demo_ctx):
    filters = {"state": "active"}
    all_ids = sorted(lists.query_ids(demo_ctx.db, lists.PERSONS, filters=filters, today=demo_ctx.today()))
    for search in ("a", "ha", "1", "zzzz", "a e"):
        mask = lists.match_mask(demo_ctx.db, lists.PERSONS, search=search, filters=filters, today=demo_ctx.today())
        assert len(mask) == len(all_ids)
        picked = [i for i, bit in zip(all_ids, mask, strict=True) if bit == "1"]
        assert picked == sorted(lists.query_ids(demo_ctx.db, lists.PERSONS, search=search, filters=filters,
                                                today=demo_ctx.today()))


def _household(ctx, name: str, **kw) -> int:
    return people.register_household(ctx, municipality="hemsedal", name=f"Familien {name}", legal_basis="asylum",
                                     settlement_date="2024-03-01",
                                     members=[{"first_name": "Ola", "last_name": name, "role": "adult"}],
                                     **kw).first_created("household")


def test_edits_of_person_household_tenancy_and_unit_reach_the_search(ctx):
    # given a household living in a unit
    hid = _household(ctx, "Berhane", contact_phone="47 11 22 33")
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Skogstad 4", postal_code="3560", place="Hemsedal",
                               ownership="municipal").first_created("housing_unit")
    tenancy = housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2024-03-01").first_created("tenancy")
    pid = Person.get(Person.household == hid).id
    assert _search(ctx, "skogstad 3560") == {pid}
    assert _search(ctx, "47") == {pid}
    # when the person, the household and the unit change, then the search follows
    people.update_person(ctx, person_id=pid, first_name="Yohannes", phone="99 88 77 66")
    assert _search(ctx, "yohannes 88") == {pid}
    assert _search(ctx, "ola") == set()
    people.update_household(ctx, household_id=hid, address_note="Ringeklokke virker ikke", contact_phone="")
    assert _search(ctx, "ringeklokke") == {pid}
    assert _search(ctx, "47") == set()
    housing.update_unit(ctx, unit_id=unit, address="Skogstadvegen 4")
    assert _search(ctx, "skogstadvegen") == {pid}
    # a second person gets the household's text at once
    people.add_person(ctx, household_id=hid, person={"first_name": "Mehret", "last_name": "Berhane",
                                                      "role": "child"})
    assert len(_search(ctx, "ringeklokke skogstadvegen")) == 2
    # moving out ends the address, not the rest
    housing.move_out(ctx, tenancy_id=tenancy, end_date="2026-01-31")
    assert _search(ctx, "skogstadvegen") == set()
    assert len(_search(ctx, "ringeklokke")) == 2
    # the column always equals what the source view computes
    assert ctx.db.execute_sql("SELECT COUNT(*) FROM person p JOIN person_search_source s ON s.id = p.id "
                              "WHERE p.search_text <> s.text").fetchone()[0] == 0
