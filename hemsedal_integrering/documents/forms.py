"""The three forms: practice placement agreement, blank inspection checklist,
household summary. Each takes plain data (strings, dates) and returns a story;
services/printing.py gathers the data. Forms are in Norwegian.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .. import i18n
from .blocks import TickBox, WritingLines, form_top, key_value_table, signature_table
from .layout import TEXT_W, styles

LIGHT = Color(.92, .94, .96)
RULE = Color(.6, .6, .6)


def _h(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["subheading"])


# ----------------------------------------------------------------- placement agreement

@dataclass
class AgreementData:
    """What a practice placement agreement states."""

    participant: str
    birth_date: dt.date | None
    participant_phone: str
    workplace: str
    workplace_address: str
    contact: str
    contact_phone: str
    placement_type: str
    start: dt.date
    end: dt.date | None
    hours_per_week: float
    supervisor: str
    supervisor_phone: str
    nav_measure: str
    service: str
    officer: str


AGREEMENT_TERMS = [
    "Praksisen er en del av deltakerens introduksjonsprogram eller tiltak. Deltakeren er ikke ansatt "
    "og får ikke lønn fra arbeidsplassen, med mindre det er avtalt lønnstilskudd.",
    "Arbeidsplassen gir deltakeren opplæring, arbeidsoppgaver tilpasset språk og erfaring, og en fast "
    "arbeidsleder/mentor.",
    "Deltakeren følger arbeidsplassens regler for arbeidstid, sikkerhet og taushetsplikt.",
    "Fravær meldes samme dag til både arbeidslederen og integreringstjenesten.",
    "Partene møtes til evaluering underveis og ved slutten av perioden.",
    "Hver av partene kan avslutte praksisen etter samtale med de andre partene.",
]


def placement_agreement(data: AgreementData) -> list[Flowable]:
    """A placement agreement with signature fields for participant, workplace and service."""
    st = styles()
    period = f"{i18n.short_date(data.start)} – {i18n.short_date(data.end)}" if data.end else \
        f"fra {i18n.short_date(data.start)} (sluttdato avtales)"
    story: list[Flowable] = [form_top(), Paragraph("Avtale om praksisplass", st["heading"])]
    story += [_h("Deltaker"), key_value_table([("Navn", data.participant),
                                                ("Fødselsdato", i18n.short_date(data.birth_date)),
                                                ("Telefon", data.participant_phone)])]
    story += [_h("Arbeidsplass"), key_value_table([("Arbeidsplass", data.workplace),
                                                    ("Adresse", data.workplace_address),
                                                    ("Kontaktperson", " ".join(filter(None, [
                                                        data.contact, data.contact_phone and
                                                        f"(tlf. {data.contact_phone})"]))),
                                                    ("Arbeidsleder / mentor", " ".join(filter(None, [
                                                        data.supervisor, data.supervisor_phone and
                                                        f"(tlf. {data.supervisor_phone})"])))])]
    story += [_h("Praksisen"), key_value_table([("Type", data.placement_type), ("Periode", period),
                                                 ("Timer per uke", i18n.number(data.hours_per_week)),
                                                 ("Tiltak fra Nav", data.nav_measure or "Ingen"),
                                                 ("Arbeidsoppgaver", "")]),
              WritingLines(1, gap=7 * mm), Spacer(1, 2)]
    story.append(_h("Vilkår"))
    story += [Paragraph(escape(t), st["bullet"], bulletText="•") for t in AGREEMENT_TERMS]
    story += [Spacer(1, 4), KeepTogether([_h("Underskrifter"),
                                          signature_table(["Deltaker", "Arbeidsplassen",
                                                           "Integreringstjenesten"])])]
    return story


# ----------------------------------------------------------------- inspection checklist

@dataclass
class ChecklistData:
    """A blank checklist for one visit: who, where, which year and season, which points."""

    household: str
    address: str
    tenancy_start: dt.date | None
    follow_up_year: int
    season_label: str
    visit_date: dt.date | None
    points: list[tuple[str, str]]  # (category, text) in print order


def inspection_checklist(data: ChecklistData) -> list[Flowable]:
    """Checklist table with OK / Følges opp / Ikke aktuelt boxes and a remark line per point."""
    st = styles()
    story: list[Flowable] = [
        form_top(),
        Paragraph(f"Sjekkliste for boligtilsyn – år {data.follow_up_year}, {escape(data.season_label.lower())}",
                  st["heading"]),
        key_value_table([("Husstand", data.household), ("Adresse", data.address),
                         ("Innflyttet", i18n.short_date(data.tenancy_start)),
                         ("Dato for tilsynet", i18n.short_date(data.visit_date)),
                         ("Til stede", "")]),
        Spacer(1, 8),
    ]
    box_w = 17 * mm
    text_w = TEXT_W - 3 * box_w
    header = [Paragraph("<b>Punkt</b>", st["cell"])] + [
        Paragraph(f"<para alignment='center'><b>{t}</b></para>", st["cell"])
        for t in ("OK", "Følges opp", "Ikke aktuelt")]
    rows: list[list] = [header]
    cmds: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                         ("LINEBELOW", (0, 0), (-1, 0), 0.8, black), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                         ("LEFTPADDING", (0, 0), (0, -1), 3)]
    category = None
    for cat, text in data.points:
        if cat != category:
            category = cat
            rows.append([Paragraph(f"<b>{escape(cat or 'Annet')}</b>", st["cell"]), "", "", ""])
            i = len(rows) - 1
            cmds += [("SPAN", (0, i), (-1, i)), ("TOPPADDING", (0, i), (-1, i), 7)]
        rows.append([Paragraph(escape(text), st["cell"]), TickBox(), TickBox(), TickBox()])
        rows.append([Paragraph("Merknad:", st["small"]), "", "", ""])
        i = len(rows) - 1
        cmds += [("SPAN", (0, i), (-1, i)), ("LINEBELOW", (0, i), (-1, i), 0.4, RULE),
                 ("TOPPADDING", (0, i), (-1, i), 11), ("BOTTOMPADDING", (0, i), (-1, i), 1)]
    table = Table(rows, colWidths=[text_w, box_w, box_w, box_w], repeatRows=1)
    table.setStyle(TableStyle(cmds))
    story += [table, Spacer(1, 10), CondPageBreak(70 * mm), _h("Andre merknader og avtaler"),
              WritingLines(4, gap=8 * mm), Spacer(1, 12),
              signature_table(["Leietaker", "Kommunen (tilsynsperson)"])]
    return story


# ----------------------------------------------------------------- household summary

@dataclass
class Section:
    """A titled part of the summary: key/value rows, or a table with column titles."""

    title: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # fractions of the text width
    empty: str = "Ingen registrert."


def household_summary(title: str, intro: str, sections: list[Section]) -> list[Flowable]:
    """The summary of what the service holds about a household (also for a request for access)."""
    st = styles()
    story: list[Flowable] = [form_top(), Paragraph(escape(title), st["heading"]),
                             Paragraph(escape(intro), st["body"])]
    for sec in sections:
        parts: list[Flowable] = [_h(sec.title)]
        if sec.pairs:
            parts.append(key_value_table(sec.pairs))
        elif sec.rows:
            widths = [w * TEXT_W for w in (sec.widths or [1 / len(sec.columns)] * len(sec.columns))]
            data = [[Paragraph(f"<b>{escape(c)}</b>", st["cell"]) for c in sec.columns]]
            data += [[Paragraph(escape(v), st["cell"]) for v in row] for row in sec.rows]
            t = Table(data, colWidths=widths, repeatRows=1)
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
            parts.append(t)
        else:
            parts.append(Paragraph(escape(sec.empty), st["body"]))
        story.append(KeepTogether(parts[:2]) if len(parts) >= 2 else parts[0])
        story += parts[2:]
        story.append(Spacer(1, 4))
    return story
