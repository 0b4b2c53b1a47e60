"""Read the spreadsheets an office keeps: .xlsx (openpyxl) and .csv, into plain rows.

Contracts:

* ``sheet_names(path)`` lists the sheets of a workbook (a CSV file has one).
* ``read_table(path, sheet)`` returns a ``Table``: the header row and the
  data rows under it, each with its row number as the spreadsheet shows it
  (1-based), so every message can say "rad 7".
* The header row is found, not assumed: title rows and merged header cells
  above it ("Bosatte 2023" spread across the columns) are skipped by taking,
  among the first rows, the one that best matches known column names, or
  else the first row with at least two filled text cells. Blank lines are
  dropped; trailing empty columns are cut.
* Cell values keep their type (openpyxl gives dates, numbers, text); CSV
  gives text. Turning them into field values is ``values``' job.
* CSV: UTF-8 (with or without BOM) or Windows-1252 (what Excel on a
  Norwegian Windows saves), separator sniffed among ``;``, ``,`` and tab.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import ValidationError
from ...i18n import _

#: How many rows from the top may hold titles before the header row.
HEADER_SEARCH_ROWS = 15
#: Above this many data rows a file is refused (a whole register is not a caseload).
MAX_ROWS = 50_000


@dataclass
class Table:
    """The header and the data rows of one sheet."""

    source: str
    sheet: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, cells)
    header_row: int = 1

    def column(self, index: int) -> list[Any]:
        return [cells[index] if index < len(cells) else None for _n, cells in self.rows]


def is_csv(path: Path) -> bool:
    return Path(path).suffix.lower() in (".csv", ".txt")


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of a workbook in order; ``["CSV"]`` for a CSV file."""
    path = Path(path)
    if is_csv(path):
        return [path.stem]
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _open_workbook(path: Path):
    from openpyxl import load_workbook
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ValidationError({"file": _("Only .xlsx and .csv files can be imported (not {suffix}). In Excel: "
                                         "File → Save as → Excel workbook (.xlsx).").format(suffix=path.suffix)})
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ValidationError({"file": _("Cannot find the file {path}.").format(path=path)}) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged or wrong file
        raise ValidationError({"file": _("Could not read {name} as an Excel workbook: {error}").format(
            name=path.name, error=exc)}) from None


def _csv_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    try:
        text = _csv_text(path)
    except FileNotFoundError:
        raise ValidationError({"file": _("Cannot find the file {path}.").format(path=path)}) from None
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list[Any]]:
    workbook = _open_workbook(path)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ValidationError({"sheet": _("The workbook has no sheet called «{sheet}».").format(sheet=sheet)})
        ws = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_text(value: Any) -> str:
    """A header cell as one line of text (a word broken over two lines, "Fødsels-\\nnummer", is joined)."""
    if _blank(value):
        return ""
    return " ".join(re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", str(value)).split())


def _find_header(candidates: list[list[Any]], score: Callable[[list[str]], int] | None) -> int:
    best, best_score = -1, 0
    for i, cells in enumerate(candidates):
        texts = [header_text(c) for c in cells if isinstance(c, str) and c.strip()]
        if len(texts) < 2:
            continue
        points = score([header_text(c) for c in cells]) if score else 0
        if points > best_score:
            best, best_score = i, points
    if best >= 0:
        return best
    for i, cells in enumerate(candidates):  # nothing recognised: the first row of two or more texts
        if sum(1 for c in cells if isinstance(c, str) and c.strip()) >= 2:
            return i
    return 0


def read_table(path: str | Path, sheet: str | None = None, *,
               score: Callable[[list[str]], int] | None = None) -> Table:
    """The header and data rows of ``sheet`` (the first sheet when None).

    ``score(headers)`` rates a candidate header row (how many headers it
    recognises); the best of the first rows wins.
    """
    path = Path(path)
    rows = _csv_rows(path) if is_csv(path) else _xlsx_rows(path, sheet)
    numbered: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(rows, start=1):
        if all(_blank(c) for c in cells):
            continue
        numbered.append((number, cells))
        if len(numbered) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ValidationError({"file": _("The sheet has more than {limit} rows. Split it into smaller files.")
                                  .format(limit=MAX_ROWS)})
    if not numbered:
        raise ValidationError({"sheet": _("The sheet is empty.")})
    head = _find_header([cells for _n, cells in numbered[:HEADER_SEARCH_ROWS]], score)
    header_number, header_cells = numbered[head]
    headers = [header_text(c) for c in header_cells]
    width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    for _n, cells in numbered[head + 1:]:
        width = max(width, max((i + 1 for i, c in enumerate(cells) if not _blank(c)), default=0))
    headers = (headers + [""] * width)[:width]
    headers = [h or _("Column {letter}").format(letter=column_letter(i)) for i, h in enumerate(headers)]
    data = [(n, (cells + [None] * width)[:width]) for n, cells in numbered[head + 1:]]
    return Table(source=path.name, sheet=sheet or "", headers=headers, rows=data, header_row=header_number)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
