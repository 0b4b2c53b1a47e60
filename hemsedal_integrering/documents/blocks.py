"""Shared building blocks: the Document a service hands to the renderer, text to
paragraphs (bullets, right-to-left), tick boxes, signature and writing lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..i18n import _
from .fonts import ARABIC, ARABIC_BOLD, is_rtl, markup, rtl_lines
from .layout import FIRST_FRAME_TOP, FORM_BODY_TOP, LETTER_BODY_TOP, TEXT_W, Header, styles


@dataclass
class Document:
    """One printable letter or form: its letterhead, its story, and what to record.

    ``kind`` is the letter/form code, ``title`` the Norwegian title (PDF metadata and
    the printed-documents log), ``language`` the extra language printed after
    the Norwegian text ('nb' when Norwegian only).
    """

    kind: str
    title: str
    header: Header
    flowables: list[Flowable]
    language: str = "nb"
    household_id: int | None = None
    person_id: int | None = None
    entity: str = ""
    entity_id: int | None = None
    recipient: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. "translation missing"
    #: The Norwegian body as filled in from the template (what the officer may edit) and the
    #: officer's changed text ('' = not changed; kept with the print record).
    body: str = ""
    edited_body: str = ""


def letter_top() -> Spacer:
    """Room for the window address on a letter's first page."""
    return Spacer(1, LETTER_BODY_TOP - FIRST_FRAME_TOP)


def form_top() -> Spacer:
    """Room for the reference block on a form's first page."""
    return Spacer(1, FORM_BODY_TOP - FIRST_FRAME_TOP)


def text_to_flowables(text: str, language: str = "nb", heading: str | None = None) -> list[Flowable]:
    """Body text to paragraphs: blank line = new paragraph, '- ' lines = bullets.

    Arabic-script languages are broken into lines first and then shaped and
    reordered, right aligned (see fonts.py).
    """
    st = styles()
    out: list[Flowable] = []
    rtl = is_rtl(language)
    if heading:
        if rtl:
            out.append(Paragraph("<br/>".join(rtl_lines(heading, TEXT_W, ARABIC_BOLD, 13.5)), st["rtl_heading"]))
        else:
            out.append(Paragraph(markup(heading), st["heading"]))
    for block in _blocks(text):
        bullets = all(line.startswith("- ") for line in block)
        if rtl:
            if bullets:
                for line in block:
                    out.append(Paragraph("<br/>".join(rtl_lines("• " + line[2:], TEXT_W - 14, ARABIC, 10.5)),
                                         st["rtl"]))
            else:
                out.append(Paragraph("<br/>".join(rtl_lines("\n".join(block), TEXT_W, ARABIC, 10.5)), st["rtl"]))
        elif bullets:
            for line in block:
                out.append(Paragraph(markup(line[2:]), st["bullet"], bulletText="•"))
            out.append(Spacer(1, 4))
        else:
            out.append(Paragraph("<br/>".join(markup(line) for line in block), st["body"]))
    return out


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        # a bullet list directly after a text line starts its own block
        if current and line.startswith("- ") != current[-1].startswith("- "):
            blocks.append(current)
            current = []
        current.append(line.strip() if not line.startswith("- ") else line)
    if current:
        blocks.append(current)
    return blocks


class TickBox(Flowable):
    """An empty square to tick by hand (``checked``: a recorded answer, drawn as a cross)."""

    def __init__(self, size: float = 3.6 * mm, checked: bool = False) -> None:
        super().__init__()
        self.size = size
        self.checked = checked

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(0.7)
        self.canv.setStrokeColor(black)
        self.canv.rect(0, 0, self.size, self.size)
        if self.checked:
            inset = self.size * 0.2
            self.canv.setLineWidth(1.1)
            self.canv.line(inset, inset, self.size - inset, self.size - inset)
            self.canv.line(inset, self.size - inset, self.size - inset, inset)


class WritingLines(Flowable):
    """``count`` ruled lines for handwriting."""

    def __init__(self, count: int, width: float = TEXT_W, gap: float = 8 * mm) -> None:
        super().__init__()
        self.count, self.width, self.gap = count, width, gap

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.count * self.gap

    def draw(self) -> None:
        self.canv.setLineWidth(0.4)
        self.canv.setStrokeColor(Color(.55, .55, .55))
        for i in range(self.count):
            y = i * self.gap
            self.canv.line(0, y, self.width, y)


def signature_table(parties: list[str]) -> Table:
    """Signature fields side by side: 'Sted og dato' and 'Underskrift' per party."""
    st = styles()
    col = TEXT_W / len(parties)
    cells = [
        [Paragraph(f"<b>{escape(p)}</b>", st["cell"]) for p in parties],
        [Spacer(1, 10 * mm) for _party in parties],
        [Paragraph(escape(_("Place and date")), st["small"]) for _party in parties],
        [Spacer(1, 10 * mm) for _party in parties],
        [Paragraph(escape(_("Signature")), st["small"]) for _party in parties],
    ]
    t = Table(cells, colWidths=[col] * len(parties))
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for i in range(len(parties)):
        cmds += [("LINEBELOW", (i, 1), (i, 1), 0.6, black), ("LINEBELOW", (i, 3), (i, 3), 0.6, black)]
    t.setStyle(TableStyle(cmds))
    return t


def key_value_table(rows: list[tuple[str, str]], label_width: float = 45 * mm) -> Table:
    """Two columns: grey label, value (empty values show a writing line)."""
    st = styles()
    data = [[Paragraph(escape(k), st["cellbold"]), Paragraph(escape(v) if v else "", st["cell"])] for k, v in rows]
    t = Table(data, colWidths=[label_width, TEXT_W - label_width])
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2)]
    for i, (_k, v) in enumerate(rows):
        if not v:
            cmds.append(("LINEBELOW", (1, i), (1, i), 0.4, Color(.55, .55, .55)))
    t.setStyle(TableStyle(cmds))
    return t
