"""The introduction programme's four letters, added to the letter system as new kinds.

* ``intro_decision`` – the decision (enkeltvedtak): facts, legal basis, reasons,
  the benefit, the right to appeal within three weeks and where
  (forvaltningsloven §§ 28–29), the right to see the documents (§ 18).
* ``intro_plan`` – the integration plan (integreringsloven § 15) for signature.
* ``participation_certificate`` – deltakerbevis at completion or interruption (§ 18 a).
* ``absence_rules`` – notice of the absence rules (§ 17, integreringsforskriften),
  our own text, with IMDi's multilingual pages as the reference.

The texts are templates under ``resources/letters/<language>/`` like the other
letters (Norwegian, English, Ukrainian shipped); a language without the file
prints in Norwegian with the usual notice. Registering the specs here keeps
``letters.py`` as it is.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether, Spacer

from ..i18n import _
from . import letters
from .blocks import Document, signature_table
from .layout import Header, header_warnings
from .templates import NORWEGIAN, LetterSpec

_COMMON = letters._COMMON  # the placeholders every letter has (recipient, municipality, service, officer, today)

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
