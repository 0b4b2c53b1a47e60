"""The introduction programme's letters: decision, plan, certificate, absence rules (text checked in the PDF)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from hemsedal_integrering.documents import render
from hemsedal_integrering.documents.intro_letters import SPECS
from hemsedal_integrering.documents.templates import load_template
from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import Household, IntroProgramme, Person
from hemsedal_integrering.services import intro_absence, intro_printing, introduction, people

D = dt.date


def programme(ctx, *, languages="uk", basis="collective") -> IntroProgramme:
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Kovalenko", legal_basis=basis,
                                     settlement_date=D(2025, 1, 13), members=[
                                         dict(first_name="Olena", last_name="Kovalenko", role="adult",
                                              birth_date=D(1986, 2, 3), languages=languages),
                                         dict(first_name="Ivan", last_name="Kovalenko", role="child",
                                              birth_date=D(2016, 5, 5))]).first_created("household")
    Household.update(address_note="Storeøyni 12, 3560 Hemsedal").where(Household.id == hid).execute()
    olena = Person.get(Person.first_name == "Olena")
    introduction.start_programme(ctx, person_id=olena.id, start_date=D(2025, 3, 3), planned_end_date=D(2026, 2, 27),
                                 decision_date=D(2025, 2, 20), sole_carer=True)
    prog = IntroProgramme.get(IntroProgramme.person == olena.id)
    # 12 months: within kap. 6A's length; without upper secondary education (§ 13) for the others
    introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=basis == "collective",
                           measures=[
        dict(kind="norwegian", title="Gol voksenopplæring", start_date=D(2025, 3, 3), end_date=D(2026, 2, 27),
             hours_per_week=20),
        dict(kind="work", title="Renhold, Hemsedal Booking", start_date=D(2025, 3, 3), end_date=D(2026, 2, 27),
             hours_per_week="17,5")])  # noqa: E124
    return IntroProgramme.get_by_id(prog.id)


def pdf_text(doc) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render([doc]))).pages)


@pytest.mark.parametrize("language", ["nb", "en", "uk", "fr", "ar", "ti"])
@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_intro_template_loads(kind, language):
    assert load_template(SPECS[kind], language) is not None


def test_decision_is_an_enkeltvedtak_with_appeal_and_the_ukrainian_text(ctx):
    prog = programme(ctx)
    with pytest.raises(ValidationError):
        intro_printing.decision_letter(ctx, programme_id=prog.id, reasons="")
    doc = intro_printing.decision_letter(ctx, programme_id=prog.id, reasons="Du har kollektiv beskyttelse og har "
                                         "krevd å delta i programmet.")
    assert doc.language == "uk"
    text = pdf_text(doc)
    for needle in ("Vedtak om introduksjonsprogram", "kapittel 6A", "tre uker", "forvaltningsloven § 18",
                   "Statsforvalteren", "Begrunnelse", "krevd å delta", "Рішення про вступну програму"):
        assert needle in text, needle


def test_plan_for_signature_lists_the_measures(ctx):
    prog = programme(ctx, languages="en")
    text = pdf_text(intro_printing.plan_letter(ctx, programme_id=prog.id))
    assert "Integreringsplan for Olena Kovalenko" in text and "Underskrift" in text
    assert "17,5" in text and "Integration plan for Olena Kovalenko" in text


def test_certificate_only_after_the_end_and_absence_rules_for_a_sole_carer(ctx):
    prog = programme(ctx, languages="nb")
    with pytest.raises(ValidationError):
        intro_printing.certificate(ctx, programme_id=prog.id)
    intro_absence.record_test(ctx, person_id=prog.person_id, test_date=D(2026, 1, 20), subject="norwegian",
                              skill="oral", level="B1")
    introduction.end_programme(ctx, programme_id=prog.id, end_date=D(2026, 2, 27), result="completed_work")
    text = pdf_text(intro_printing.certificate(ctx, programme_id=prog.id))
    assert "Deltakerbevis" in text and "§ 18 a" in text and "B1" in text and "Fullført: arbeid" in text
    notice = pdf_text(intro_printing.absence_notice(ctx, programme_id=prog.id))
    # one child, alone with the care: 20 days; self-certification from eight weeks after 03.03.2025
    assert "20 dager" in notice and "28. april 2025" in notice and "imdi.no" in notice


def test_french_for_a_congolese_family(ctx):
    prog = programme(ctx, languages="fr,ln", basis="resettlement")
    doc = intro_printing.absence_notice(ctx, programme_id=prog.id)
    assert doc.language == "fr" and "Règles d'absence" in pdf_text(doc)


def test_tigrinya_letters_print_end_goal_measures_and_result_in_tigrinya(ctx):
    prog = programme(ctx, languages="ti", basis="asylum")
    plan = pdf_text(intro_printing.plan_letter(ctx, programme_id=prog.id))
    # the Norwegian part in Norwegian, the participant's part in Tigrinya (Ethiopic font), no Norwegian label in it
    assert "Sluttmål: Arbeid" in plan and "ናይ መወዳእታ ዕላማ፦ ስራሕ" in plan
    assert "17,5 timer/uke" in plan and "ሰዓት ኣብ ሰሙን" in plan and "ቋንቋ ኖርወይ – Gol voksenopplæring" in plan
    intro_absence.record_test(ctx, person_id=prog.person_id, test_date=D(2026, 1, 20), subject="norwegian",
                              skill="oral", level="B1")
    introduction.end_programme(ctx, programme_id=prog.id, end_date=D(2026, 2, 27), result="completed_work")
    cert = pdf_text(intro_printing.certificate(ctx, programme_id=prog.id))
    assert "Fullført: arbeid" in cert and "ተዛዚሙ: ስራሕ" in cert and "ኖርወይኛ፣ ዝርርብ: B1" in cert
    decision = pdf_text(intro_printing.decision_letter(ctx, programme_id=prog.id, reasons="Flyktning, 39 år."))
    assert "ዑቕባ / ናይ ስደተኛ ኩነታት" in decision and "ዓንቀጻት 8፣ 9፣ 12፣ 13ን 15ን" in decision
    assert "ሓደ ሲሶ" in decision and "en tredjedel" in decision  # the third for under-25s with a parent


def test_arabic_letters_are_shaped_and_their_brackets_face_the_right_way(ctx):
    import unicodedata

    import pdfplumber

    from hemsedal_integrering.documents.fonts import _visual
    # python-bidi reorders but does not mirror: '(قانون)' must not come out as ')قانون('
    assert _visual("ا (ب) ج") == "ج (ب) ا"
    assert _visual("تواصل مع Olena (Nav) الآن") == "نآلا Olena (Nav) عم لصاوت"  # Latin run: not mirrored
    prog = programme(ctx, languages="ar", basis="asylum")
    doc = intro_printing.decision_letter(ctx, programme_id=prog.id, reasons="Flyktning.")
    assert doc.language == "ar"
    pdf = render([doc])
    text = unicodedata.normalize("NFKC", pdf_text(doc))
    for word in ("التعريف", "التظلم", "العمل"):  # end goal 'Arbeid' in Arabic
        assert word in text or word[::-1] in text, word
    with pdfplumber.open(io.BytesIO(pdf)) as plumbed:
        checked = 0
        for page in plumbed.pages:
            lines: dict[int, list[dict]] = {}
            for c in page.chars:
                lines.setdefault(round(c["matrix"][5]), []).append(c)
            for line in lines.values():
                arabic = any("\u0600" <= unicodedata.normalize("NFKC", c["text"])[:1] <= "\u06ff" for c in line)
                brackets = [c["text"] for c in sorted(line, key=lambda c: c["x0"]) if c["text"] in "()"]
                if arabic and "(" in brackets and ")" in brackets:
                    assert brackets[0] == "(" and brackets[-1] == ")", brackets
                    checked += 1
        assert checked >= 3
