"""Printing from the areas: the "Skriv ut" menu offers the item's documents, and a
printed letter shows in the household's history."""

from __future__ import annotations

from hemsedal_integrering.models import Person
from hemsedal_integrering.services import people, printing
from hemsedal_integrering.ui.letter_menu import build_document, letter_menu


def _household(ctx):
    changes = people.register_household(ctx, municipality="hemsedal", name="Familien Kovalenko",
                                        legal_basis="collective", settlement_date="2026-10-01",
                                        address_note="Storeøyni 12, 3560 Hemsedal",
                                        members=[{"first_name": "Olena", "last_name": "Kovalenko"}])
    return changes.first_created("person")


def test_person_panel_offers_the_persons_letters(qtbot, window, ctx):
    pid = _household(ctx)
    window.show_key("people")
    panel = window.current_area().panel
    ids = panel.print_ids(pid)
    assert ids["person_id"] == pid and ids["household_id"] == Person.get_by_id(pid).household_id
    menu = letter_menu(panel, ctx, window.bus, **ids)
    labels = [a.text() for a in menu.actions()]
    assert any("Velkomstbrev" in label for label in labels)
    assert any("Innkalling" in label for label in labels)


def test_a_recorded_letter_appears_in_the_household_history(qtbot, window, ctx):
    pid = _household(ctx)
    doc = build_document(ctx, "welcome", {"person_id": pid, "household_id": Person.get_by_id(pid).household_id}, {})
    printing.record_printed(ctx, documents=[doc], output="pdf")
    window.show_key("people")
    panel = window.current_area().panel
    html = panel.detail_html(pid)
    assert "Utskrevne brev" in html
    assert doc.title in html
