"""Build ``messy_households.xlsx``: a caseload list as an office really keeps it.

Run ``python tests/data/import/build_messy.py`` to rebuild the shipped file. What is in it
(the tests rely on every line of this list):

* a merged title row and an empty row above the header row; header cells with
  line breaks; a blank line between households;
* "Etternavn, Fornavn" in one column; identity numbers with spaces, and one
  stored as a number (its leading zero lost); dates as text (01.02.2023,
  1/2/23), as Excel date cells and as Excel serial numbers;
* households (column "Husstand"):
  - "Kovalenko" (rows 4-6): 2 adults + 1 child, mixed date forms  -> new
  - "Haddad" (rows 8-9): 1 adult + 1 child, 1/2/23 dates, a number cell -> new
  - "Tesfay" (row 10-11): second row has a wrong check digit         -> rejected (row 11), row 10 not saved
  - "Mutombo" (row 12): 31.02.2024 as date of birth                 -> rejected
  - "Yusuf" (row 13): Amina Yusuf, registered before the import      -> already registered
  - "Kovalenko" again (row 14): Olena repeated                       -> same person as row 4
  - "Oslo" (row 15): municipality Oslo                               -> rejected
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from hemsedal_integrering.rules.identity import make_synthetic_number


def nid(day: int, month: int, yy: int, individual: int = 400) -> str:
    for i in range(individual, individual + 50):
        number = make_synthetic_number(day, month, yy, i)
        if number:
            return number
    raise ValueError("no number")


OLENA = nid(12, 3, 84)
PETRO = nid(2, 11, 80)
SOFIIA = nid(5, 6, 2015 % 100)
AHMAD = nid(4, 2, 85)          # starts with 0: stored as a number in the sheet
SARA = nid(20, 1, 16)
ABEBA = nid(2, 2, 92)
SELAM_BAD = nid(5, 5, 18)[:-1] + str((int(nid(5, 5, 18)[-1]) + 1) % 10)
AMINA = nid(7, 7, 90)
GRACE = nid(3, 3, 90)


def spaced(number: str) -> str:
    return f"{number[:6]} {number[6:]}"


HEADERS = ["Husstand", "Etternavn, Fornavn", "Fødselsnr", "Fødsels-\ndato", "Rolle", "Kjønn", "Land", "Språk",
           "Bosettingsdato", "Kommune", "Grunnlag", "Adresse"]
ROWS = [
    ["Kovalenko", "Kovalenko, Olena", spaced(OLENA), "12.03.1984", "voksen", "K", "Ukraina", "ukrainsk, russisk",
     "01.02.2023", "Hemsedal", "Kollektiv beskyttelse", "Trøimsvegen 12"],
    ["Kovalenko", "Kovalenko, Petro", PETRO, dt.datetime(1980, 11, 2), "Voksen", "M", "UA", "uk",
     44958, "hemsedal", "kollektiv", "Trøimsvegen 12"],
    ["Kovalenko", "Kovalenko, Sofiia", SOFIIA, "5/6/15", "barn", "K", "Ukraina", "uk",
     dt.datetime(2023, 2, 1), "Hemsedal", "Kollektiv beskyttelse", "Trøimsvegen 12"],
    None,
    ["Haddad", "Haddad, Ahmad", int(AHMAD), "4/2/85", "voksen", "M", "Syria", "arabisk",
     "1/9/24", "Gol", "asyl", "Sentrumsvegen 3"],
    ["Haddad", "Haddad, Sara", SARA, "20.01.2016", "barn", "K", "Syria", "arabisk",
     "01.09.2024", "Gol", "asyl", "Sentrumsvegen 3"],
    ["Tesfay", "Tesfay, Abeba", ABEBA, "02.02.1992", "voksen", "K", "Eritrea", "tigrinja",
     "10.11.2025", "Gol", "overføringsflyktning", ""],
    ["Tesfay", "Tesfay, Selam", spaced(SELAM_BAD), "05.05.2018", "barn", "K", "Eritrea", "tigrinja",
     "10.11.2025", "Gol", "overføringsflyktning", ""],
    ["Mutombo", "Mutombo, Grace", GRACE, "31.02.2024", "voksen", "K", "Kongo", "fransk",
     "15.03.2024", "Hemsedal", "overføringsflyktning", ""],
    ["Yusuf", "Yusuf, Amina", spaced(AMINA), "07.07.1990", "voksen", "K", "Somalia", "somali",
     "01.06.2022", "Hemsedal", "familiegjenforening", ""],
    ["Kovalenko", "Kovalenko, Olena", spaced(OLENA), "12.03.1984", "voksen", "K", "Ukraina", "uk",
     "01.02.2023", "Hemsedal", "Kollektiv beskyttelse", "Trøimsvegen 12"],
    ["Oslo", "Nilsen, Kari", "", "01.01.1970", "voksen", "K", "Iran", "", "01.01.2024", "Oslo", "asyl", ""],
]


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bosatte"
    ws.append(["Bosatte flyktninger i Hemsedal og Gol (liste fra saksbehandler)"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row if row is not None else [])
    for cell in ws[5][3:4]:
        cell.number_format = "DD.MM.YYYY"
    other = wb.create_sheet("Notater")
    other.append(["Denne fanen er ikke en liste."])
    wb.save(path)
    return path


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("messy_households.xlsx"))
