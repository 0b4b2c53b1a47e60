"""The letter standard on paper: letterhead, window-envelope address, reference
block, footer and page numbers, for one document or a batch of many in one PDF.

Geometry (A4, DIN 5008 form B, fits C5/C4 envelopes with a LEFT window): the
address field is 20 mm from the left edge, 45–90 mm from the top and 85 mm
wide, with a small return-address line at its top. "Vår ref.", "Deres ref.",
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
from .fonts import ARABIC, SANS, SANS_BOLD, SANS_ITALIC, register_fonts

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
GREY = Color(0.35, 0.35, 0.35)
ACCENT = Color(0.05, 0.27, 0.45)  # dark blue, prints fine in greyscale

ADDRESS_X = 20 * mm
ADDRESS_TOP = 45 * mm
REF_X = 122 * mm


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


def _footer(c: Canvas, h: Header) -> None:
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.line(LEFT, 22 * mm, PAGE_W - RIGHT, 22 * mm)
    c.setFillColor(GREY)
    c.setFont(SANS, 7.5)
    left = [_("Postal address: {address}").format(address=h.postal_address) if h.postal_address else "",
            _("Visiting address: {address}").format(address=h.visiting_address) if h.visiting_address else ""]
    mid = [_("Phone: {phone}").format(phone=h.phone) if h.phone else "",
           _("E-mail: {email}").format(email=h.email) if h.email else ""]
    right = [h.website, _("Org. no.: {number}").format(number=h.org_nr) if h.org_nr else ""]
    for x, lines in ((LEFT, left), (LEFT + 63 * mm, mid), (LEFT + 127 * mm, right)):
        y = 18 * mm
        for line in (ln for ln in lines if ln):
            c.drawString(x, y, line)
            y -= 3.4 * mm


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
    c.setFillColor(ACCENT)
    c.setFont(SANS_BOLD, 17)
    c.drawString(x, top - 20 * mm, h.municipality)
    c.setFont(SANS, 10)
    c.setFillColor(black)
    c.drawString(x, top - 25.5 * mm, h.service)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1.2)
    c.line(LEFT, top - 29 * mm, PAGE_W - RIGHT, top - 29 * mm)
    if h.confidential:
        c.setFont(SANS_BOLD, 8.5)
        c.setFillColor(black)
        c.drawRightString(PAGE_W - RIGHT, top - 20 * mm, _("Exempt from public disclosure"))
        c.setFont(SANS, 8.5)
        c.drawRightString(PAGE_W - RIGHT, top - 24 * mm, _("FOI Act § 13"))
    if h.recipient:
        y = top - ADDRESS_TOP - 3 * mm
        c.setFont(SANS, 6.5)
        c.setFillColor(GREY)
        back = ", ".join(p for p in (h.municipality, h.postal_address) if p)
        c.drawString(ADDRESS_X, y, back[:90])
        c.setFillColor(black)
        c.setFont(SANS, 10.5)
        y -= 7 * mm
        for line in h.recipient[:6]:
            c.drawString(ADDRESS_X, y, line)
            y -= 4.6 * mm
    if not h.recipient:  # a form: references on one line under the letterhead
        _form_refs(c, h)
        return
    rows = [(_("Our ref.:"), h.our_ref), (_("Your ref.:"), h.your_ref), (_("Date:"), h.date)]
    y = top - ADDRESS_TOP - 3 * mm
    for label, value in rows:
        c.setFont(SANS, 8.5)
        c.setFillColor(GREY)
        c.drawString(REF_X, y, label)
        c.setFillColor(black)
        c.setFont(SANS, 9.5)
        c.drawString(REF_X + 20 * mm, y, value)
        y -= 4.6 * mm
    if h.officer:
        y -= 2 * mm
        c.setFont(SANS, 8.5)
        c.setFillColor(GREY)
        c.drawString(REF_X, y, _("Case officer:"))
        c.setFillColor(black)
        c.setFont(SANS, 9.5)
        for line in (h.officer, h.officer_phone and _("Tel. {phone}").format(phone=h.officer_phone), h.officer_email):
            if line:
                y -= 4.4 * mm
                c.drawString(REF_X, y, line)


def _form_refs(c: Canvas, h: Header) -> None:
    phone = h.officer_phone and _("tel. {phone}").format(phone=h.officer_phone)
    officer = ", ".join(p for p in (h.officer, phone, h.officer_email) if p)
    lines = [[(_("Our ref.:"), h.our_ref), (_("Date:"), h.date)], [(_("Case officer:"), officer)]]
    y = PAGE_H - 34.5 * mm
    for line in lines:
        x = LEFT
        for label, value in line:
            if not value:
                continue
            c.setFont(SANS, 8.5)
            c.setFillColor(GREY)
            c.drawString(x, y, label)
            x += c.stringWidth(label, SANS, 8.5) + 1.5 * mm
            c.setFont(SANS, 9)
            c.setFillColor(black)
            c.drawString(x, y, value)
            x += c.stringWidth(value, SANS, 9) + 7 * mm
        y -= 4.3 * mm


def _later_page(c: Canvas, h: Header) -> None:
    c.setFont(SANS, 8.5)
    c.setFillColor(GREY)
    c.drawString(LEFT, PAGE_H - 14 * mm, f"{h.municipality} – {h.service}")
    right = _("Our ref.: {ref}").format(ref=h.our_ref) if h.our_ref else ""
    if h.confidential:
        right = (right + "   " if right else "") + _("Exempt from public disclosure, FOI Act § 13")
    c.drawRightString(PAGE_W - RIGHT, PAGE_H - 14 * mm, right)
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
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=2.5, bulletFontName=SANS),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=GREY, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=SANS_BOLD, fontSize=9.5, leading=12,
                                   spaceAfter=0),
        "notice": ParagraphStyle("notice", parent=body, fontName=SANS_ITALIC, fontSize=10, leading=13.5,
                                 borderColor=ACCENT, borderWidth=0.8, borderPadding=6, leftIndent=6, rightIndent=6, backColor=Color(.94, .96, .98),
                                 spaceBefore=8, spaceAfter=12),
        "rtl": ParagraphStyle("rtl", parent=body, fontName=ARABIC, fontSize=10.5, leading=17, alignment=TA_RIGHT),
        "rtl_heading": ParagraphStyle("rtl_heading", parent=body, fontName="NotoNaskhArabic-Bold", fontSize=13.5,
                                      leading=21, alignment=TA_RIGHT, spaceAfter=8),
    }
