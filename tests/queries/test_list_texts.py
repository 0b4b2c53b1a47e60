"""The big lists' search texts read with their sorted ids (``lists.query_ids_and_texts``) on a
file and, with HEMSEDAL_TEST_CTX=postgresql, on the server: the same ids in the same order as
the list query, each text holding the fields the index holds, folded to lower case."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.queries import lists, text_search
from hemsedal_integrering.services import people


@pytest.mark.parametrize("spec", [lists.PERSONS, lists.HOUSEHOLDS], ids=["persons", "households"])
def test_ids_and_texts_on_either_database(ctx, spec):
    for first in ("Ørjan", "Åse", "Ali"):
        people.register_household(ctx, municipality="hemsedal", name=f"Familien {first}", legal_basis="asylum",
                                  settlement_date=dt.date(2025, 1, 5),
                                  members=[dict(first_name=first, last_name="Haddad", role="adult",
                                                birth_date=dt.date(1990, 1, 1)),
                                           dict(first_name="Selam", last_name="Tesfay", role="child",
                                                birth_date=dt.date(2015, 1, 1))])
    for sort, descending in ((None, False), ("name", True)):
        ids, texts = lists.query_ids_and_texts(ctx.db, spec, filters={}, sort=sort, descending=descending,
                                               today=ctx.today())
        assert ids == lists.query_ids(ctx.db, spec, sort=sort, descending=descending, today=ctx.today())
        index = text_search.search_index(ctx.db, spec)
        assert [sorted(t.split("\x1e")) for t in texts] == [sorted(index.get(i).split("\x1e")) for i in ids]
        assert any("ørjan" in t for t in texts) and all(t == t.lower() for t in texts)
