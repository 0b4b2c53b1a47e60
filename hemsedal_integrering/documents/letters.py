"""The four letters: their declared placeholders and how a letter is composed.

A letter is the Norwegian text (heading, body, signature) followed, when asked,
by the same letter in the participant's language. A missing translation never
fails a print: the letter is printed in Norwegian with a visible notice, in
Norwegian and English, saying the translation does not exist yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel import Locale
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from .. import i18n
from ..i18n import _
from ..rules.postal import check_address_lines
from .blocks import Document, letter_top, text_to_flowables
from .fonts import is_rtl
from .layout import ACCENT, Header, header_warnings, styles
from .templates import NORWEGIAN, LetterSpec, Template, expand, load_labels, load_language, load_template

_COMMON = frozenset({
    "recipient.name", "municipality.name", "service.name", "service.phone", "service.email",
    "officer.name", "officer.phone", "officer.email", "today",
})

SPECS: dict[str, LetterSpec] = {s.kind: s for s in (
    LetterSpec(
        kind="meeting_invitation", title=_("Meeting invitation"),
        fields=_COMMON | {"person.first_name", "person.full_name", "meeting.date", "meeting.time", "meeting.place",
                          "meeting.purpose", "interpreter.language", "interpreter_note"},
        required=frozenset({"meeting.date", "meeting.time", "meeting.place", "interpreter_note"}),
        parts=("interpreter", "no_interpreter")),
    LetterSpec(
        kind="inspection_notice", title=_("Notice of housing inspection"),
        fields=_COMMON | {"household.name", "unit.address", "inspection.date", "inspection.time",
                          "inspection.points"},
        required=frozenset({"inspection.date", "inspection.time", "unit.address", "inspection.points"}),
        lists=frozenset({"inspection.points"})),
    LetterSpec(
        kind="placement_confirmation", title=_("Confirmation of practice placement"),
        fields=_COMMON | {"person.first_name", "person.full_name", "workplace.name", "workplace.address",
                          "placement.type", "placement.period", "placement.hours", "supervisor.name",
                          "supervisor.phone"},
        required=frozenset({"workplace.name", "placement.period"})),
    LetterSpec(
        kind="welcome", title=_("Welcome"),
        fields=_COMMON | {"household.name", "settlement.date", "contacts"},
        required=frozenset({"contacts"}),
        lists=frozenset({"contacts"})),
)}


@dataclass(frozen=True)
class Weekday:
    """A date printed with its weekday ('mandag 7. desember 2026')."""

    day: dt.date


@dataclass(frozen=True)
class LanguageName:
    """A language code printed as the language's name in the letter's language."""

    code: str


@dataclass(frozen=True)
class Label:
    """A data label (placement type, meeting topic, contact role) printed in the letter's
    language from ``labels.toml`` (group, key), else as the Norwegian ``text``."""

    group: str
    key: str
    text: str


@dataclass(frozen=True)
class Contact:
    """One line of the welcome letter's contact list; role and 'tel.' follow the language."""

    role: str
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Period:
    """A date range 'start – end' (open end: 'start –')."""

    start: dt.date
    end: dt.date | None


def language_name(code: str, in_language: str = NORWEGIAN) -> str:
    """The name of language ``code`` written in ``in_language`` (babel), e.g. 'ukrainsk'."""
    try:
        name = Locale.parse(in_language).languages.get(code)
    except Exception:  # unknown locale: fall back to Norwegian names
        name = None
    if not name:
        name = Locale.parse(NORWEGIAN).languages.get(code, code)
    return name


def label_text(value: Label, language: str) -> str:
    """A data label in ``language`` (the Norwegian text when there is no translation)."""
    if language == NORWEGIAN:
        return value.text
    group = load_labels(language).get(value.group, {})
    return group.get(value.key) or group.get(value.key.lower()) or value.text


def contact_line(c: Contact, language: str) -> str:
    """'Fastlege / legekontor: Gol legekontor, tlf. 32 02 91 00' in ``language``."""
    words = load_labels(language).get("words", {}) if language != NORWEGIAN else {}
    role = label_text(Label("contact_roles", c.role, c.role), language)
    tel = words.get("tel", "tlf.")  # i18n: data (the Norwegian letter's abbreviation)
    bits = [c.name, c.address, f"{tel} {c.phone}" if c.phone else "", c.email]
    if is_rtl(language):  # Latin names, numbers and addresses stay whole, left to right
        bits = [c.name and _ltr(c.name), c.address and _ltr(c.address),
                f"{tel} {_ltr(c.phone)}" if c.phone else "", c.email and _ltr(c.email)]
        return f"{role}: " + "، ".join(b for b in bits if b)
    return f"{role}: " + ", ".join(b for b in bits if b)


def _one_text(value: Any, language: str) -> str:
    """An item of a listed letter value: a label, contact or self-wording value translated, anything else as it is."""
    if hasattr(value, "for_language"):
        return str(value.for_language(language))
    if isinstance(value, Label):
        return label_text(value, language)
    if isinstance(value, Contact):
        return contact_line(value, language)
    return str(value)


def format_value(value: Any, language: str) -> str | list[str]:
    """A raw letter value as text for ``language`` (dates per locale, lists kept)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return [_one_text(v, language) for v in value]
    if hasattr(value, "for_language"):  # a value that words itself per language (intro letters' measure lines)
        return str(value.for_language(language))
    if isinstance(value, Label):
        return label_text(value, language)
    if isinstance(value, Contact):
        return contact_line(value, language)
    if isinstance(value, Weekday):
        return i18n.weekday_date(value.day, language)
    if isinstance(value, LanguageName):
        return language_name(value.code, language)
    if isinstance(value, Period):
        return f"{i18n.long_date(value.start, language)} – {i18n.long_date(value.end, language)}".rstrip()
    if isinstance(value, dt.datetime):
        return i18n.clock_time(value, language)
    if isinstance(value, dt.time):
        return i18n.clock_time(value, language)
    if isinstance(value, dt.date):
        return i18n.long_date(value, language)
    if isinstance(value, float):
        return i18n.number(value, language)
    return str(value)


def _ltr(value: str) -> str:
    """Inside right-to-left text, keep a value without Arabic letters (a name, a phone
    number '32 05 50 00', an e-mail) left-to-right as one unit (Unicode isolate)."""
    if not value or any("\u0600" <= ch <= "\u06ff" for ch in value):
        return value
    return f"\u2066{value}\u2069"


def _fill(tpl: Template, values: dict[str, Any], language: str, has_interpreter: bool) -> tuple[str, str]:
    formatted = {k: format_value(v, language) for k, v in values.items()}
    if is_rtl(language):
        formatted = {k: ([_ltr(x) for x in v] if isinstance(v, list) else _ltr(v)) for k, v in formatted.items()}
    if "interpreter" in tpl.parts:
        part = tpl.parts["interpreter" if has_interpreter else "no_interpreter"]
        formatted["interpreter_note"] = expand(part, formatted)
    return expand(tpl.heading, formatted), expand(tpl.body, formatted)


def _signature(header: Header) -> list[Flowable]:
    st = styles()
    # The closing of the Norwegian letter text: bokmål like the nb template it ends, whatever the program's language.
    closing = "Med vennlig hilsen"  # i18n: data (part of the Norwegian letter, see above)
    lines = [closing, "", f"<b>{escape(header.officer)}</b>" if header.officer else "",
             escape(header.officer_title) if header.officer_title else None,
             escape(header.service), escape(header.municipality)]
    return [KeepTogether([Spacer(1, 6), Paragraph("<br/>".join(ln for ln in lines if ln is not None), st["body"])])]


def _missing_notice(language: str) -> Flowable:
    st = styles()
    nb_name = language_name(language, NORWEGIAN)
    en_name = language_name(language, "en")
    # Always in Norwegian and English (the letter's own language and a common one), not the program's language.
    text = (f"Dette brevet finnes ikke på {escape(nb_name)} ennå, og er derfor bare skrevet på norsk. "  # i18n: data
            f"Ta kontakt med oss hvis du trenger hjelp eller tolk for å forstå brevet.<br/>"  # i18n: data
            f"This letter is not yet available in {escape(en_name)}, so it is written in Norwegian only. "
            f"Please contact us if you need help or an interpreter to understand it.")
    return Paragraph(text, st["notice"])


def compose_letter(kind: str, header: Header, values: dict[str, Any], *, language: str = NORWEGIAN,
                   has_interpreter: bool = False, root: Path | None = None,
                   body: str | None = None) -> tuple[str, list[Flowable], list[str], str]:
    """Build a letter's story: (Norwegian title, flowables, notes, the filled Norwegian body).

    Raises TemplateError (from loading) before anything is drawn if a template is
    broken. ``notes`` tells the caller about a missing translation. ``body`` replaces
    the filled Norwegian body text (the officer edited it); the translation is not changed.
    """
    spec = SPECS[kind]
    nb = load_template(spec, NORWEGIAN, root)
    assert nb is not None  # load_template raises for a missing Norwegian file
    notes: list[str] = []
    translated: Template | None = None
    lang_info = None
    if language != NORWEGIAN:
        translated = load_template(spec, language, root)
        lang_info = load_language(language, root)
        if translated is None or lang_info is None:
            translated = None
            notes.append(_("Translation into {language} is missing; the letter has been printed in Norwegian.")
                         .format(language=language_name(language)))
    heading, filled = _fill(nb, values, NORWEGIAN, has_interpreter)
    story: list[Flowable] = [letter_top()]
    if notes:
        story.append(_missing_notice(language))
    story += text_to_flowables(body if body is not None else filled, NORWEGIAN, heading=heading)
    story += _signature(header)
    if translated is not None and lang_info is not None:
        t_heading, t_body = _fill(translated, values, language, has_interpreter)
        story += [CondPageBreak(60), Spacer(1, 10), HRFlowable(width="100%", color=ACCENT, thickness=0.8),
                  Spacer(1, 4)]
        story += text_to_flowables(lang_info.translation_heading, language)
        story += text_to_flowables(t_body, language, heading=t_heading)
    return nb.title, story, notes, filled


def letter_document(kind: str, header: Header, values: dict[str, Any], *, language: str = NORWEGIAN,
                    has_interpreter: bool = False, root: Path | None = None, body: str | None = None,
                    **record: Any) -> Document:
    """A Document for ``kind`` (see SPECS) ready for ``render``; ``record`` fills the log fields.
    ``body``: the officer's edited Norwegian text (kept in ``edited_body`` for the print record)."""
    title, story, notes, filled = compose_letter(kind, header, values, language=language,
                                                 has_interpreter=has_interpreter, root=root, body=body)
    printed_language = language if not notes else NORWEGIAN  # notes so far: only a missing translation
    edited = body if body is not None and body.strip() != filled.strip() else ""
    postal = check_address_lines(header.recipient)
    return Document(kind=kind, title=title, header=header, flowables=story, language=printed_language,
                    notes=notes + header_warnings(header) + ([postal] if postal else []), body=filled,
                    edited_body=edited, **record)
