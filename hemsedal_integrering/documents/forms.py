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
from ..i18n import _
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
    type_code: str = ""  # vocab.PLACEMENT_TYPES code: decides the terms on employment and wages
    sector: str = ""  # vocab.SECTORS code: kindergarten/school and health/care get the police certificate line
    is_municipal: bool = False  # every municipal placement gets the confidentiality declaration


#: Language and work practice are unpaid practice; a wage subsidy, a temporary post or a
#: traineeship is employment with wages (see ../shared DOMAIN: placement agreements).
UNPAID_TYPES = frozenset({"language", "work"})
EMPLOYED_TYPES = frozenset({"wage_subsidy", "temporary", "trainee"})
POLICE_CERTIFICATE_SECTORS = frozenset({"education", "health_care"})


def employment_term(type_code: str) -> str:
    """What the agreement says about employment and wages for the placement type ('' = nothing)."""
    if type_code in UNPAID_TYPES:
        return _("The practice is part of the participant's introduction programme or measure. The participant is "
                 "not employed and gets no wages from the workplace.")
    if type_code in EMPLOYED_TYPES:
        return _("The participant is employed by the workplace and gets wages under a separate employment "
                 "contract (arbeidsmiljøloven § 14-5). This agreement does not replace the employment contract.")
    return ""


AGREEMENT_TERMS = [
    _("The workplace gives the participant training, tasks adapted to language and experience, and a permanent "
      "supervisor/mentor."),
    _("The participant follows the workplace's rules on working hours, safety and confidentiality."),
    _("Absence is reported the same day to both the supervisor and the integration service."),
    _("The parties meet for evaluation during and at the end of the period."),
    _("Each of the parties can end the practice after talking with the other parties."),
]


def _with_phone(name: str, phone: str) -> str:
    """'Kari Nordby (tlf. 32 05 50 00)': a name and, if there is one, the phone number."""
    return " ".join(filter(None, [name, phone and _("(tel. {phone})").format(phone=phone)]))


def placement_agreement(data: AgreementData) -> list[Flowable]:
    """A placement agreement with signature fields for participant, workplace and service."""
    st = styles()
    period = f"{i18n.short_date(data.start)} – {i18n.short_date(data.end)}" if data.end else \
        _("from {start} (end date to be agreed)").format(start=i18n.short_date(data.start))
    story: list[Flowable] = [form_top(), Paragraph(escape(_("Practice placement agreement")), st["heading"])]
    story += [_h(_("Participant")), key_value_table([(_("Name"), data.participant),
                                                     (_("Date of birth"), i18n.short_date(data.birth_date)),
                                                     (_("Phone"), data.participant_phone)])]
    story += [_h(_("Workplace")), key_value_table([(_("Workplace"), data.workplace),
                                                   (_("Address"), data.workplace_address),
                                                   (_("Contact person"), _with_phone(data.contact,
                                                                                     data.contact_phone)),
                                                   (_("Supervisor / mentor"), _with_phone(data.supervisor,
                                                                                         data.supervisor_phone))])]
    story += [_h(_("The practice")), key_value_table([(_("Type"), data.placement_type), (_("Period"), period),
                                                      (_("Hours per week"), i18n.number(data.hours_per_week)),
                                                      (_("Measure from Nav"), data.nav_measure or _("None")),
                                                      (_("Tasks"), "")]),
              WritingLines(1, gap=7 * mm), Spacer(1, 2)]
    story.append(_h(_("Terms")))
    terms = [t for t in (employment_term(data.type_code),) if t] + AGREEMENT_TERMS
    story += [Paragraph(escape(t), st["bullet"], bulletText="•") for t in terms]
    if data.sector in POLICE_CERTIFICATE_SECTORS:
        story += [Spacer(1, 3), KeepTogether([
            _h(_("Police certificate")),
            Paragraph(escape(_("Kindergartens, schools and health and care services may require a police "
                               "certificate (politiattest) before the practice starts (barnehageloven § 30, "
                               "opplæringslova, helse- og omsorgstjenesteloven § 5-4). The workplace says whether "
                               "it is required; the participant applies for it at politiet.no.")), st["body"]),
            _tick_line([_("Police certificate shown"), _("Not required for this practice")])])]
    story += [Spacer(1, 4), KeepTogether([_h(_("Signatures")),
                                          signature_table([_("Participant"), _("The workplace"),
                                                           _("The integration service")])])]
    if data.is_municipal:
        story += [Spacer(1, 6), KeepTogether([
            _h(_("Confidentiality declaration")),
            Paragraph(escape(_("I, {name}, know that I have a duty of confidentiality (forvaltningsloven § 13) about "
                               "what I learn about other people's personal matters during the practice at {place}. "
                               "The duty also applies after the practice has ended.").format(
                name=data.participant, place=data.workplace)), st["body"]),
            signature_table([_("Participant")])])]
    return story


def _tick_line(labels: list[str]) -> Table:
    """Tick boxes side by side with their labels."""
    st = styles()
    cells: list = []
    for label in labels:
        cells += [TickBox(), Paragraph(escape(label), st["cell"])]
    t = Table([cells], colWidths=[6 * mm, TEXT_W / len(labels) - 6 * mm] * len(labels))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


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
    #: A recorded inspection: (result code, remark) per point, parallel to ``points``; empty = blank form.
    results: list[tuple[str | None, str]] = field(default_factory=list)
    remarks: str = ""
    inspector: str = ""
    measures: list[tuple[str, str, str]] = field(default_factory=list)  # (measure, due date, responsible)


RESULT_COLUMNS = ("ok", "follow_up", "not_relevant")
#: Height of each ruled line to write a remark on by hand (two per point on a blank form).
REMARK_LINE = 8.5 * mm


def inspection_checklist(data: ChecklistData) -> list[Flowable]:
    """Checklist table with OK / Følges opp / Ikke aktuelt boxes and a remark line per point;
    for a recorded inspection the boxes are ticked and the remarks, measures and inspector filled in."""
    st = styles()
    filled = bool(data.results)
    title = (_("Housing inspection – year {year}, {season} (recorded)") if filled
             else _("Checklist for housing inspection – year {year}, {season}"))
    story: list[Flowable] = [
        form_top(),
        Paragraph(escape(title.format(year=data.follow_up_year, season=data.season_label.lower())), st["heading"]),
        key_value_table([(_("Household"), data.household), (_("Address"), data.address),
                         (_("Moved in"), i18n.short_date(data.tenancy_start)),
                         (_("Date of the inspection"), i18n.short_date(data.visit_date)),
                         (_("Inspector") if filled else _("Present"), data.inspector)]),
        Spacer(1, 8),
    ]
    box_w = 17 * mm
    text_w = TEXT_W - 3 * box_w
    point = _("Checkpoint")
    header = [Paragraph(f"<b>{escape(point)}</b>", st["cell"])] + [
        Paragraph(f"<para alignment='center'><b>{escape(t)}</b></para>", st["cell"])
        for t in (_("OK"), _("To be followed up"), _("Not relevant"))]
    rows: list[list] = [header]
    cmds: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                         ("LINEBELOW", (0, 0), (-1, 0), 0.8, black), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                         ("LEFTPADDING", (0, 0), (0, -1), 3)]
    heights: list[float | None] = [None]
    category = None
    for n, (cat, text) in enumerate(data.points):
        result, remark = data.results[n] if n < len(data.results) else (None, "")
        first = len(rows)  # a point never parts from its category heading (first point) or its remark lines
        if cat != category:
            category = cat
            heading = cat or _("Other")
            rows.append([Paragraph(f"<b>{escape(heading)}</b>", st["cell"]), "", "", ""])
            heights.append(None)
            i = len(rows) - 1
            cmds += [("SPAN", (0, i), (-1, i)), ("TOPPADDING", (0, i), (-1, i), 9)]
        rows.append([Paragraph(escape(text), st["cell"])] + [TickBox(checked=result == code)
                                                              for code in RESULT_COLUMNS])
        heights.append(None)
        rows.append([Paragraph(escape(_("Remark:") + (f" {remark}" if remark else "")), st["small"]), "", "", ""])
        i = len(rows) - 1
        cmds += [("SPAN", (0, i), (-1, i)), ("VALIGN", (0, i), (-1, i), "TOP"), ("TOPPADDING", (0, i), (-1, i), 2)]
        if filled:
            heights.append(None)
            cmds.append(("LINEBELOW", (0, i), (-1, i), 0.4, RULE))
        else:  # room to write by hand: the label line and one more ruled line
            heights.append(REMARK_LINE)
            rows.append(["", "", "", ""])
            heights.append(REMARK_LINE)
            cmds += [("LINEBELOW", (0, i), (-1, i), 0.3, RULE), ("SPAN", (0, i + 1), (-1, i + 1)),
                     ("LINEBELOW", (0, i + 1), (-1, i + 1), 0.6, RULE)]
        cmds.append(("NOSPLIT", (0, first), (-1, len(rows) - 1)))
    table = Table(rows, colWidths=[text_w, box_w, box_w, box_w], rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle(cmds))
    story += [table, Spacer(1, 10), CondPageBreak(70 * mm), _h(_("Other remarks and agreements"))]
    if filled:
        story.append(Paragraph(escape(data.remarks or _("None.")), st["body"]))
        story.append(_h(_("Measures")))
        if data.measures:
            rows = [[Paragraph(f"<b>{escape(c)}</b>", st["cell"])
                     for c in (_("Measure"), _("Deadline"), _("Responsible"))]]
            rows += [[Paragraph(escape(v), st["cell"]) for v in m] for m in data.measures]
            mt = Table(rows, colWidths=[TEXT_W * .55, TEXT_W * .15, TEXT_W * .30], repeatRows=1)
            mt.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)]))
            story.append(mt)
        else:
            story.append(Paragraph(escape(_("No measures.")), st["body"]))
        story.append(Spacer(1, 12))
    else:
        story += [WritingLines(4, gap=8 * mm), Spacer(1, 12)]
    story.append(signature_table([_("Tenant"), _("The municipality (inspector)")]))
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
    empty: str = field(default_factory=lambda: _("None registered."))


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
