"""The list model's search as you type: whichever way a keystroke is answered (match
mask over the whole list, id lookups within an earlier result, remembered text), the
rows are those the SQL query gives, in the list's order."""

from __future__ import annotations

import pytest

from hemsedal_integrering.queries import lists
from hemsedal_integrering.ui import list_model
from hemsedal_integrering.ui.list_model import Column, SqlListModel


def _model(ctx):
    return SqlListModel(ctx.db, lists.PERSONS, [Column("name", "Navn")], ctx.today)


@pytest.mark.parametrize("within_limit", [0, 5, 100_000])
def test_typing_and_backspace_show_what_the_query_finds_in_list_order(demo_ctx, qapp, monkeypatch, within_limit):
    # given the person list of active persons sorted by name, narrowing by id lookups never/sometimes/always
    monkeypatch.setattr(list_model, "WITHIN_LIMIT", within_limit)
    model = _model(demo_ctx)
    model.set_query(filters={"state": "active"})
    texts = ["a", "a ", "a h", "a ha", "a h", "a", "", "1", "12", "e", "er", "zz", "z", "  s  "]
    for text in texts:
        # when the search box holds ``text``
        model.set_query(search=text)
        # then the rows are exactly the query's, in its order
        expected = lists.query_ids(demo_ctx.db, lists.PERSONS, search=text, filters={"state": "active"},
                                   sort="name", today=demo_ctx.today())
        assert model.ids == expected, text
        assert model.rowCount() == len(expected)


def test_a_stale_base_falls_back_to_an_id_set(demo_ctx, qapp):
    # given a list whose remembered base lost a row (as if another program added one)
    model = _model(demo_ctx)
    model.set_query(filters={})
    model._base = model._base[1:]
    model._pick = list_model._mask_picker(model._base)
    # when searching, then the mask (one bit too many) is not used and the result is still right
    model.set_query(search="a")
    expected = [i for i in model._base
                if i in set(lists.query_ids(demo_ctx.db, lists.PERSONS, search="a", today=demo_ctx.today()))]
    assert model.ids == expected
