"""Envelope-safe letters: word positions read back from the rendered PDF (pdfplumber).

Every field is filled to the longest the services accept (200 characters), with
and without spaces, and the test fails if any character of page 1 crosses the
page margins, if the recipient block leaves the C5/C4 window (text from 25 mm,
DIN 5008 inset), or if anything enters the reference block's column from the window.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from hemsedal_integrering.documents import render
from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import Household, HousingUnit, Municipality, Person, Tenancy, User
from hemsedal_integrering.services import printing
from tests.printing_world import pdf_text

MM = 72 / 25.4
LEFT, RIGHT_EDGE = 25 * MM, 190 * MM  # the text margins of every page
WINDOW = dict(x0=20 * MM, x1=105 * MM, top=45 * MM, bottom=90 * MM)
TEXT_X0, TEXT_X1 = 25 * MM, 100 * MM  # inside the window, 5 mm inset
REF_X = 122 * MM
BODY_TOP = 99 * MM
TOL = 0.6  # points: rounding in the PDF


def _long(word: str, spaces: bool) -> str:
    """A 200-character value, as words or one unbroken run."""
    if spaces:
        return ((word + " ") * 200)[:200].strip().ljust(200, "x")
    return (word * 200)[:200]


def _fill_everything(world, spaces: bool):
    words = {"first": "Abdirahmaan", "last": "Habtemariam-Woldegiorgis", "street": "Øvre Heradsvegen",
             "place": "Golsfjellet", "ref": "REF2026", "muni": "Kommune", "email": "kari.odegard"}
    person = Person.get_by_id(world.person_id)
    Person.update(first_name=_long(words["first"], spaces), last_name=_long(words["last"], spaces)) \
        .where(Person.household == person.household_id).execute()
    Person.create(household=person.household_id, first_name=_long("Tsegereda", spaces),
                  last_name=_long("Gebremichael", spaces), role="adult", birth_date="1990-01-01")
    HousingUnit.update(address=_long(words["street"], spaces), postal_code="3550",
                       place=_long(words["place"], spaces)).execute()
    Household.update(case_reference=_long(words["ref"], spaces)).execute()
    Municipality.update(name=_long(words["muni"], spaces), service_name=_long("Integreringstjenesten", spaces),
                        postal_address=_long("Postboks", spaces), visiting_address=_long("Sentrum", spaces),
                        email=_long("post", False) + "@gol.kommune.no", website=_long("www", spaces),
                        phone="32 02 91 17 32 02 91 17 32 02 91 17").execute()
    User.update(full_name=_long("Kari Ødegård", spaces), email=_long(words["email"], False) + "@gol.kommune.no",
                phone="+47 32 02 91 17 32 02 91 17 99").where(User.username == "kari").execute()
    return world.ctx.as_user(User.get(User.username == "kari"))


def _letters(world, ctx):
    ref = _long("NAV", True)
    yield printing.meeting_invitation(ctx, person_id=world.person_id, meeting_date="07.12.2026",
                                      meeting_time="10:00", place="Gol rådhus", your_ref=ref)
    yield printing.welcome_letter(ctx, household_id=world.household_id, your_ref=ref)
    yield printing.inspection_notice(ctx, inspection_id=world.inspection_id, your_ref=ref)
    yield printing.placement_confirmation(ctx, placement_id=world.placement_id, your_ref=ref)


def _first_pages(data: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.chars for page in pdf.pages]


def _check_page(chars: list[dict], *, letter: bool) -> None:
    assert chars, "no text on the page"
    for ch in chars:
        where = f"{ch['text']!r} at x {ch['x0'] / MM:.1f}–{ch['x1'] / MM:.1f} mm, top {ch['top'] / MM:.1f} mm"
        assert ch["x0"] >= LEFT - TOL and ch["x1"] <= RIGHT_EDGE + TOL, "crosses a margin: " + where
        assert ch["top"] >= 10 * MM and ch["bottom"] <= 292 * MM, "off the page: " + where
        if not letter:
            continue
        in_band = ch["top"] < BODY_TOP - TOL and ch["bottom"] > WINDOW["top"]
        if in_band and ch["x0"] < REF_X - TOL:  # the window column: recipient and return line
            assert TEXT_X0 - TOL <= ch["x0"] and ch["x1"] <= TEXT_X1 + TOL, "outside the window's text area: " + where
            assert ch["top"] >= WINDOW["top"] - TOL and ch["bottom"] <= WINDOW["bottom"] + TOL, \
                "above or below the window: " + where
        if in_band and ch["x1"] > TEXT_X1 + TOL:  # right of the window: only the reference block
            assert ch["x0"] >= REF_X - TOL, "between window and reference block: " + where


@pytest.mark.parametrize("spaces", [True, False], ids=["words", "unbroken"])
def test_longest_names_and_addresses_stay_in_the_window_and_margins(world, spaces):
    # given every name, address, reference and contact field at the longest the services accept
    ctx = _fill_everything(world, spaces)
    for doc in _letters(world, ctx):
        # when the letter is rendered
        pages = _first_pages(render([doc]))
        # then nothing crosses the margins, the window or the reference block, on any page
        for i, chars in enumerate(pages):
            _check_page(chars, letter=(i == 0))
        # and the officer is warned that the address was shortened
        assert any("konvolutt" in n for n in doc.notes), doc.notes


def test_the_address_starts_at_25_mm_inside_the_window(world):
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    chars = _first_pages(render([doc]))[0]
    name = [c for c in chars if WINDOW["top"] < c["top"] < WINDOW["bottom"] and c["x0"] < REF_X]
    assert name, "no recipient in the window"
    assert min(c["x0"] for c in name) == pytest.approx(25 * MM, abs=TOL)
    assert not doc.notes  # a normal address is not shortened
    text = pdf_text(render([doc]))
    assert "Olena Kovalenko" in text and "Øvre Heradsveg 5" in text and "3550 Gol" in text


def test_a_long_couple_wraps_inside_the_window_without_being_cut(world):
    # given a couple whose names together are far wider than the window
    Person.create(household=Person.get_by_id(world.person_id).household_id, first_name="Tsegereda Hiwet",
                  last_name="Gebremichael Woldemariam", role="adult", birth_date="1990-01-01")
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    chars = _first_pages(render([doc]))[0]
    _check_page(chars, letter=True)
    # then both names are printed whole (wrapped), and nothing was cut
    text = pdf_text(render([doc]))
    assert "Woldemariam" in text and "…" not in text and not doc.notes


def test_no_address_no_letter_and_the_message_says_what_to_fill_in(world):
    # given a household with no dwelling and only an internal note in its address field
    Tenancy.update(end_date="2025-06-01").execute()
    Household.update(address_note="Privat leid bolig (ikke via tjenesten)").execute()
    # when a letter is made, then it is refused with what to fill in
    with pytest.raises(ValidationError) as err:
        printing.welcome_letter(world.ctx, household_id=world.household_id)
    message = err.value.errors["address"]
    assert "Familien Kovalenko" in message and "ingen postadresse" in message
    assert "Adresse (utenom kommunal bolig)" in message
    with pytest.raises(ValidationError):
        printing.meeting_invitation(world.ctx, person_id=world.person_id, meeting_date="07.12.2026",
                                    meeting_time="10:00", place="Gol")
    # and a postal address written in the field is used
    Household.update(address_note="Postboks 12, 3550 Gol").execute()
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert "Postboks 12" in pdf_text(render([doc]))


def test_a_dwelling_without_postal_code_gives_no_notice(world):
    HousingUnit.update(postal_code="").execute()
    with pytest.raises(ValidationError) as err:
        printing.inspection_notice(world.ctx, inspection_id=world.inspection_id)
    assert "postnummer" in err.value.errors["address"]


def test_a_household_with_nobody_living_there_gets_no_letter(world):
    Person.update(moved_out_date="2026-01-01").execute()
    with pytest.raises(ValidationError) as err:
        printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert "Familien Kovalenko" in err.value.errors["recipient"]


def test_a_batch_leaves_out_letters_without_address_and_lists_them(world, db_path, tmp_path, capsys, monkeypatch):
    from hemsedal_integrering import cli
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "et-langt-passord-1")
    from hemsedal_integrering.services import people
    ch = people.register_household(
        world.ctx, municipality="hemsedal", name="Familien Uten Adresse", legal_basis="resettlement",
        settlement_date="2025-01-10", address_note="Privat leid bolig (ikke via tjenesten)",
        members=[dict(first_name="Amal", last_name="Uten", role="adult", birth_date="1985-01-01")])
    without = ch.first_created("household")
    world.ctx.db.close()
    out = tmp_path / "velkomst.pdf"
    rc = cli.main(["--db", str(db_path), "skriv-ut", "velkomstbrev", "--husstand", str(world.household_id),
                   "--husstand", str(without), "--ut", str(out), "--user", "kari"])
    captured = capsys.readouterr()
    assert rc == 0 and "Skrev 1 dokument" in captured.out
    assert "Familien Uten Adresse" in captured.err and "ingen postadresse" in captured.err
    text = pdf_text(out.read_bytes())
    assert "Olena Kovalenko" in text and "Privat leid" not in text
