"""The introduction programme's four letters, added to the letter system as new kinds.

* ``intro_decision`` – the decision (enkeltvedtak): facts, legal basis, reasons,
  the benefit, the right to appeal within three weeks and where
  (forvaltningsloven §§ 28–29), the right to see the documents (§ 18).
* ``intro_plan`` – the integration plan (integreringsloven § 15) for signature.
* ``participation_certificate`` – deltakerbevis at completion or interruption (§ 18 a).
* ``absence_rules`` – notice of the absence rules (§ 17, integreringsforskriften),
  our own text, with IMDi's multilingual pages as the reference.

The texts are templates under ``resources/letters/<language>/`` like the other
letters (Norwegian, English, Ukrainian, French, Arabic, Tigrinya shipped); a
language without the file prints in Norwegian with the usual notice. End goal,
result, legal basis, measure kinds and test skills are ``Label`` values or the
line types below, so the participant's part prints them in the participant's
language from ``labels.toml`` (groups ``end_goals``, ``results``,
``legal_bases``, ``decision_bases``, ``measure_kinds``, ``skills``, ``levels``,
``social_results`` and the ``words`` ``hours_week``, ``test_norwegian``,
``test_social``); a missing translation falls back to the Norwegian text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.platypus import KeepTogether, Spacer

from .. import i18n
from ..i18n import _
from . import letters
from .blocks import Document, signature_table
from .fonts import is_rtl
from .layout import Header, header_warnings
from .templates import NORWEGIAN, LetterSpec, load_labels

_COMMON = letters._COMMON  # the placeholders every letter has (recipient, municipality, service, officer, today)


def _word(language: str, group: str, key: str, norwegian: str) -> str:
    return letters.label_text(letters.Label(group, key, norwegian), language)


def _template(language: str, key: str) -> str | None:
    return load_labels(language).get("words", {}).get(key) if language != NORWEGIAN else None


@dataclass(frozen=True)
class MeasureLine:
    """'Norsk – Gol voksenopplæring: 07.04.2025–04.04.2027, 15 timer/uke' in the letter's language.

    ``kind_nb`` and ``norwegian`` are the Norwegian texts (used in the Norwegian part and as the fallback);
    the title is the officer's own text and is never translated."""

    kind: str
    kind_nb: str
    title: str
    start: dt.date
    end: dt.date
    hours: Decimal
    norwegian: str

    def for_language(self, language: str) -> str:
        pattern = _template(language, "hours_week")
        if pattern is None:
            return self.norwegian
        iso = letters._ltr if is_rtl(language) else (lambda v: v)  # Latin titles, dates, numbers stay whole
        name = _word(language, "measure_kinds", self.kind, self.kind_nb)
        if self.title:
            name = f"{name} – {iso(self.title)}"
        return pattern.format(name=name, start=iso(self.start.strftime("%d.%m.%Y")),
                              end=iso(self.end.strftime("%d.%m.%Y")),
                              hours=iso(i18n.number(float(self.hours), language)))


@dataclass(frozen=True)
class TestLine:
    """One test result ('Norsk, muntlig: B1 (01.05.2026)') in the letter's language."""

    subject: str  # norwegian | social_studies
    skill: str
    skill_nb: str
    level: str
    level_nb: str
    day: dt.date
    norwegian: str

    def for_language(self, language: str) -> str:
        key = "test_social" if self.subject == "social_studies" else "test_norwegian"
        pattern = _template(language, key)
        if pattern is None:
            return self.norwegian
        iso = letters._ltr if is_rtl(language) else (lambda v: v)
        group = "social_results" if self.subject == "social_studies" else "levels"
        level = _word(language, group, self.level, self.level_nb)
        return pattern.format(skill=_word(language, "skills", self.skill, self.skill_nb), level=iso(level),
                              result=level, date=iso(self.day.strftime("%d.%m.%Y")))

SPECS: dict[str, LetterSpec] = {s.kind: s for s in (
    LetterSpec(
        kind="intro_decision", title=_("Decision on the introduction programme"),
        fields=_COMMON | {"person.full_name", "person.birth_date", "person.legal_basis", "settlement.date",
                          "programme.start", "programme.end", "programme.end_goal", "decision.legal_basis",
                          "decision.reasons"},
        required=frozenset({"programme.start", "decision.legal_basis", "decision.reasons"})),
    LetterSpec(
        kind="intro_plan", title=_("Integration plan"),
        fields=_COMMON | {"person.full_name", "plan.end_goal", "programme.period", "plan.revision", "plan.measures"},
        required=frozenset({"plan.measures"}), lists=frozenset({"plan.measures"})),
    LetterSpec(
        kind="participation_certificate", title=_("Participation certificate"),
        fields=_COMMON | {"person.full_name", "person.birth_date", "programme.period", "programme.result",
                          "plan.end_goal", "plan.measures", "tests"},
        required=frozenset({"programme.period", "plan.measures"}), lists=frozenset({"plan.measures", "tests"})),
    LetterSpec(
        kind="absence_rules", title=_("Rules for absence and leave"),
        fields=_COMMON | {"person.first_name", "programme.start", "self_certification.from", "child.days"},
        required=frozenset({"self_certification.from", "child.days"})),
)}
letters.SPECS.update(SPECS)


def intro_document(kind: str, header: Header, values: dict[str, Any], *, language: str = NORWEGIAN,
                   signatures: list[str] | None = None, **record: Any) -> Document:
    """A Document of one of the four kinds; ``signatures`` adds signature fields at the end (the plan)."""
    title, story, notes, _body = letters.compose_letter(kind, header, values, language=language)
    if signatures:
        story.append(KeepTogether([Spacer(1, 14), signature_table(signatures)]))
    printed_language = language if not notes else NORWEGIAN
    return Document(kind=kind, title=title, header=header, flowables=story, language=printed_language,
                    notes=notes + header_warnings(header), **record)


def mapping_form(header: Header, *, person_name: str, rows: list[tuple[str, str]], intro: str,
                 **record: Any) -> Document:
    """The competence mapping printed for the participant (a form: label, value)."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    from .blocks import form_top, key_value_table
    from .layout import styles
    st = styles()
    title = _("Competence mapping")
    story = [form_top(), Paragraph(escape(_("{title}: {name}").format(title=title, name=person_name)), st["heading"]),
             Paragraph(escape(intro), st["body"]), Spacer(1, 6), key_value_table(rows)]
    return Document(kind="competence_mapping", title=title, header=header, flowables=story,
                    notes=header_warnings(header), **record)
