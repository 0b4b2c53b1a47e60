"""The list model's search as you type: whichever way a keystroke is answered (match
mask over the whole list, id lookups within an earlier result, remembered text), the
rows are those the SQL query gives, in the list's order."""

from __future__ import annotations

import dataclasses

import pytest

from hemsedal_integrering.queries import lists, text_search
from hemsedal_integrering.ui import list_model
from hemsedal_integrering.ui.list_model import Column, SqlListModel


#: The person list searched in SQL (LIKE scans, match masks), as small lists are.
PERSONS_IN_SQL = dataclasses.replace(lists.PERSONS, index_sql="")


def _model(ctx, spec=lists.PERSONS):
    return SqlListModel(ctx.db, spec, [Column("name", "Navn")], ctx.today)


@pytest.mark.parametrize("spec,within_limit,narrow_share", [
    (lists.PERSONS, 0, 4), (lists.PERSONS, 0, 1), (lists.PERSONS, 0, 10**9),
    (PERSONS_IN_SQL, 0, 4), (PERSONS_IN_SQL, 5, 4), (PERSONS_IN_SQL, 100_000, 4)])
def test_typing_and_backspace_show_what_the_query_finds_in_list_order(demo_ctx, qapp, monkeypatch, spec,
                                                                       within_limit, narrow_share):
    # given the person list of active persons sorted by name, searched in memory (typing on
    # narrows the earlier matches when small/always/never) or in SQL (narrowing by id
    # lookups never/sometimes/always)
    monkeypatch.setattr(list_model, "WITHIN_LIMIT", within_limit)
    monkeypatch.setattr(list_model, "NARROW_SHARE", narrow_share)
    model = _model(demo_ctx, spec)
    model.set_query(filters={"state": "active"})
    texts = ["a", "a ", "a h", "a ha", "a h", "a", "", "1", "12", "e", "er", "zz", "z", "  s  ",
             "e", "e a", "e a r", "e a", "h", "ha", "had", "ha", "r e", "r e ", "r e n"]
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
    model = _model(demo_ctx, PERSONS_IN_SQL)
    model.set_query(filters={})
    model._base = model._base[1:]
    model._pick = list_model._mask_picker(model._base)
    # when searching, then the mask (one bit too many) is not used and the result is still right
    model.set_query(search="a")
    expected = [i for i in model._base
                if i in set(lists.query_ids(demo_ctx.db, lists.PERSONS, search="a", today=demo_ctx.today()))]
    assert model.ids == expected


@pytest.mark.parametrize("spec", [lists.PERSONS, lists.HOUSEHOLDS], ids=["persons", "households"])
def test_search_in_memory_finds_what_sql_finds(demo_ctx, spec):
    # given every row's search text in memory, and the SQL search on the same list
    index = text_search.search_index(demo_ctx.db, spec)
    ids = lists.query_ids(demo_ctx.db, spec, today=demo_ctx.today())
    texts = [index.get(i) for i in ids]
    # then for names, numbers, addresses and several terms both give the same rows
    first, last = demo_ctx.db.execute_sql("SELECT first_name, last_name FROM person LIMIT 1").fetchone()
    found = {}
    for search in ["a", "HADDAD", "ha dd", "3560", "0", "9", "familien", "vegen 1", f"{last} {first}", "zzz", "e a i"]:
        positions = text_search.match_texts(texts, search)
        memory = ids if positions is None else [ids[k] for k in positions]
        sql = lists.query_ids(demo_ctx.db, spec, search=search, today=demo_ctx.today())
        assert memory == sql, search
        found[search] = len(memory)
    assert found["zzz"] == 0 and 0 < found[f"{last} {first}"] < found["a"]


def test_search_in_memory_folds_norwegian_letters_and_needs_every_term():
    texts = ["øvre bygdevegen 3\x1fåse", "ørjan\x1fhaugen", "kari\x1fnordmann"]
    assert text_search.match_texts(texts, "ØVRE") == [0]
    assert text_search.match_texts(texts, "Å") == [0]
    assert text_search.match_texts(texts, "ør hau") == [1]
    assert text_search.match_texts(texts, "ør nord") == []
    assert text_search.match_texts(texts, "r") is None  # every row: the list stays as it is
    assert text_search.match_texts(texts, "  ") is None


def test_a_renamed_person_is_found_by_the_new_name_after_the_save(demo_ctx, qapp):
    from hemsedal_integrering.models import Person
    from hemsedal_integrering.services import people
    # given the person list, searched once so the texts are in memory
    model = _model(demo_ctx)
    model.set_query(search="a")
    person = Person.select().where(Person.moved_out_date.is_null()).first()
    model.set_query(search="Zebulonsen")
    assert model.ids == []
    # when the person is renamed and the list refreshes after the save (as on_changes does)
    people.update_person(demo_ctx, person_id=person.id, last_name="Zebulonsen")
    model.refresh()
    # then the new name finds the person, the old texts are gone
    assert model.ids == [person.id]


def test_only_the_matches_backspace_can_return_to_are_kept(demo_ctx, qapp):
    """Memory at 300,000 persons: earlier searches' id lists are dropped when a new word is typed."""
    model = _model(demo_ctx)
    for text in ["h", "ha", "had", "ha", "h", "", "a", "al", "ali"]:
        model.set_query(search=text)
    assert set(model._matches) <= {"a", "al", "ali"}
    model.set_query(search="al")
    assert "al" in model._matches


def test_search_texts_are_found_by_id_whatever_the_ids():
    # dense ids with a gap, ids out of order, and ids far apart or negative (a dict then)
    for far in (4, 10**12, -3):
        rows = [(1, "Ørjan"), (2, None), (far, "Åse ÆRE")]
        for order in (rows, rows[::-1]):
            texts = text_search.SearchTexts(iter(order))
            assert len(texts) == 3
            texts.cover(20)
            assert texts.get(1) == "ørjan" and texts.get(far) == "åse ære"
            assert texts.get(3) == "" and texts.get(99) == "" and texts.get(2) == ""
            assert [texts.lookup(i) for i in (1, 3, far)] == ["ørjan", "", "åse ære"]
            # a term is folded like the text
            assert text_search.narrow([1, 3, far], texts.lookup, text_search.terms_of("ÆR")) == [far]
            assert text_search.narrow([1, 3, far], texts.lookup, text_search.terms_of("rj ør")) == [1]


@pytest.mark.parametrize("spec", [lists.PERSONS, lists.HOUSEHOLDS], ids=["persons", "households"])
@pytest.mark.parametrize("filters,sort,descending", [({}, None, False), ({"state": "active"}, "name", True),
                                                     ({"state": "moved"}, "settled", False)])
def test_texts_read_with_the_ids_are_the_index_texts_in_list_order(demo_ctx, spec, filters, sort, descending):
    # given the ids of a list as the list query gives them, and every row's text in the index
    ids = lists.query_ids(demo_ctx.db, spec, filters=filters, sort=sort, descending=descending,
                          today=demo_ctx.today())
    index = text_search.search_index(demo_ctx.db, spec)
    # when ids and texts are read together
    together, texts = lists.query_ids_and_texts(demo_ctx.db, spec, filters=filters, sort=sort,
                                                descending=descending, today=demo_ctx.today())
    # then the ids are the same, in the same order, and each text holds the same fields
    # (a household's members may come in another order)
    assert together == ids and len(texts) == len(ids)
    assert [sorted(t.split("\x1e")) for t in texts] == [sorted(index.get(i).split("\x1e")) for i in ids]
    assert all(t == t.lower() for t in texts)


def _brute(texts, terms):
    return bytes(all(term in t for term in terms) for t in texts)


def test_a_scan_finds_the_rows_holding_every_term():
    texts = [f"øystein\x1fhaddad {i}\x1f{i:05d}" if i % 3 else f"åse\x1ftesfay\x1f{i:05d}" for i in range(400)]
    texts = [t + "\x1fsjelden" if i % 20 == 0 else t for i, t in enumerate(texts)]
    for terms in (["a"], ["0"], ["haddad", "1"], ["åse", "00"], ["a", "0", "9"], ["tesfay", "999"], ["zz", "a"],
                  ["1", "2", "3"], ["ø", "ø"], ["sjelden", "1", "0"], ["sjelden", "2", "zz"]):
        # the longest term leaves few rows (tested one by one) or many (a pass per term)
        assert text_search.scan(texts, terms) == _brute(texts, terms), terms


def test_a_list_edited_in_place_is_searched_with_its_new_texts(demo_ctx, qapp, qtbot):
    from hemsedal_integrering.models import Person
    from hemsedal_integrering.services import people
    # given the person list searched once (texts in memory)
    model = _model(demo_ctx)
    model.set_query(search="a")
    person = Person.select().where(Person.moved_out_date.is_null()).first()
    # when the person is renamed and the list only repaints its rows (as after an edit
    # the list's columns do not show), and the event loop runs
    people.update_person(demo_ctx, person_id=person.id, last_name="Zebulonsen")
    model.refresh_rows({person.id})
    qtbot.waitUntil(lambda: model._texts is not None, timeout=5000)
    # then the new name finds the person
    model.set_query(search="zebulon")
    assert model.ids == [person.id]
