"""The example workbooks an office fills in: one per kind, under ``resources/import_templates/``.

Generated, not drawn by hand, so they always match what the importer reads::

    python -m hemsedal_integrering.services.importing.templates [FOLDER]

writes ``husstander.xlsx``, ``boliger.xlsx``, ``leieavtaler.xlsx`` and
``praksisplasser.xlsx`` (default: the resources folder). Each has the
column names the importer recognises first, two example rows with invented
people (synthetic identity numbers, month + 80), and a sheet "Veiledning"
explaining every column and the accepted values.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ...i18n import _
from ...resources import resource_path
from .fields import KIND_LABELS, KINDS

#: File name per kind (data: what the office sees in the folder).
FILE_NAMES = {"households": "husstander.xlsx", "units": "boliger.xlsx", "leases": "leieavtaler.xlsx",  # i18n: data
              "placements": "praksisplasser.xlsx"}  # i18n: data
FOLDER = "import_templates"

#: Columns of each template: the first alias of each field is its column name (see ``fields``).
COLUMNS = {
    "households": ["household", "full_name", "national_id", "duf_number", "birth_date", "role", "gender", "country",
                   "languages", "interpreter_language", "legal_basis", "settlement_date", "municipality",
                   "address_note", "phone", "email", "case_reference"],
    "units": ["municipality", "address", "postal_code", "place", "ownership", "size_m2", "bedrooms", "capacity",
              "heating", "has_wood_stove", "has_garden", "notes"],
    "leases": ["address", "municipality", "postal_code", "place", "landlord", "landlord_org_nr", "landlord_phone",
               "landlord_email", "monthly_rent", "deposit", "guarantee", "start_date", "end_date", "notice_months",
               "rent_adjustment_date"],
    "placements": ["national_id", "full_name", "birth_date", "employer", "department", "sector", "is_municipal",
                   "municipality", "type", "start_date", "end_date", "hours_per_week", "supervisor_name",
                   "supervisor_phone"],
}

#: Invented example rows (data). Identity numbers are synthetic (month + 80) and pass the check digits.
EXAMPLES: dict[str, list[list[Any]]] = {
    "households": [
        ["Familien Petrenko", "Petrenko, Iryna", "128384 10047", "", "12.03.1984", "Voksen", "Kvinne",  # i18n: data
         "Ukraina", "Ukrainsk, Russisk", "Ukrainsk", "Kollektiv beskyttelse", "01.02.2024", "Hemsedal",  # i18n: data
         "Trøimsvegen 5", "912 34 567", "", "24/00123"],  # i18n: data
        ["Familien Petrenko", "Petrenko, Taras", "", "", "05.06.2015", "Barn", "Mann", "Ukraina",  # i18n: data
         "Ukrainsk", "", "Kollektiv beskyttelse", "01.02.2024", "Hemsedal", "Trøimsvegen 5", "", "",  # i18n: data
         "24/00123"],
    ],
    "units": [
        ["Hemsedal", "Trøimsvegen 5", "3560", "Trøim", "Kommunal", 64, 2, 1, "Strøm", "Ja", "Nei", ""],  # i18n: data
        ["Gol", "Sentrumsvegen 21 A", "3550", "Gol", "Privat", 48, 1, 1, "Varmepumpe", "Nei", "Nei", ""],  # i18n: data
    ],
    "leases": [
        ["Sentrumsvegen 21 A", "Gol", "3550", "Gol", "Ola Utleier", "", "913 00 000", "ola@example.no",  # i18n: data
         9500, 28500, "Depositum", "01.03.2024", "", 3, "01.03.2025"],  # i18n: data
    ],
    "placements": [
        ["128384 10047", "Petrenko, Iryna", "12.03.1984", "Hemsedal kommune", "Hemsedal barnehage",  # i18n: data
         "Oppvekst", "Ja", "Hemsedal", "Språkpraksis", "01.09.2024", "28.02.2025", 20, "Kari Mentor",  # i18n: data
         "900 00 000"],
    ],
}


def _column_name(kind: str, name: str) -> str:
    spec = next(f for f in KINDS[kind] if f.name == name)
    if name == "full_name":
        return "Etternavn, Fornavn"  # i18n: data (the column name the importer splits)
    first = spec.aliases.split("|")[0]
    return first[:1].upper() + first[1:]


def _explanations(kind: str) -> list[list[str]]:
    specs = {f.name: f for f in KINDS[kind]}
    rows = [[_("Column"), _("What"), _("Accepted values")]]
    hints = {
        "date": _("Dates as 01.02.2024, 1.2.24, 2024-02-01 or an Excel date"),
        "id11": _("11 digits; spaces are fine"),
        "id12": _("12 digits"),
        "bool": _("Yes / No"),
        "number": _("A number"),
        "languages": _("Languages separated by commas"),
    }
    for name in COLUMNS[kind]:
        spec = specs[name]
        hint = hints.get(spec.convert, "")
        if spec.convert.startswith("code:"):
            from .values import CODE_TABLES
            hint = ", ".join(CODE_TABLES[spec.convert[5:]]().values())
        rows.append([_column_name(kind, name), spec.label, hint])
    return rows


def write_template(kind: str, path: Path) -> Path:
    """Write the example workbook for ``kind`` to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    wb = Workbook()
    ws = wb.active
    ws.title = KIND_LABELS[kind][:31]
    header = [_column_name(kind, name) for name in COLUMNS[kind]]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
    for row in EXAMPLES[kind]:
        ws.append(row)
    for i, title in enumerate(header):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = max(12, len(title) + 4)
    ws.freeze_panes = "A2"
    guide = wb.create_sheet(_("Guide"))
    for row in _explanations(kind):
        guide.append(row)
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 24), ("B", 34), ("C", 90)):
        guide.column_dimensions[letter].width = width
    wb.save(path)
    return path


def template_path(kind: str) -> Path:
    """The shipped example workbook of ``kind``."""
    return resource_path(FOLDER, FILE_NAMES[kind])


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_template(kind, folder / FILE_NAMES[kind]) for kind in KINDS]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else resource_path(FOLDER)
    for written in write_all(target):
        print(written)
