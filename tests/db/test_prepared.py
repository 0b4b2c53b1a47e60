"""Prepared SQL (``models.prepared``) reads and writes exactly what peewee's own statements do.

``BaseModel.get_by_id``/``get`` by primary key, ``save`` of a new row and the versioned ``save`` of an
existing one skip peewee's SQL building; each test here compares with peewee's path on the same rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import Model

from hemsedal_integrering.errors import StaleRecord
from hemsedal_integrering.models import FollowUpItem, Household, Person
from hemsedal_integrering.models import prepared
from hemsedal_integrering.models.versioning import expect_versions
from hemsedal_integrering.services import people

pytestmark = pytest.mark.both_backends

D = dt.date


def household(ctx) -> int:
    return people.register_household(ctx, municipality="gol", name="Familien Prøve", legal_basis="asylum",
                                      settlement_date=D(2026, 3, 1), members=[
                                          dict(first_name="Åse", last_name="Prøve", role="adult",
                                               birth_date=D(1980, 2, 29), national_id="", country="SY"),
                                          dict(first_name="Ola", last_name="Prøve", role="child",
                                               birth_date=D(2016, 5, 1), born_in_norway=True)],
                                      ).first_created("household")


def peewee_get(model: type[Model], pk):
    """Peewee's own ``Model.get(Model.id == pk)``."""
    return Model.get.__func__(model, model._meta.primary_key == pk)  # type: ignore[attr-defined]


def test_a_row_by_id_is_the_row_peewee_reads(ctx):
    # given a household with members and a plan
    hid = household(ctx)
    for model, pk in [(Household, hid), *((Person, p.id) for p in Person.select(Person.id)),
                      *((FollowUpItem, i.id) for i in FollowUpItem.select(FollowUpItem.id).limit(5))]:
        # when a row is read by id (get_by_id, get(Model.id == x), get(x)), then it is peewee's row, field by field
        ours = [model.get_by_id(pk), model.get(model.id == pk), model.get(pk), model.get_or_none(model.id == pk)]
        theirs = peewee_get(model, pk)
        for row in ours:
            assert type(row) is model and row.__data__ == theirs.__data__ and not row.is_dirty()


def test_a_missing_id_raises_does_not_exist(ctx):
    with pytest.raises(Household.DoesNotExist):
        Household.get_by_id(987654)
    assert Household.get_or_none(Household.id == 987654) is None
    with pytest.raises(Household.DoesNotExist):
        Household.get_by_id(None)


def test_a_foreign_key_loads_its_row(ctx):
    hid = household(ctx)
    person = Person.select().where(Person.household == hid).first()
    assert person.household.id == hid and person.household.name == "Familien Prøve"


def test_a_new_row_is_stored_as_peewees_insert_stores_it(ctx):
    # given the same values saved through the prepared insert and through peewee's own Model.save
    hid = household(ctx)
    values = dict(household=hid, first_name="Nadia", last_name="Æsop", role="adult", birth_date=D(1990, 12, 31),
                  born_in_norway=False, unaccompanied_minor=True, languages="ar,en", national_id=None)
    ours = Person(**values)
    ours.save()
    theirs = Person(**values)
    Model.save(theirs, force_insert=True)  # peewee's INSERT
    # then both got new ids, nothing is left dirty, and the stored rows are the same but for id and time
    assert ours.id and theirs.id and ours.id != theirs.id and not ours.is_dirty()
    columns = [f.column_name for f in Person._meta.sorted_fields if f.name not in ("id", "created_at")]
    select = f"SELECT {', '.join(columns)} FROM person WHERE id = {ctx.db.param}"
    assert ctx.db.execute_sql(select, (ours.id,)).fetchone() == ctx.db.execute_sql(select, (theirs.id,)).fetchone()


def test_a_versioned_save_is_peewees_update_and_still_refuses_a_stale_row(ctx):
    hid = household(ctx)
    row = Household.get_by_id(hid)
    row.name, row.contact_phone, row.settlement_date = "Familien Ny", "+47 400 00 000", D(2026, 4, 1)
    assert row.save() == 1 and row.row_version == 2
    again = Household.get_by_id(hid)
    assert (again.name, again.contact_phone, again.settlement_date, again.row_version) == (
        "Familien Ny", "+47 400 00 000", D(2026, 4, 1), 2)
    # a second save of the same shape runs the prepared text
    again.notes = "merknad"
    assert again.save() == 1 and Household.get_by_id(hid).notes == "merknad"
    # a form that loaded version 1 is refused
    old = Household.get_by_id(hid)
    old.name = "Gammel"
    with expect_versions({("household", hid): 1}), pytest.raises(StaleRecord):
        old.save()
    assert Household.get_by_id(hid).name == "Familien Ny"


def test_the_prepared_update_text_is_peewees(ctx):
    hid = household(ctx)
    row = Household.get_by_id(hid)
    data = {Household.name: "X", Household.notes: "Y", Household.row_version: row.row_version + 1}
    prepared._cache.pop(prepared._key("update", Household, tuple(f.name for f in data)), None)
    assert prepared.update_where_version(Household, data, hid, row.row_version) == 1  # built by peewee, checked
    assert prepared._cache[prepared._key("update", Household, tuple(f.name for f in data))] is not None
    data = {Household.name: "Z", Household.notes: "W", Household.row_version: row.row_version + 2}
    assert prepared.update_where_version(Household, data, hid, row.row_version + 1) == 1  # prepared
    assert prepared.update_where_version(Household, data, hid, row.row_version) == 0  # stale: no row
    assert (Household.get_by_id(hid).name, Household.get_by_id(hid).notes) == ("Z", "W")
