"""The letter standard on paper: letterhead, window-envelope address, reference
block, footer and page numbers, for one document or a batch of many in one PDF.

Geometry (A4, DIN 5008 form B, fits C5/C4 envelopes with a LEFT window): the
window is 20 mm from the left edge, 45–90 mm from the top and 85 mm wide; the
text keeps a 5 mm inset (it starts at 25 mm, like the municipal templates),
with a small return-address line at its top. Every text drawn on the canvas
is fitted to its box (see fitting.py): long names wrap, then shrink, then are
cut with a warning, never running over the reference block or the margins. "Vår ref.", "Deres ref.",
"Dato" and the saksbehandler sit at the right, level with the address. Pages
after the first carry a slim header. Multi-page documents get "Side x av y";
in a batch each document counts its own pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..i18n import _
from .fitting import FittedBlock, FittedLine, fit_block, fit_line
from .fonts import ARABIC, SANS, SANS_BOLD, SANS_ITALIC, register_fonts

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
GREY = Color(0.35, 0.35, 0.35)
ACCENT = Color(0.05, 0.27, 0.45)  # dark blue, prints fine in greyscale

#: The window of a C5/C4 left-window envelope (DIN 5008 form B): 20 mm from the left
#: edge, 45 mm from the top, 85 x 45 mm. Text keeps a 5 mm inset on every side, so an
#: address that slides a little in the envelope is still read whole.
WINDOW_X, WINDOW_TOP, WINDOW_W, WINDOW_H = 20 * mm, 45 * mm, 85 * mm, 45 * mm
ADDRESS_X = WINDOW_X + 5 * mm
ADDRESS_W = WINDOW_W - 10 * mm
RETURN_BASELINE = WINDOW_TOP + 4 * mm  # the sender line at the top of the window
ADDRESS_TOP = WINDOW_TOP + 7 * mm  # the recipient lines: 52 mm ...
ADDRESS_BOTTOM = WINDOW_TOP + WINDOW_H - 2 * mm  # ... to 88 mm from the top
ADDRESS_SIZES = (10.5, 9.5, 8.5)
HEAD_SIZES = (17, 15, 13, 11)
REF_X = 122 * mm
REF_VALUE_X = REF_X + 20 * mm


@dataclass
class Header:
    """Everything the letterhead of one document shows.

    ``recipient`` empty = a form without a window address. ``org_nr`` empty is
    left out entirely. ``confidential`` prints "Unntatt offentlighet, offl. § 13".
    """

    municipality: str
    service: str
    postal_address: str = ""
    visiting_address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    org_nr: str = ""
    recipient: list[str] = field(default_factory=list)
    our_ref: str = ""
    your_ref: str = ""
    date: str = ""
    officer: str = ""
    officer_title: str = ""  # the officer's job title, printed under the signature
    officer_phone: str = ""
    officer_email: str = ""
    confidential: bool = True
    logo: str = ""  # path to a PNG/JPEG the administrator chose; blank = text only


class StartDocument(Flowable):
    """Zero-size marker: a new document (letter or form) begins on this page."""

    def __init__(self, header: Header, index: int) -> None:
        super().__init__()
        self.header = header
        self.index = index
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv._doc_header = self.header
        canv._doc_index = self.index
        canv._doc_first_page = canv.getPageNumber()


class NumberedCanvas(Canvas):
    """Keeps pages until the end so each document can print "Side x av y"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._doc_index = 0

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(p["_doc_index"] for p in self._pages)
        seen: Counter[int] = Counter()
        for state in self._pages:
            self.__dict__.update(state)
            index = state["_doc_index"]
            seen[index] += 1
            if totals[index] > 1:
                self.setFont(SANS, 8.5)
                self.setFillColor(GREY)
                self.drawRightString(PAGE_W - RIGHT, 8 * mm, _("Page {page} of {pages}").format(
                    page=seen[index], pages=totals[index]))
            Canvas.showPage(self)
        Canvas.save(self)


def _draw_fitted(c: Canvas, x: float, y: float, text: str, font: str, width: float, sizes: tuple[float, ...],
                 right: bool = False) -> FittedLine:
    fitted = fit_line(text, font, width, sizes)
    c.setFont(font, fitted.size)
    (c.drawRightString if right else c.drawString)(x, y, fitted.text)
    return fitted


FOOTER_SIZES = (7.5, 7.0, 6.5, 6.0)


def _footer(c: Canvas, h: Header) -> None:
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.line(LEFT, 22 * mm, PAGE_W - RIGHT, 22 * mm)
    c.setFillColor(GREY)
    left = [_("Postal address: {address}").format(address=h.postal_address) if h.postal_address else "",
            _("Visiting address: {address}").format(address=h.visiting_address) if h.visiting_address else ""]
    mid = [_("Phone: {phone}").format(phone=h.phone) if h.phone else "",
           _("E-mail: {email}").format(email=h.email) if h.email else ""]
    right = [h.website, _("Org. no.: {number}").format(number=h.org_nr) if h.org_nr else ""]
    columns = ((LEFT, 61 * mm, left), (LEFT + 63 * mm, 62 * mm, mid), (LEFT + 127 * mm, TEXT_W - 127 * mm, right))
    for x, width, lines in columns:
        y = 18 * mm
        for line in (ln for ln in lines if ln):
            _draw_fitted(c, x, y, line, SANS, width, FOOTER_SIZES)
            y -= 3.4 * mm


def _marker_lines() -> tuple[str, str]:
    return _("Exempt from public disclosure"), _("FOI Act § 13")


def _first_page(c: Canvas, h: Header) -> None:
    top = PAGE_H
    x = LEFT
    if h.logo:
        try:
            c.drawImage(h.logo, LEFT, top - 27 * mm, width=16 * mm, height=16 * mm, preserveAspectRatio=True,
                        anchor="sw", mask="auto")
            x = LEFT + 20 * mm
        except (OSError, ValueError):
            pass  # a missing or unreadable logo never stops a letter; the text letterhead remains
    # the municipality's name and service never reach the confidentiality marker at the right
    marker_w = max(c.stringWidth(t, SANS_BOLD, 8.5) for t in _marker_lines()) + 6 * mm if h.confidential else 0
    name_w = PAGE_W - RIGHT - x - marker_w
    c.setFillColor(ACCENT)
    _draw_fitted(c, x, top - 20 * mm, h.municipality, SANS_BOLD, name_w, HEAD_SIZES)
    c.setFillColor(black)
    _draw_fitted(c, x, top - 25.5 * mm, h.service, SANS, name_w, (10, 9, 8))
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1.2)
    c.line(LEFT, top - 29 * mm, PAGE_W - RIGHT, top - 29 * mm)
    if h.confidential:
        marker, law = _marker_lines()
        c.setFont(SANS_BOLD, 8.5)
        c.setFillColor(black)
        c.drawRightString(PAGE_W - RIGHT, top - 20 * mm, marker)
        c.setFont(SANS, 8.5)
        c.drawRightString(PAGE_W - RIGHT, top - 24 * mm, law)
    if not h.recipient:  # a form: references on one line under the letterhead
        _form_refs(c, h)
        return
    _window_address(c, h)
    _reference_block(c, h)


def return_line(h: Header) -> FittedLine:
    """The small sender line at the top of the window."""
    back = ", ".join(p for p in (h.municipality, h.postal_address) if p)
    return fit_line(back, SANS, ADDRESS_W, (6.5, 6.0, 5.5))


def fit_address(recipient: list[str]) -> FittedBlock:
    """The recipient lines wrapped into the window's address zone (10.5 pt, then 9.5 and
    8.5 pt, then cut with an ellipsis: ``cut`` tells the caller to warn)."""
    return fit_block(recipient, SANS, ADDRESS_W, ADDRESS_BOTTOM - ADDRESS_TOP, ADDRESS_SIZES)


def _window_address(c: Canvas, h: Header) -> None:
    back = return_line(h)
    c.setFont(SANS, back.size)
    c.setFillColor(GREY)
    c.drawString(ADDRESS_X, PAGE_H - RETURN_BASELINE, back.text)
    block = fit_address(h.recipient)
    c.setFillColor(black)
    c.setFont(SANS, block.size)
    y = PAGE_H - ADDRESS_TOP - block.size
    for line in block.lines:
        c.drawString(ADDRESS_X, y, line)
        y -= block.leading


REF_SIZES = (9.5, 8.5, 7.5)


def _ref_value(c: Canvas, x: float, y: float, text: str, width: float) -> tuple[float, bool]:
    """Draw one reference value at (x, y): one line, shrunk, else two lines; returns the next
    baseline and whether the value had to be cut."""
    fitted = fit_line(text, SANS, width, REF_SIZES)
    if not fitted.cut:
        c.setFont(SANS, fitted.size)
        c.drawString(x, y, fitted.text)
        return y - 4.6 * mm, False
    block = fit_block([text], SANS, width, 2 * REF_SIZES[-1] * 1.2, REF_SIZES[-1:], leading_factor=1.2)
    c.setFont(SANS, block.size)
    for line in block.lines:
        c.drawString(x, y, line)
        y -= block.leading
    return y + block.leading - 4.6 * mm, block.cut


def reference_rows(h: Header) -> list[tuple[str, str]]:
    return [(_("Our ref.:"), h.our_ref), (_("Your ref.:"), h.your_ref), (_("Date:"), h.date)]


def officer_lines(h: Header) -> list[str]:
    return [ln for ln in (h.officer, h.officer_phone and _("Tel. {phone}").format(phone=h.officer_phone),
                          h.officer_email) if ln]


def _reference_block(c: Canvas, h: Header) -> bool:
    """'Vår ref.', 'Deres ref.', 'Dato' and the case officer, right of the window, never past
    the right margin; returns True when a value had to be cut."""
    cut = False
    y = PAGE_H - WINDOW_TOP - 3 * mm
    for label, value in reference_rows(h):
        c.setFont(SANS, 8.5)
        c.setFillColor(GREY)
        c.drawString(REF_X, y, label)
        c.setFillColor(black)
        y, was_cut = _ref_value(c, REF_VALUE_X, y, value, PAGE_W - RIGHT - REF_VALUE_X)
        cut |= was_cut
    lines = officer_lines(h)
    if lines:
        y -= 2 * mm
        c.setFont(SANS, 8.5)
        c.setFillColor(GREY)
        c.drawString(REF_X, y, _("Case officer:"))
        c.setFillColor(black)
        y -= 4.4 * mm
        for line in lines:
            y, was_cut = _ref_value(c, REF_X, y, line, PAGE_W - RIGHT - REF_X)
            y += 0.2 * mm
            cut |= was_cut
    return cut


def header_warnings(h: Header) -> list[str]:
    """What the letterhead had to cut to stay inside the window and the margins, in words
    for the officer (empty when everything fits). Checked before printing."""
    out: list[str] = []
    if h.recipient and fit_address(h.recipient).cut:
        out.append(_("The recipient's name and address are too long for the envelope window and have been "
                     "shortened. Check the address before the letter is sent."))
    values = [v for _label, v in reference_rows(h)] + officer_lines(h)
    widths = [PAGE_W - RIGHT - REF_VALUE_X] * 3 + [PAGE_W - RIGHT - REF_X] * (len(values) - 3)
    if h.recipient and any(fit_block([v], SANS, w, 2 * REF_SIZES[-1] * 1.2, REF_SIZES[-1:], 1.2).cut
                           for v, w in zip(values, widths, strict=True)
                           if fit_line(v, SANS, w, REF_SIZES).cut):
        out.append(_("A reference or the case officer's details are too long and have been shortened."))
    return out


def _form_refs(c: Canvas, h: Header) -> None:
    phone = h.officer_phone and _("tel. {phone}").format(phone=h.officer_phone)
    officer = ", ".join(p for p in (h.officer, phone, h.officer_email) if p)
    lines = [[(_("Our ref.:"), h.our_ref), (_("Date:"), h.date)], [(_("Case officer:"), officer)]]
    y = PAGE_H - 34.5 * mm
    for line in lines:
        items = [(label, value) for label, value in line if value]
        fixed = sum(c.stringWidth(label, SANS, 8.5) + 1.5 * mm + 7 * mm for label, _v in items)
        room = TEXT_W - fixed + 7 * mm
        natural = [c.stringWidth(v, SANS, 9) for _label, v in items]
        scale = min(1.0, room / sum(natural)) if natural and sum(natural) else 1.0
        x = LEFT
        for (label, value), width in zip(items, natural, strict=True):
            c.setFont(SANS, 8.5)
            c.setFillColor(GREY)
            c.drawString(x, y, label)
            x += c.stringWidth(label, SANS, 8.5) + 1.5 * mm
            c.setFillColor(black)
            fitted = _draw_fitted(c, x, y, value, SANS, width * scale, (9, 8, 7))
            x += c.stringWidth(fitted.text, SANS, fitted.size) + 7 * mm
        y -= 4.3 * mm


def _later_page(c: Canvas, h: Header) -> None:
    c.setFillColor(GREY)
    right = _("Our ref.: {ref}").format(ref=h.our_ref) if h.our_ref else ""
    if h.confidential:
        right = (right + "   " if right else "") + _("Exempt from public disclosure, FOI Act § 13")
    fitted = _draw_fitted(c, PAGE_W - RIGHT, PAGE_H - 14 * mm, right, SANS, TEXT_W * 0.6, (8.5, 7.5, 6.5),
                          right=True)
    used = c.stringWidth(fitted.text, SANS, fitted.size) + 6 * mm
    _draw_fitted(c, LEFT, PAGE_H - 14 * mm, f"{h.municipality} – {h.service}", SANS, TEXT_W - used,
                 (8.5, 7.5, 6.5))
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.line(LEFT, PAGE_H - 16 * mm, PAGE_W - RIGHT, PAGE_H - 16 * mm)


def _on_page_end(c: Canvas, doc: BaseDocTemplate) -> None:
    h: Header | None = getattr(c, "_doc_header", None)
    if h is None:
        return
    c.saveState()
    if c.getPageNumber() == getattr(c, "_doc_first_page", -1):
        _first_page(c, h)
    else:
        _later_page(c, h)
    _footer(c, h)
    c.restoreState()


#: Where the text frame starts on a first page; letters add space for the window address.
FIRST_FRAME_TOP = 42 * mm
LETTER_BODY_TOP = 100 * mm
FORM_BODY_TOP = 50 * mm


class DocumentTemplate(BaseDocTemplate):
    """A4 with a 'first' (letterhead) and a 'later' page template."""

    def __init__(self, target, *, title: str = "", author: str = "") -> None:
        register_fonts()
        super().__init__(target, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=20 * mm,
                         bottomMargin=26 * mm, title=title, author=author, creator="Hemsedal integrering",
                         initialFontName=SANS)
        bottom = 26 * mm
        first = Frame(LEFT, bottom, TEXT_W, PAGE_H - FIRST_FRAME_TOP - bottom, id="first",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later = Frame(LEFT, bottom, TEXT_W, PAGE_H - 22 * mm - bottom, id="later",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("first", [first], onPageEnd=_on_page_end),
                               PageTemplate("later", [later], onPageEnd=_on_page_end)])


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every document (Noto fonts, 10.5 pt body)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=10.5, leading=14.5, spaceAfter=7, alignment=TA_LEFT)
    return {
        "body": body,
        "heading": ParagraphStyle("heading", parent=body, fontName=SANS_BOLD, fontSize=14, leading=18,
                                  spaceAfter=9),
        "subheading": ParagraphStyle("subheading", parent=body, fontName=SANS_BOLD, fontSize=11.5, leading=15,
                                     spaceBefore=6, spaceAfter=5),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=2.5,
                                 bulletFontName=SANS),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=GREY, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=SANS_BOLD, fontSize=9.5, leading=12,
                                   spaceAfter=0),
        "notice": ParagraphStyle("notice", parent=body, fontName=SANS_ITALIC, fontSize=10, leading=13.5,
                                 borderColor=ACCENT, borderWidth=0.8, borderPadding=6, leftIndent=6, rightIndent=6,
                                 backColor=Color(.94, .96, .98),
                                 spaceBefore=8, spaceAfter=12),
        "rtl": ParagraphStyle("rtl", parent=body, fontName=ARABIC, fontSize=10.5, leading=17, alignment=TA_RIGHT),
        "rtl_heading": ParagraphStyle("rtl_heading", parent=body, fontName="NotoNaskhArabic-Bold", fontSize=13.5,
                                      leading=21, alignment=TA_RIGHT, spaceAfter=8),
    }
