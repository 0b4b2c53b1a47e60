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
from . import disclosure
from .common import ReportResult, Table

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


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel-safe, unique sheet name (max 31 characters, no []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", title)[:31].strip() or _("Sheet")
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
        for col, (value, column) in enumerate(zip(values, table.columns), start=1):
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
    report = disclosure.version(report, audience)
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = sheet_name(_("Overview"), used)
    row = _intro(ws, report, _("Main figures"))
    ws.cell(row=row, column=1, value=_("Measure")).font = Font(bold=True)
    ws.cell(row=row, column=2, value=_("Value")).font = Font(bold=True)
    for i, (label, value) in enumerate(report.headline, start=row + 1):
        ws.cell(row=i, column=1, value=label)
        ws.cell(row=i, column=2, value=value)
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 30
    for table in report.tables:
        ws = wb.create_sheet(sheet_name(table.title, used))
        start = _intro(ws, report, table.title)
        _write_table(ws, table, start)
    return wb


#: From this many table rows on, the export streams (openpyxl's write-only mode: ~2x faster and
#: memory that does not grow with the rows); smaller reports keep the editable ``workbook``.
STREAM_ROWS = 5_000


def to_bytes(report: ReportResult, audience: str = "council") -> bytes:
    buf = BytesIO()
    if sum(len(t.rows) for t in report.tables) >= STREAM_ROWS:
        _streamed(disclosure.version(report, audience)).save(buf)
    else:
        workbook(report, audience).save(buf)
    return buf.getvalue()


def _streamed(report: ReportResult) -> Workbook:
    """The same sheets as ``workbook`` (of an already disclosure-checked report), written row by row."""
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
        ws.append([label, value])
    for table in report.tables:
        ws = wb.create_sheet(sheet_name(table.title, used))
        for col, column in enumerate(table.columns, start=1):  # widths first: write-only needs them before rows
            width = column.width or max(10, min(40, len(column.label) + 2))
            ws.column_dimensions[get_column_letter(col)].width = max(width, 10)
        # where the header row will be: title, subtitle, heading, definition lines, one blank
        start = 4 + len(report.definition) + 1
        ws.freeze_panes = f"A{start + 1}"
        if table.rows:
            ws.auto_filter.ref = f"A{start}:{get_column_letter(len(table.columns))}{start + len(table.rows)}"
        intro(ws, table.title)
        ws.append([cell(ws, column.label, font=Font(bold=True), fill=HEADER_FILL,
                        alignment=Alignment(wrap_text=True, vertical="bottom")) for column in table.columns])
        formats = [NUMBER_FORMATS.get(column.kind, "") for column in table.columns]
        for values in table.rows:
            ws.append([cell(ws, v, number_format=f) if f and v is not None and not isinstance(v, str) else v
                       for v, f in zip(values, formats)])
        if table.note:
            ws.append([])
            ws.append([cell(ws, table.note, font=Font(italic=True, size=9))])
    return wb


def write(report: ReportResult, path: Path | str, audience: str = "council") -> Path:
    from ..safe_files import write_output
    return write_output(Path(path), to_bytes(report, audience))  # whole or not at all, owner-only
