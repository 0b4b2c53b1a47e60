"""Templates are validated when loaded: unknown or missing placeholders are named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hemsedal_integrering.documents.letters import SPECS
from hemsedal_integrering.documents.templates import (
    LETTERS_DIR, TemplateError, available_languages, expand, load_language, load_template,
)


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    """A private copy of the shipped templates an 'administrator' may edit."""
    root = tmp_path / "letters"
    shutil.copytree(LETTERS_DIR, root)
    return root


@pytest.mark.parametrize("language", ["nb", "en", "uk"])
@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_shipped_template_loads(kind, language):
    # given the shipped templates / when loaded / then each validates against its letter
    tpl = load_template(SPECS[kind], language)
    assert tpl is not None and tpl.heading and tpl.body


def test_unknown_placeholder_is_named_at_load(letters):
    # given an administrator typo in the Norwegian invitation
    path = letters / "nb" / "meeting_invitation.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("{meeting.place}", "{meeting.plass}"),
                    encoding="utf-8")
    # when loading / then the error names the bad placeholder and the file
    with pytest.raises(TemplateError) as exc:
        load_template(SPECS["meeting_invitation"], "nb", letters)
    assert "{meeting.plass}" in str(exc.value) and "meeting_invitation.toml" in str(exc.value)


def test_missing_required_placeholder_is_named_at_load(letters):
    # given a notice whose list of checked points was deleted
    path = letters / "en" / "inspection_notice.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("{inspection.points}\n", ""), encoding="utf-8")
    with pytest.raises(TemplateError) as exc:
        load_template(SPECS["inspection_notice"], "en", letters)
    assert "mangler plassholderen {inspection.points}" in str(exc.value)


def test_list_placeholder_must_stand_alone(letters):
    path = letters / "nb" / "welcome.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("{contacts}", "Kontakter: {contacts}"),
                    encoding="utf-8")
    with pytest.raises(TemplateError, match="alene på en linje"):
        load_template(SPECS["welcome"], "nb", letters)


def test_bad_braces_and_missing_key_are_clear(letters):
    path = letters / "uk" / "welcome.toml"
    path.write_text('title = "x"\nheading = "Ласкаво {municipality.name"\nbody = "{contacts}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="klammeparentesene"):
        load_template(SPECS["welcome"], "uk", letters)
    path.write_text('title = "x"\nbody = "{contacts}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="heading"):
        load_template(SPECS["welcome"], "uk", letters)


def test_missing_translation_is_none_but_missing_norwegian_is_an_error(letters):
    (letters / "ar" / "inspection_notice.toml").unlink()
    assert load_template(SPECS["inspection_notice"], "ar", letters) is None
    (letters / "nb" / "welcome.toml").unlink()
    with pytest.raises(TemplateError, match="mangler"):
        load_template(SPECS["welcome"], "nb", letters)


def test_an_administrator_adds_a_language_by_copying_a_folder(letters):
    # given a copy of the English folder as Somali
    shutil.copytree(letters / "en", letters / "so")
    (letters / "so" / "language.toml").write_text('name = "Soomaali"\ntranslation_heading = "Turjumaad"\n',
                                                  encoding="utf-8")
    # then it is offered and loads, and is shown as not checked by a translator
    assert "so" in available_languages(letters)
    assert load_language("so", letters).name == "Soomaali" and not load_language("so", letters).checked
    assert load_template(SPECS["welcome"], "so", letters) is not None


def test_expand_lists_become_bullets():
    assert expand("A {x}\n{items}", {"x": "1", "items": ["a", "b"]}) == "A 1\n- a\n- b"
