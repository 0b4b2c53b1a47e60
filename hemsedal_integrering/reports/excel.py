"""Excel export of a report (openpyxl): one sheet per table, real numbers and dates.

Each sheet has the report title, the subtitle and the definition text at the
top, then a bold header row (frozen) and the rows. Numbers are numbers,
dates are dates with a dd.mm.yyyy format, percentages are fractions with a
percent format, kroner are integers with a thousands format, so the user can
sum and chart them in Excel. The first sheet, "Oversikt", holds the headline
figures and the definition.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..i18n import _
from . import presentation
from .common import Chart, ReportResult, Table

NUMBER_FORMATS = {
    "int": "#,##0",
    "year": "0",
    "float": "#,##0.0",
    "percent": "0.0%",
    "money": '#,##0 "kr"',
    "date": "dd.mm.yyyy",
    "month": "mmmm yyyy",
}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


#: Little words a shortened sheet name must not end with (Norwegian and English titles).
_DANGLING = frozenset({"før", "etter", "per", "i", "og", "til", "fra", "på", "med", "av",  # i18n: data
                       "before", "after", "in", "and", "to", "from", "on", "with", "of", "by"})


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel-safe, unique sheet name (max 31 characters, no []:*?/\\) that reads whole: a long
    title is cut before a word, never inside one."""
    clean = re.sub(r"[\[\]:*?/\\]", "-", title).strip()
    if len(clean) > 31:  # the years are on the sheet itself: leave them out of the name first
        clean = re.sub(r"\s+", " ", re.sub(r"\b\d[\d.–-]*\d\b", "", clean)).strip()
    base = clean
    if len(clean) > 31:
        words = clean[:32].split(" ")
        base = " ".join(words[:-1]).rstrip(" ,;–-(") if len(words) > 1 else clean[:31]
    words = base.split(" ")
    while len(words) > 1 and words[-1].lower() in _DANGLING:  # "… flyttet ut før" reads as cut off
        words.pop()
    base = " ".join(words).rstrip(" ,;–-(")
    base = base or _("Sheet")
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _intro(ws, report: ReportResult, heading: str) -> int:
    """Title, subtitle and definition lines; returns the next free row."""
    ws.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=report.subtitle)
    ws.cell(row=3, column=1, value=heading).font = Font(bold=True, size=12)
    row = 4
    for line in report.definition:
        c = ws.cell(row=row, column=1, value=line)
        c.alignment = Alignment(wrap_text=False, vertical="top")
        c.font = Font(italic=True, size=9)
        row += 1
    return row + 1


def _write_table(ws, table: Table, start: int) -> None:
    for col, column in enumerate(table.columns, start=1):
        c = ws.cell(row=start, column=col, value=column.label)
        c.font = Font(bold=True)
        c.fill = HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="bottom")
        width = column.width or max(10, min(40, len(column.label) + 2))
        ws.column_dimensions[get_column_letter(col)].width = max(width, 10)
    for r, values in enumerate(table.rows, start=start + 1):
        for col, (value, column) in enumerate(zip(values, table.columns, strict=True), start=1):
            c = ws.cell(row=r, column=col, value=value)
            if value is not None and not isinstance(value, str) and column.kind in NUMBER_FORMATS:
                c.number_format = NUMBER_FORMATS[column.kind]
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    if table.rows:
        ws.auto_filter.ref = f"A{start}:{get_column_letter(len(table.columns))}{start + len(table.rows)}"
    if table.note:
        ws.cell(row=start + len(table.rows) + 2, column=1, value=table.note).font = Font(italic=True, size=9)


def workbook(report: ReportResult, audience: str = "council") -> Workbook:
    """The report as a workbook: an overview sheet, then one sheet per table. ``audience``
    'council' hides persons and small numbers (disclosure.py); 'internal' shows all, marked."""
    report = presentation.present(report, audience)
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = sheet_name(_("Overview"), used)
    row = _intro(ws, report, _("Main figures"))
    ws.cell(row=row, column=1, value=_("Measure")).font = Font(bold=True)
    ws.cell(row=row, column=2, value=_("Value")).font = Font(bold=True)
    for i, (label, value) in enumerate(report.headline, start=row + 1):
        ws.cell(row=i, column=1, value=label)
        typed, number_format = typed_value(value)
        c = ws.cell(row=i, column=2, value=typed)
        if number_format:
            c.number_format = number_format
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 30
    for table in report.tables:
        ws = wb.create_sheet(sheet_name(table.title, used))
        start = _intro(ws, report, table.title)
        _write_table(ws, table, start)
    for chart in report.charts:
        _write_chart(wb.create_sheet(sheet_name(_("Chart {title}").format(title=chart.title), used)), chart)
    return wb


_NUMBER = re.compile(r"^-?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?$")


def _parse_number(text: str) -> float | int | None:
    t = text.strip()
    if not _NUMBER.match(t):
        return None
    value = float(t.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    return int(value) if value.is_integer() and "," not in t else value


def typed_value(text: str) -> tuple[object, str]:
    """A headline value as Excel should hold it: '178' → 178, '50,0 %' → 0.5 (percent format),
    'kr 12 500' → 12500 (kroner format); anything else stays text."""
    t = text.strip()
    if t.endswith("%") and (n := _parse_number(t[:-1].rstrip("\u00a0 "))) is not None:
        return n / 100, NUMBER_FORMATS["percent"]
    if t.startswith("kr") and (n := _parse_number(t[2:].lstrip("\u00a0 "))) is not None:
        return n, NUMBER_FORMATS["money"]
    if (n := _parse_number(t)) is not None:
        return n, NUMBER_FORMATS["int"] if isinstance(n, int) else NUMBER_FORMATS["float"]
    return text, ""


def _chart_rows(chart: Chart) -> list[list[tuple[object, dict]]]:
    """The chart's numbers as sheet rows from row 1: (value, cell style) per cell."""
    bold = {"font": Font(bold=True)}
    rows: list[list[tuple[object, dict]]] = [[(chart.title, {"font": Font(bold=True, size=12)})], [],
                                             [("", bold)] + [(name, bold) for name, _values in chart.series]]
    for i, category in enumerate(chart.categories):
        row: list[tuple[object, dict]] = [(category, {})]
        for _name, values in chart.series:
            value = values[i] if i < len(values) else None
            shown = value if value is not None else (presentation.disclosure.under_5() if chart.kind != "kpi"
                                                     else presentation.disclosure.hidden())
            style = {}
            if isinstance(value, (int, float)):
                style = {"number_format": NUMBER_FORMATS["percent"] if chart.kind == "kpi" else NUMBER_FORMATS["int"]}
            row.append((shown, style))
        rows.append(row)
    return rows


def _write_chart(ws, chart: Chart, append=None) -> None:
    """The chart's numbers as a small table and an Excel chart drawn from it, with the value on
    every bar (a hidden value is text and draws no bar). ``append(row)`` writes a row of
    (value, style) cells on a write-only sheet; else cells are set one by one."""
    from openpyxl.chart import BarChart, PieChart, Reference
    from openpyxl.chart.label import DataLabelList
    ws.column_dimensions["A"].width = max(12, min(40, max((len(str(c)) for c in chart.categories), default=10) + 2))
    for r, row in enumerate(_chart_rows(chart), start=1):
        if append is not None:
            append(row)
            continue
        for col, (value, style) in enumerate(row, start=1):
            c = ws.cell(row=r, column=col, value=value)
            for key, v in style.items():
                setattr(c, key, v)
    last = 3 + len(chart.categories)
    if not chart.categories or not chart.series:
        return
    if chart.kind == "pie":
        xl = PieChart()
    else:
        xl = BarChart()
        xl.type = "col"
        xl.y_axis.title = _("Share") if chart.kind == "kpi" else _("Number")
        if chart.kind == "kpi":
            xl.y_axis.numFmt = "0%"
            xl.y_axis.scaling.min, xl.y_axis.scaling.max = 0, 1
    xl.title = chart.title
    data = Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=3, max_row=last)
    xl.add_data(data, titles_from_data=True)
    xl.set_categories(Reference(ws, min_col=1, min_row=4, max_row=last))
    xl.dataLabels = DataLabelList()
    xl.dataLabels.showVal = True
    xl.width, xl.height = 22, 11
    ws.add_chart(xl, f"{chr(ord('B') + len(chart.series) + 1)}3")


#: From this many table rows on, the export streams (openpyxl's write-only mode: about half the
#: time, and memory that does not grow with the rows); smaller reports keep ``workbook``.
STREAM_ROWS = 5_000


def to_bytes(report: ReportResult, audience: str = "council") -> bytes:
    buf = BytesIO()
    if sum(len(t.rows) for t in report.tables) >= STREAM_ROWS:
        _streamed(presentation.present(report, audience)).save(buf)
    else:
        workbook(report, audience).save(buf)
    return buf.getvalue()


def _streamed(report: ReportResult) -> Workbook:
    """The sheets of ``workbook`` (for a report already through ``presentation.present``),
    written row by row: the same cells, fonts, formats, widths, frozen header, filter and
    charts (read back, the two are the same: tests/reports/test_excel_streamed.py)."""
    from openpyxl.cell import WriteOnlyCell
    wb = Workbook(write_only=True)
    used: set[str] = set()

    def cell(ws, value, *, font: Font | None = None, fill=None, alignment=None, number_format: str = ""):
        c = WriteOnlyCell(ws, value=value)
        if font is not None:
            c.font = font
        if fill is not None:
            c.fill = fill
        if alignment is not None:
            c.alignment = alignment
        if number_format:
            c.number_format = number_format
        return c

    def intro(ws, heading: str) -> int:
        """As ``_intro``: title, subtitle, heading, definition lines, a blank row."""
        ws.append([cell(ws, report.title, font=Font(bold=True, size=14))])
        ws.append([report.subtitle])
        ws.append([cell(ws, heading, font=Font(bold=True, size=12))])
        for line in report.definition:
            ws.append([cell(ws, line, font=Font(italic=True, size=9),
                            alignment=Alignment(wrap_text=False, vertical="top"))])
        ws.append([])
        return 4 + len(report.definition) + 1

    ws = wb.create_sheet(sheet_name(_("Overview"), used))
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 30
    intro(ws, _("Main figures"))
    ws.append([cell(ws, _("Measure"), font=Font(bold=True)), cell(ws, _("Value"), font=Font(bold=True))])
    for label, value in report.headline:
        typed, number_format = typed_value(value)
        ws.append([label, cell(ws, typed, number_format=number_format)])
    for table in report.tables:
        ws = wb.create_sheet(sheet_name(table.title, used))
        for col, column in enumerate(table.columns, start=1):  # write-only: widths before the rows
            width = column.width or max(10, min(40, len(column.label) + 2))
            ws.column_dimensions[get_column_letter(col)].width = max(width, 10)
        start = 4 + len(report.definition) + 1  # the header row's number (see ``intro``)
        ws.freeze_panes = f"A{start + 1}"
        if table.rows:
            ws.auto_filter.ref = f"A{start}:{get_column_letter(len(table.columns))}{start + len(table.rows)}"
        intro(ws, table.title)
        ws.append([cell(ws, column.label, font=Font(bold=True), fill=HEADER_FILL,
                        alignment=Alignment(wrap_text=True, vertical="bottom")) for column in table.columns])
        formats = [NUMBER_FORMATS.get(column.kind, "") for column in table.columns]
        for values in table.rows:
            ws.append([cell(ws, v, number_format=f) if f and v is not None and not isinstance(v, str) else v
                       for v, f in zip(values, formats, strict=True)])
        if table.note:
            ws.append([])
            ws.append([cell(ws, table.note, font=Font(italic=True, size=9))])
    for chart in report.charts:
        ws = wb.create_sheet(sheet_name(_("Chart {title}").format(title=chart.title), used))
        _write_chart(ws, chart, lambda row, ws=ws: ws.append([cell(ws, v, **k) if k else v for v, k in row]))
    return wb


def write(report: ReportResult, path: Path | str, audience: str = "council") -> Path:
    from ..safe_files import write_output
    return write_output(Path(path), to_bytes(report, audience))  # whole or not at all, owner-only
