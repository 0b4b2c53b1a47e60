"""The council report as PDF (reportlab): A4, title, date, definitions, headline figures, charts, tables.

Numbers and dates are Norwegian (babel, nb_NO). Charts are drawn with
reportlab.graphics from the report's ``Chart`` specs: grouped bars, a pie,
or KPI bars with the target drawn as a red dashed line. Returns bytes or
writes a file.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from ..i18n import _
from . import disclosure, fmt, presentation
from .common import Chart, ReportResult, Table

PALETTE = [colors.HexColor(c) for c in ("#1f5f8b", "#e07b39", "#4f9d69", "#c94c4c", "#8c6bb1", "#7f7f7f",
                                        "#d4a72c", "#3fa7b5")]
MAX_TABLE_ROWS = 60  # longer tables (the grant list) are cut in the PDF; Excel has them all


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=20, leading=24, spaceAfter=2, alignment=0),
        "sub": ParagraphStyle("s", parent=base["Normal"], fontSize=11, leading=14, textColor=colors.HexColor("#333")),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12.5, leading=15, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("b", parent=base["Normal"], fontSize=9, leading=12),
        "def": ParagraphStyle("d", parent=base["Normal"], fontSize=8.5, leading=11, textColor=colors.HexColor("#333"),
                              backColor=colors.HexColor("#f3f5f8"), borderPadding=4, spaceAfter=6),
        "cell": ParagraphStyle("c", parent=base["Normal"], fontSize=8.5, leading=10),
        "num": ParagraphStyle("n", parent=base["Normal"], fontSize=8.5, leading=10, alignment=TA_RIGHT),
    }


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _axis_number(v: float) -> str:
    return fmt.number(v, 0)


def _axis_percent(v: float) -> str:
    return fmt.percent(v, 0)


def bar_label(value: float | None, kind: str) -> str:
    """The text on a bar: its count or share; a hidden value says so."""
    if value is None:
        return disclosure.hidden() if kind == "kpi" else disclosure.under_5()
    return fmt.percent(value, 1) if kind == "kpi" else _axis_number(value)


def bar_drawing(chart: Chart, width: float = 170 * mm, height: float = 75 * mm) -> Drawing:
    """Grouped vertical bars; for 'kpi' charts the values are shares and the target is a dashed line."""
    d = Drawing(width, height)
    d.add(String(0, height - 12, chart.title, fontName="Helvetica-Bold", fontSize=10))
    bc = VerticalBarChart()
    bc.x, bc.y = 40, 38 + (14 if len(chart.series) > 1 else 0)
    bc.width, bc.height = width - (110 if chart.target is not None else 60), height - 70
    raw = [list(values) for _name, values in chart.series] or [[0.0]]
    data = [tuple(0.0 if v is None else v for v in values) for values in raw]
    bc.data = data
    bc.categoryAxis.categoryNames = chart.categories
    bc.categoryAxis.labels.fontSize = 7
    if len(chart.categories) > 10:
        bc.categoryAxis.labels.angle = 45
        bc.categoryAxis.labels.boxAnchor = "ne"
        bc.categoryAxis.labels.dy = -2
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    top = max([v for s in data for v in s] + [chart.target or 0, 0])
    if chart.kind == "kpi":
        bc.valueAxis.valueMax = 1.0
        bc.valueAxis.valueStep = 0.25
        bc.valueAxis.labelTextFormat = _axis_percent
    else:
        bc.valueAxis.valueMax = max(1, top * 1.15)
        bc.valueAxis.labelTextFormat = _axis_number
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    bc.groupSpacing = 4
    bc.barSpacing = 1
    for i in range(len(data)):
        bc.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        bc.bars[i].strokeColor = None
    # every bar says what it stands for, hidden ones included (the council version hides small counts)
    bc.barLabelFormat = "values"
    bc.barLabelArray = [[bar_label(v, chart.kind) for v in values] for values in raw]
    bc.barLabels.fontSize = 6.5
    bc.barLabels.nudge = 6
    d.add(bc)
    if chart.target is not None:
        vmax = bc.valueAxis.valueMax or 1
        y = bc.y + bc.height * chart.target / vmax
        d.add(Line(bc.x, y, bc.x + bc.width, y, strokeColor=colors.HexColor("#c0392b"), strokeWidth=1.5,
                   strokeDashArray=[4, 3]))
        d.add(String(bc.x + bc.width + 4, y - 3, chart.target_label or fmt.percent(chart.target, 0),
                     fontName="Helvetica-Bold", fontSize=8, fillColor=colors.HexColor("#c0392b"), textAnchor="start"))
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = bc.x, 10
        legend.fontSize = 7.5
        legend.alignment = "right"
        legend.dx = legend.dy = 7
        legend.deltax = 70
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, (name, _values) in enumerate(chart.series)]
        legend.boxAnchor = "sw"
        legend.dxTextSpace = 4
        legend.columnMaximum = 1
        legend.deltay = 0
        d.add(legend)
    return d


def _slice_label(name: str, value: float, total: float, council: bool) -> str:
    if council and 0 < value < disclosure.THRESHOLD:
        return f"{name}: {disclosure.under_5()}"
    return f"{name}: {fmt.number(value)} ({fmt.percent(value / total, 0)})"


def pie_drawing(chart: Chart, width: float = 170 * mm, height: float = 70 * mm, council: bool = True) -> Drawing:
    """A pie with a legend giving each slice's count and share."""
    d = Drawing(width, height)
    d.add(String(0, height - 12, chart.title, fontName="Helvetica-Bold", fontSize=10))
    values = [v or 0 for v in chart.series[0][1]] if chart.series else []  # a pie has no hidden (None) slice
    total = sum(values)
    if not total:
        d.add(String(0, height / 2, _("No data"), fontSize=9))
        return d
    pie = Pie()
    size = height - 30
    pie.x, pie.y = 10, 8
    pie.width = pie.height = size
    pie.data = values
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for i in range(len(values)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    legend = Legend()
    legend.x, legend.y = size + 40, height - 28
    legend.fontSize = 8
    legend.dx = legend.dy = 8
    legend.deltay = 11
    legend.columnMaximum = 12
    legend.alignment = "right"
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], _slice_label(name, v, total, council))
                             for i, (name, v) in enumerate(zip(chart.categories, values, strict=True))]
    d.add(legend)
    return d


def drawing_for(chart: Chart, council: bool = True) -> Drawing:
    return pie_drawing(chart, council=council) if chart.kind == "pie" else bar_drawing(chart)


def column_widths(table: Table, rows: list[list], width: float, font_size: float = 8.5) -> list[float]:
    """Widths from the content: numbers and dates keep their natural width; text columns share the rest
    and wrap, but never below their longest word; headings wrap at word breaks."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    pad = 10  # cell padding 3 + 3 and a little air

    def w(s: str, bold: bool = False) -> float:
        return stringWidth(s, "Helvetica-Bold" if bold else "Helvetica", font_size) + pad

    natural, minimum = [], []
    for i, col in enumerate(table.columns):
        cells = [fmt.cell(r[i], col.kind) for r in rows[:200]]
        head_words = [w(word, True) for word in col.label.split()] or [pad]
        longest_cell = max([w(c) for c in cells] or [pad])
        natural.append(max(longest_cell, max(head_words), w(col.label, True) if col.kind != "text" else 0))
        if col.kind == "text":
            words = [w(word) for c in cells for word in c.split()] or [pad]
            minimum.append(max(max(words), max(head_words)))
        else:
            minimum.append(max(longest_cell, max(head_words)))
    total = sum(natural)
    if total <= width:
        text_cols = [i for i, c in enumerate(table.columns) if c.kind == "text"] or list(range(len(natural)))
        extra = (width - total) / len(text_cols)
        return [n + (extra if i in text_cols else 0) for i, n in enumerate(natural)]
    # too wide: shrink the columns that can wrap, in proportion to how much they can give
    give = [n - m for n, m in zip(natural, minimum, strict=True)]
    need = total - width
    can_give = sum(give)
    if can_give <= 0:
        return [n * width / total for n in natural]
    factor = min(1.0, need / can_give)
    widths = [n - g * factor for n, g in zip(natural, give, strict=True)]
    scale = width / sum(widths)
    return [x * min(1.0, scale) for x in widths]


def _table_flowable(table: Table, st: dict[str, ParagraphStyle], width: float) -> list:
    rows = table.rows[:MAX_TABLE_ROWS]
    head = [Paragraph(f"<b>{_esc(c.label)}</b>", st["num"] if c.kind != "text" else st["cell"])
            for c in table.columns]
    body = []
    for values in rows:
        body.append([Paragraph(_esc(fmt.cell(v, c.kind)), st["cell"] if c.kind == "text" else st["num"])
                     for v, c in zip(values, table.columns, strict=True)])
    if not body:
        return [Paragraph(_esc(table.title), st["h2"]), Paragraph(_("None."), st["body"]), Spacer(1, 4)]
    col_widths = column_widths(table, rows, width)
    t = RLTable([head, *body], colWidths=col_widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f0")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#1f5f8b")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f8fa")]),
    ]
    if rows and table.total_row and len(rows) == len(table.rows):
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black))
        style.append(("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"))
    t.setStyle(TableStyle(style))
    out = [Paragraph(_esc(table.title), st["h2"]), t]
    if len(table.rows) > MAX_TABLE_ROWS:
        out.append(Paragraph(_("Showing {shown} of {total} rows. The whole table is in the Excel export.").format(
            shown=MAX_TABLE_ROWS, total=len(table.rows)), st["body"]))
    return out


class PageCountCanvas(Canvas):
    """Holds the pages until the end so each footer can say "Side x av y"."""

    TOTAL = "{pages}"  # replaced page by page in save()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = str(len(self._held))
        for state in self._held:
            self.__dict__.update(state)
            code: list[Any] = self.__dict__["_code"]  # reportlab's page operators (untyped)
            self._code = [c.replace("{pages}", total) if isinstance(c, str) else c for c in code]
            Canvas.showPage(self)
        Canvas.save(self)


def build(report: ReportResult, *, printed: dt.date, out, audience: str = "council") -> None:
    """Write the PDF of ``report`` for ``audience``: 'council' (public: aggregates only, small numbers
    hidden, see disclosure.py) or 'internal' (everything, marked exempt from public disclosure)."""
    report = presentation.present(report, audience)
    council = audience == "council"
    st = _styles()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"{report.title} – {report.subtitle}",
                            author=_("The integration service Hemsedal and Gol"),
                            subject=_("Report to the municipal council"))
    width = A4[0] - 40 * mm
    story: list = [Paragraph(_esc(report.title), st["title"]),
                   Paragraph(_esc(report.subtitle), st["sub"]),
                   Paragraph(_("The integration service for Hemsedal and Gol · printed {date}").format(
                       date=fmt.long_date(printed)),
                             st["sub"]),
                   Spacer(1, 8)]
    if report.headline:
        rows = [[Paragraph(_esc(k), st["cell"]), Paragraph(f"<b>{_esc(v)}</b>", st["num"])] for k, v in
                report.headline]
        t = RLTable(rows, colWidths=[width * 0.62, width * 0.38])
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#1f5f8b")),
                               ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8d3df")),
                               ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f3f7fb"))]))
        story += [t, Spacer(1, 8)]
    story.append(Paragraph(_("Definition"), st["h2"]))
    story += [Paragraph(_esc(line), st["def"]) for line in report.definition]
    for chart in report.charts:
        story += [Spacer(1, 6), KeepTogether([drawing_for(chart, council)])]
    for table in report.tables:
        story.append(KeepTogether(_table_flowable(table, st, width)) if len(table.rows) < 25
                     else _table_flowable(table, st, width)[0])
        if len(table.rows) >= 25:
            story += _table_flowable(table, st, width)[1:]

    def footer(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(20 * mm, 10 * mm, f"{report.title} – {report.subtitle}")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, _("Page {page} of {pages}").format(
            page=doc_.page, pages=PageCountCanvas.TOTAL))
        if not council:
            canvas.setFont("Helvetica-Bold", 9)
            canvas.setFillColor(colors.HexColor("#c0392b"))
            canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 11 * mm,
                                   _("Exempt from public disclosure, offl. § 13 – internal, not for the council"))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=PageCountCanvas)


def to_bytes(report: ReportResult, *, printed: dt.date, audience: str = "council") -> bytes:
    buf = BytesIO()
    build(report, printed=printed, out=buf, audience=audience)
    return buf.getvalue()


def write(report: ReportResult, path: Path | str, *, printed: dt.date, audience: str = "council") -> Path:
    from ..safe_files import write_output
    return write_output(Path(path), to_bytes(report, printed=printed, audience=audience))  # whole, owner-only
