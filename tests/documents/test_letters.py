"""Generated PDFs carry names, Norwegian dates, æøå, Cyrillic, Arabic, references."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from hemsedal_integrering.documents import Cancelled, render
from hemsedal_integrering.models import Municipality
from hemsedal_integrering.services import printing
from tests.printing_world import pdf_text


def test_invitation_in_norwegian_and_ukrainian(world):
    # given Olena, who reads Ukrainian / when an invitation is printed in nb + uk
    doc = printing.meeting_invitation(world.ctx, person_id=world.person_id, meeting_date="07.12.2026",
                                      meeting_time="10:00", place="Gol rådhus, møterom Ål", language="uk",
                                      your_ref="NAV-55")
    text = pdf_text(render([doc]))
    # then the letterhead, references, Norwegian date and both languages are there
    assert "Gol kommune" in text and "Olena Kovalenko" in text
    assert "Vår ref.:" in text and "2025/1234" in text and "Deres ref.:" in text and "NAV-55" in text
    assert "Dato:" in text and "23. november 2026" in text
    assert "mandag 7. desember 2026" in text and "kl. 10.00" in text
    assert "Kari Ødegård" in text and "kari.odegard@gol.kommune.no" in text
    assert "Unntatt offentlighet" in text and "offl. § 13" in text
    assert "Øvre Heradsveg 5" in text and "3550 Gol" in text
    assert "Запрошення на зустріч" in text and "7 грудня 2026" in text
    assert "tolk på ukrainsk" in text
    assert doc.language == "uk" and not doc.notes


def test_org_nr_blank_is_left_out_and_set_is_printed(world):
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert "Org.nr." not in pdf_text(render([doc]))
    Municipality.update(org_nr="964 949 999").where(Municipality.code == "gol").execute()
    doc = printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert "Org.nr.: 964 949 999" in pdf_text(render([doc]))


def test_arabic_text_is_shaped_and_right_to_left(world):
    # given Samir, who reads Arabic / when invited in nb + ar
    doc = printing.meeting_invitation(world.ctx, person_id=world.arabic_person_id, meeting_date="2026-12-07",
                                      meeting_time="09:30", place="Hemsedal rådhus", language="ar")
    data = render([doc])
    raw = pdf_text(data)
    # joined letter forms (Arabic Presentation Forms-B) prove the text was shaped
    assert sum("\ufe70" <= ch <= "\ufeff" for ch in raw) > 50
    assert "Samir Haddad" in unicodedata.normalize("NFKC", raw)
    # then each Arabic word reads right to left on the page: by the glyphs' positions, not by the order a text
    # extractor happens to return them in (pypdf reorders right-to-left runs itself, so it would hide a letter
    # drawn left to right)
    rtl, ltr = _lines_read_both_ways(data)
    for word in ("اجتماع", "مترجم", "الموضوع"):
        assert word in rtl, f"{word} does not read right to left"
        assert word not in ltr, f"{word} reads left to right"
    # and the line "Topic: follow-up" has its words in right-to-left order too (the first word rightmost)
    assert "الموضوع: المتابعة" in rtl


def _lines_read_both_ways(data: bytes) -> tuple[str, str]:
    """Every printed line's glyphs read right to left and left to right (by x position), NFKC-normalised."""
    import pdfplumber
    rtl, ltr = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            lines: dict[int, list[dict]] = {}
            for ch in page.chars:
                lines.setdefault(round(ch["top"]), []).append(ch)
            for chars in lines.values():
                chars.sort(key=lambda c: c["x0"])
                ltr.append("".join(c["text"] for c in chars))
                rtl.append("".join(c["text"] for c in reversed(chars)))
    return unicodedata.normalize("NFKC", "\n".join(rtl)), unicodedata.normalize("NFKC", "\n".join(ltr))


def test_missing_translation_falls_back_with_visible_notice(world):
    # given no Somali letters are shipped / when asking for the notice in Somali
    doc = printing.inspection_notice(world.ctx, inspection_id=world.inspection_id, language="so")
    text = pdf_text(render([doc]))
    # then it prints in Norwegian with a notice, in Norwegian and English, and says so
    assert "Varsel om boligtilsyn" in text
    assert "finnes ikke på somali" in text and "not yet available in Somali" in text
    assert doc.language == "nb" and doc.notes


def test_inspection_notice_lists_points_for_year_and_season(world):
    doc = printing.inspection_notice(world.ctx, inspection_id=world.inspection_id, language="en")
    text = pdf_text(render([doc]))
    assert "tirsdag 8. desember 2026" in text and "kl. 13.30" in text and "at 13:30" in text
    # the areas of the year-2 winter points, not the summer or years 3-5 areas
    assert "Brannsikkerhet" in text and "Husleie og økonomi" in text
    assert "Uteområde" not in text and "Veien videre" not in text
    assert "husleieloven § 5-6" in text and "Tenancy Act § 5-6" in text


def test_notice_less_than_a_week_ahead_needs_confirmation(world):
    from hemsedal_integrering.errors import ValidationError
    from hemsedal_integrering.models import Inspection
    import datetime as dt
    Inspection.update(planned_at=dt.datetime(2026, 11, 27, 10, 0)).execute()
    with pytest.raises(ValidationError) as exc:
        printing.inspection_notice(world.ctx, inspection_id=world.inspection_id)
    assert "minst én uke" in exc.value.errors["short_notice"]
    # when the tenant has agreed (or it is urgent), the notice can be printed
    doc = printing.inspection_notice(world.ctx, inspection_id=world.inspection_id, short_notice_confirmed=True)
    assert "27. november 2026" in " ".join(pdf_text(render([doc])).split())


def test_placement_confirmation_and_agreement(world):
    docs = [printing.placement_confirmation(world.ctx, placement_id=world.placement_id, language="en"),
            printing.placement_agreement(world.ctx, placement_id=world.placement_id)]
    text = pdf_text(render(docs))
    assert "Gol kommune, Gol sjukeheim" in text and "1. desember 2026 – 31. mai 2027" in text
    assert "1 December 2026 – 31 May 2027" in text
    assert "Avtale om praksisplass" in text and "Åse Bråten" in text
    assert text.count("Underskrift") == 1 + 3 + 1
    assert "Taushetserklæring" in text and "Underskrifter" in text and "Integreringstjenesten" in text


def test_welcome_letter_lists_key_contacts(world):
    text = pdf_text(render([printing.welcome_letter(world.ctx, household_id=world.household_id,
                                                    language="uk")]))
    for contact in ("Integreringstjenesten", "legekontor", "Gol skule", "barnehage", "Nav Hallingdal"):
        assert contact in text
    assert "Ласкаво просимо до Gol kommune" in text
    assert "Olena Kovalenko" in text


def test_checklist_has_boxes_and_points_for_the_year_and_season(world):
    doc = printing.inspection_checklist(world.ctx, inspection_id=world.inspection_id)
    text = " ".join(pdf_text(render([doc])).split())
    assert "Sjekkliste for boligtilsyn – oppfølgingsår 2, vinter" in text
    assert "OK" in text and "Følges opp" in text and "Ikke aktuelt" in text and "Merknad" in text
    assert "Røykvarsleren er testet denne måneden" in text and "Plenklipping" not in text


def test_household_summary_masks_identity_and_lists_printed_letters(world):
    from hemsedal_integrering.models import Person
    Person.update(national_id="02048849796").where(Person.id == world.person_id).execute()
    letter = printing.welcome_letter(world.ctx, household_id=world.household_id, language="uk")
    printing.record_printed(world.ctx, documents=[letter], output="pdf")
    text = " ".join(pdf_text(render([printing.household_summary(world.ctx, household_id=world.household_id)])).split())
    assert "020488 *****" in text and "02048849796" not in text
    assert "Maksym Kovalenko" in text and "Øvre Heradsveg 5" in text and "Gol sjukeheim" in text
    assert "Brev og skjema skrevet ut" in text and "Velkommen" in text and "Kari Ødegård" in text


def test_multi_page_documents_are_numbered_per_document(world):
    # given a batch: a two-page letter (uk welcome) and a one-page letter
    docs = [printing.welcome_letter(world.ctx, household_id=world.household_id, language="uk"),
            printing.meeting_invitation(world.ctx, person_id=world.person_id, meeting_date="07.12.2026",
                                        meeting_time="10:00", place="Rådhuset")]
    data = render(docs)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    # then each document counts its own pages, and a one-page letter has no number
    assert "Side 1 av 2" in pages[0] and "Side 2 av 2" in pages[1]
    assert "Side" not in pages[-1].replace("Side 1 av", "")
    assert "Innkalling til møte" in pages[-1]


def test_batch_reports_progress_and_can_be_cancelled(world):
    docs = [printing.meeting_invitation(world.ctx, person_id=world.person_id, meeting_date="07.12.2026",
                                        meeting_time="10:00", place="Rådhuset") for _ in range(5)]
    seen = []
    render(docs, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5) and len(seen) == 6
    with pytest.raises(Cancelled):
        render(docs, cancelled=lambda: len(seen) > 7, progress=lambda d, t: seen.append((d, t)))


def test_logo_from_settings_is_drawn_and_a_missing_one_is_ignored(world, tmp_path):
    from PIL import Image
    from hemsedal_integrering.models import Setting
    logo = tmp_path / "gol.png"
    Image.new("RGB", (60, 60), (20, 70, 120)).save(logo)
    Setting.create(key="letters.logo.gol", value=str(logo))
    with_logo = render([printing.welcome_letter(world.ctx, household_id=world.household_id)])
    assert b"/Subtype /Image" in with_logo
    Setting.update(value=str(tmp_path / "gone.png")).execute()
    without = render([printing.welcome_letter(world.ctx, household_id=world.household_id)])
    assert b"/Subtype /Image" not in without and "Gol kommune" in pdf_text(without)
