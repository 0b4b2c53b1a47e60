"""The pickers' find-as-you-type: a few best matches in SQL, only records the form may offer."""

from __future__ import annotations

import pytest

from hemsedal_integrering.models import HousingUnit, Person
from hemsedal_integrering.queries import pickers
from hemsedal_integrering.rules.identity import make_synthetic_number
from hemsedal_integrering.services import housing, people, placements


def _fnr(day: int, month: int, year: int) -> str:
    return next(n for n in (make_synthetic_number(day, month, year, i) for i in range(100, 999)) if n)


def _household(ctx, name: str, members=None) -> int:
    members = members or [{"first_name": "Ola", "last_name": name, "role": "adult"}]
    return people.register_household(ctx, municipality="hemsedal", name=f"Familien {name}", legal_basis="asylum",
                                     settlement_date="2024-03-01", members=members).first_created("household")


def test_persons_are_found_by_name_parts_and_identity_number_adults_here_only(ctx):
    # given a household of an adult with an identity number, a child, and an adult who moved away
    fnr = _fnr(12, 3, 1985)
    _household(ctx, "Haddad", members=[
        {"first_name": "Biniam", "last_name": "Haddad", "national_id": fnr, "birth_date": "1985-03-12"},
        {"first_name": "Bina", "last_name": "Haddad", "role": "child"},
        {"first_name": "Bilal", "last_name": "Haddad"}])
    bilal = Person.get(Person.first_name == "Bilal")
    Person.update(moved_out_date="2026-01-01").where(Person.id == bilal.id).execute()  # moved away
    _household(ctx, "Ilunga", members=[{"first_name": "Biniam", "last_name": "Ilunga"}])
    biniam = Person.get(Person.last_name == "Haddad", Person.first_name == "Biniam").id
    # when / then: every term must match; the typed label "Haddad, Bin" finds itself
    found = pickers.find(ctx.db, pickers.PLACEMENT_PERSONS, "haddad, bin")
    assert found == [(biniam, "Haddad, Biniam (f. 12.03.1985)")]
    assert [i for i, _ in pickers.find(ctx.db, pickers.PLACEMENT_PERSONS, fnr[:6])] == [biniam]
    # the child and the one who moved away are never offered
    assert {label.split(" (")[0] for _, label in pickers.find(ctx.db, pickers.PLACEMENT_PERSONS, "bi")} == {
        "Haddad, Biniam", "Ilunga, Biniam"}
    # a label starting with the term comes first
    assert pickers.find(ctx.db, pickers.PLACEMENT_PERSONS, "ilu")[0][1] == "Ilunga, Biniam"
    assert pickers.find(ctx.db, pickers.PLACEMENT_PERSONS, "%") == []


def test_at_most_limit_matches_and_empty_text_gives_the_first_by_label(ctx):
    for n in range(30):
        _household(ctx, f"Navn{n:02d}")
    assert len(pickers.find(ctx.db, pickers.HOUSEHOLDS_HERE, "familien")) == 20
    first = pickers.find(ctx.db, pickers.HOUSEHOLDS_HERE, "", limit=3)
    assert [label.split(" (")[0] for _, label in first] == ["Familien Navn00", "Familien Navn01", "Familien Navn02"]


def test_units_and_workplaces_are_found_by_address_and_employer_active_only(ctx):
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", place="Ulsåk",
                               ownership="municipal").first_created("housing_unit")
    old = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 6",
                              ownership="municipal").first_created("housing_unit")
    HousingUnit.update(active=False).where(HousingUnit.id == old).execute()
    assert pickers.find(ctx.db, pickers.ACTIVE_UNITS, "ulsåk") == [(unit, "Ulsåkvegen 4, Ulsåk")]
    wp = placements.create_workplace(ctx, employer="Hemsedal kommune", department="Skulen",
                                     is_municipal=True, municipality="hemsedal",
                                     sector="education").first_created("workplace")
    assert pickers.find(ctx.db, pickers.ACTIVE_WORKPLACES, "skulen") == [(wp, "Hemsedal kommune, Skulen")]
    # a preset choice is labelled whether or not the picker would offer it
    assert pickers.label_of(ctx.db, pickers.ACTIVE_UNITS, old) == "Ulsåkvegen 6"
    assert pickers.label_of(ctx.db, pickers.ACTIVE_UNITS, 9999) is None


def test_the_in_memory_person_picker_finds_what_sql_finds_in_the_same_order(demo_ctx):
    # given the placement picker's records read into memory
    index = pickers.PickerIndex(demo_ctx.db, pickers.PLACEMENT_PERSONS)
    assert len(index.ids) > 20
    name = index.labels[len(index.labels) // 2].split(" (")[0]  # "Haddad, Ahmad"
    # then every search gives the records and the order the SQL search gives
    for text in ["", "a", "h", "ha", "A", "e a", name, name.replace(",", ""), "0", "2025", "zzz", "  "]:
        for limit in (3, 20, 1000):
            assert index.find(text, limit=limit) == pickers.find(demo_ctx.db, pickers.PLACEMENT_PERSONS, text,
                                                                 limit=limit), (text, limit)
    # and a name typed back finds that person first
    assert index.find(name)[0][1].startswith(name)


def test_a_picker_without_an_index_text_cannot_be_read_into_memory(demo_ctx):
    with pytest.raises(ValueError):
        pickers.PickerIndex(demo_ctx.db, pickers.ACTIVE_UNITS)
