"""The message catalogs: complete, consistent, and really used by the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from hemsedal_integrering.i18n import catalog, tool

from .hardcoded import hardcoded_texts, shadowed_gettext

PACKAGE = Path(catalog.__file__).resolve().parents[1]
#: Made-up demo data (names, addresses, notes) is data, not program text.
NOT_PROGRAM_TEXT = {PACKAGE / "demo"}


def test_every_text_in_the_code_has_a_bokmal_translation():
    problems = tool.check("nb")
    assert problems == [], "\n".join(problems[:40])


def test_no_norwegian_text_is_written_straight_into_the_code():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if any(parent in NOT_PROGRAM_TEXT for parent in path.parents):
            continue
        found += [f"{path.relative_to(PACKAGE)}:{line}: {text!r}" for line, text in hardcoded_texts(path)]
    assert found == [], f"{len(found)} hard-coded texts, e.g.:\n" + "\n".join(found[:40])


def test_no_function_hides_the_catalog_behind_a_local_underscore():
    found = [f"{path.relative_to(PACKAGE)}:{line}: {name}"
             for path in sorted(PACKAGE.rglob("*.py")) for line, name in shadowed_gettext(path)]
    assert found == [], "use another name than _ for the unused value:\n" + "\n".join(found)


def test_shadow_finder_sees_a_loop_variable(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f(xs):\n    for _ in xs:\n        pass\n    return _('Save')\n"
                      "def g(xs):\n    return [_(x) for x in xs]\n", encoding="utf-8")
    assert shadowed_gettext(source) == [(1, "f")]


def test_the_check_finds_what_it_must(tmp_path, monkeypatch):
    """The check itself can fail: a new text, a lost placeholder, a fuzzy entry, a stale entry."""
    from babel.messages.catalog import Catalog
    cat = Catalog(locale="nb")
    cat.add("Move {name} in", "Flytt inn")               # placeholder lost
    cat.add("Save", "Lagre", flags=["fuzzy"])            # fuzzy is not used
    cat.add("Old text", "Gammel tekst")                  # no longer in the code
    cat.add(("{n} person", "{n} persons"), ("{n} person", ""))  # plural untranslated
    extracted = {(None, "Move {name} in"): ["x.py:1"], (None, "Save"): ["x.py:2"], (None, "New text"): ["x.py:3"],
                 (None, ("{n} person", "{n} persons")): ["x.py:4"]}
    found = "\n".join(tool.problems(cat, extracted))
    assert "drops or adds placeholders: 'Move {name} in'" in found
    assert "fuzzy" in found and "'Save'" in found
    assert "missing from the catalog: 'New text'" in found
    assert "untranslated: ('{n} person', '{n} persons')" in found
    assert "not used by the code" in found and "'Old text'" in found


def test_hardcoded_finder_sees_norwegian_and_spares_the_catalog(tmp_path):
    source = tmp_path / "m.py"
    source.write_text('"""Modul."""\nfrom x import _\n'
                      'a = "Lagre endringer"\n'
                      'b = _("Save changes")\n'
                      'c = f"{n} personer"\n'
                      'd = "Hemsedal kommune"  # i18n: data\n'
                      'e = "SELECT id FROM person"\n', encoding="utf-8")
    assert [line for line, _text in hardcoded_texts(source)] == [3, 5]


def test_bokmal_is_what_the_user_reads():
    assert catalog.current_language() == "nb"
    assert catalog.gettext("Cancel") == "Avbryt"
    assert catalog.gettext("Not logged in") == "Uten innlogging"


def test_plural_forms_follow_bokmal_rules(monkeypatch):
    tr = catalog.load_translations("nb")
    plural = tr._catalog  # a look at the compiled catalog
    assert plural, "the nb catalog compiled to an empty table"
    assert tr.plural(1) == 0 and tr.plural(2) == 1 and tr.plural(0) == 1


def test_english_shows_the_source_texts_and_a_missing_catalog_is_an_error():
    assert catalog.load_translations("en").gettext("Cancel") == "Cancel"
    with pytest.raises(FileNotFoundError):
        catalog.load_translations("xx")
