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


def to_bytes(report: ReportResult, audience: str = "council") -> bytes:
    buf = BytesIO()
    workbook(report, audience).save(buf)
    return buf.getvalue()


def write(report: ReportResult, path: Path | str, audience: str = "council") -> Path:
    from ..safe_files import write_output
    return write_output(Path(path), to_bytes(report, audience))  # whole or not at all, owner-only
