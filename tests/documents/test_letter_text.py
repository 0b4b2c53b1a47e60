"""The officer's own touch on a letter: the job title under the signature, one letter's text
edited before printing and kept with the print record, and postal codes checked."""

from __future__ import annotations

import pytest

from hemsedal_integrering.documents import render
from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import HousingUnit, PrintedDocument, User
from hemsedal_integrering.rules import postal
from hemsedal_integrering.services import printing
from tests.printing_world import pdf_text


def test_the_job_title_stands_under_the_signature(world):
    User.update(title="Programrådgiver").where(User.username == "kari").execute()
    ctx = world.ctx.as_user(User.get(User.username == "kari"))
    text = pdf_text(render([printing.welcome_letter(ctx, household_id=world.household_id)]))
    assert "Kari Ødegård\nProgramrådgiver\nIntegreringstjenesten" in text


def test_one_letters_text_is_edited_and_kept_with_the_print_record(world):
    # given the letter as the template fills it
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert "Kontaktpersonen deres hos oss er Kari Ødegård" in doc.body and not doc.edited_body
    # when the officer changes a sentence of this one letter
    edited = doc.body.replace("Ta gjerne kontakt hvis dere lurer på noe.",
                              "Vi ses på velkomstmøtet tirsdag.")
    doc2 = printing.welcome_letter(world.ctx, household_id=world.household_id, body=edited)
    text = pdf_text(render([doc2]))
    # then the PDF has the new text, the template's sentence is gone, and the record keeps the text
    assert "Vi ses på velkomstmøtet tirsdag." in text and "Ta gjerne kontakt hvis dere lurer" not in text
    printing.record_printed(world.ctx, documents=[doc2], output="pdf")
    assert "velkomstmøtet" in PrintedDocument.get().edited_body
    # an unchanged letter records no edited text; an empty text is refused
    printing.record_printed(world.ctx, documents=[printing.welcome_letter(world.ctx, household_id=world.household_id,
                                                                          body=doc.body)], output="pdf")
    assert PrintedDocument.select().order_by(PrintedDocument.id.desc()).get().edited_body == ""
    with pytest.raises(ValidationError) as err:
        printing.welcome_letter(world.ctx, household_id=world.household_id, body="  ")
    assert "body" in err.value.errors


def test_postal_code_and_place_are_checked():
    assert postal.place_for("3560") == "Hemsedal" and postal.place_for("3550") == "Gol"
    assert postal.mismatch("3560", "Hemsedal") is None and postal.mismatch("3560", "HEMSEDAL") is None
    assert "3560" in postal.mismatch("3560", "Gol") and "Hemsedal" in postal.mismatch("3560", "Gol")
    assert postal.mismatch("0150", "Oslo") is None  # not in the table: not checked


def test_a_letter_to_a_mismatched_address_warns(world):
    HousingUnit.update(postal_code="3560").execute()  # the unit says Gol
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert any("Postnummer 3560 hører til Hemsedal, ikke Gol" in n for n in doc.notes)
