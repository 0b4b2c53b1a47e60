"""Turn messy spreadsheet cells into the values the services take.

Each function returns the cleaned value, or the original text when it cannot
make sense of it: the service then rejects the row with its own message
(validation stays in one place, the services). Rules:

* Dates: a date cell, an Excel serial number (45000 = 15.03.2023), or text
  in Norwegian order — 01.02.2023, 1.2.23, 1/2/23, 01-02-2023 — or ISO
  (2023-02-01). Two-digit years: up to this year + 1 → 20xx, else 19xx.
* Identity numbers: spaces, dots and dashes go; a number that Excel stored
  as a number lost its leading zero (0102…) and gets it back.
* Names: "Etternavn, Fornavn" in one column splits at the comma; "Fornavn
  Etternavn" without a comma splits before the last word.
* Code lists (role, gender, country, legal basis, …): the code itself, the
  label the program shows, or a common Norwegian synonym, in any case.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ... import vocab

EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Serial numbers outside this range are not dates (1.1.1910 … 31.12.2099).
SERIAL_RANGE = (3654, 73415)
_DATE_TEXT = re.compile(r"^\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as trimmed text; whole floats lose their ".0" (Excel stores 3560 as 3560.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return " ".join(str(value).split())


def as_date(value: Any, *, today: dt.date) -> Any:
    """A ``date`` when the cell is one of the accepted forms; else the text (the service rejects it)."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return as_text(value)
    text = as_text(value)
    if text.isdigit() and len(text) == 8:  # 01022023 (ddmmyyyy)
        text = f"{text[:2]}.{text[2:4]}.{text[4:]}"
    m = _ISO.match(text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3])) or text
    m = _DATE_TEXT.match(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year += 2000 if 2000 + year <= today.year + 1 else 1900
        return _safe_date(year, month, day) or text
    return text


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def as_number_text(value: Any, length: int) -> str:
    """An identity number as digits only; a leading zero lost in Excel is put back."""
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.\-\u00a0]", "", str(value))
    if text.isdigit() and len(text) == length - 1:
        text = "0" + text
    return text


def split_name(value: Any) -> tuple[str, str]:
    """(first name, last name) from "Etternavn, Fornavn" or "Fornavn Etternavn"."""
    text = as_text(value)
    if not text:
        return "", ""
    if "," in text:
        last, _sep, first = text.partition(",")
        return first.strip(), last.strip()
    parts = text.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def fold(text: Any) -> str:
    """Lower case without accents or punctuation, for matching headers and labels."""
    s = unicodedata.normalize("NFKD", as_text(text).lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("ø", "o").replace("æ", "ae").replace("å", "a")  # i18n: data (folding Norwegian letters)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


#: Words an office writes for a code, beyond the code and the program's own label.
#: Stored data for matching cells, not texts the user reads.
SYNONYMS: dict[str, dict[str, str]] = {
    "role": {"voksen": "adult", "v": "adult", "forelder": "adult", "hovedperson": "adult",  # i18n: data
             "barn": "child", "b": "child", "sonn": "child", "datter": "child"},  # i18n: data
    "gender": {"k": "F", "kvinne": "F", "kvinnelig": "F", "jente": "F", "f": "F", "female": "F",  # i18n: data
               "m": "M", "mann": "M", "mannlig": "M", "gutt": "M", "male": "M", "annet": "X"},  # i18n: data
    "country": {"ukraina": "UA", "kongo": "CD", "dr kongo": "CD",  # i18n: data
                "den demokratiske republikken kongo": "CD",  # i18n: data
                "syria": "SY", "eritrea": "ER", "afghanistan": "AF", "somalia": "SO", "sudan": "SD",  # i18n: data
                "irak": "IQ", "etiopia": "ET", "myanmar": "MM", "burma": "MM", "palestina": "PS",  # i18n: data
                "iran": "IR", "statslos": "XX", "ukjent": "XX"},  # i18n: data
    "legal_basis": {"asyl": "asylum", "flyktning": "asylum", "flyktningstatus": "asylum",  # i18n: data
                    "kollektiv beskyttelse": "collective", "kollektiv": "collective",  # i18n: data
                    "midlertidig kollektiv beskyttelse": "collective",  # i18n: data
                    "overforingsflyktning": "resettlement", "kvoteflyktning": "resettlement",  # i18n: data
                    "familiegjenforening": "family", "familieinnvandring": "family",  # i18n: data
                    "humanitart grunnlag": "humanitarian",  # i18n: data
                    "opphold pa humanitart grunnlag": "humanitarian"},  # i18n: data
    "municipality": {"hemsedal kommune": "hemsedal", "gol kommune": "gol"},  # i18n: data
    "ownership": {"kommunal": "municipal", "kommunen": "municipal", "kommunalt eid": "municipal",  # i18n: data
                  "privat": "private", "privat leid": "private", "innleid": "private"},  # i18n: data
    "guarantee": {"depositum": "deposit", "nav garanti": "nav_guarantee", "garanti": "nav_guarantee",  # i18n: data
                  "husleiegaranti": "nav_guarantee", "ingen": "none"},  # i18n: data
    "heating": {"strom": "electric", "elektrisk": "electric", "varmepumpe": "heat_pump",  # i18n: data
                "ved": "wood", "vedfyring": "wood", "fjernvarme": "district"},  # i18n: data
    "placement_type": {"sprakpraksis": "language", "arbeidspraksis": "work",  # i18n: data
                       "lonnstilskudd": "wage_subsidy",  # i18n: data
                       "mentor": "mentor", "vikariat": "temporary", "midlertidig stilling": "temporary",  # i18n: data
                       "trainee": "trainee"},  # i18n: data
    "sector": {"helse": "health_care", "helse og omsorg": "health_care", "oppvekst": "education",  # i18n: data
               "skole": "education", "barnehage": "education", "teknisk": "technical",  # i18n: data
               "eiendom": "technical", "kultur": "culture", "administrasjon": "administration",  # i18n: data
               "reiseliv": "tourism", "hotell": "tourism", "butikk": "retail", "handel": "retail",  # i18n: data
               "bygg": "construction", "renhold": "cleaning", "kafe": "food", "restaurant": "food"},  # i18n: data
    "yes_no": {"ja": "1", "j": "1", "x": "1", "yes": "1", "true": "1", "1": "1",  # i18n: data
               "nei": "0", "n": "0", "no": "0", "false": "0", "0": "0"},  # i18n: data
}

CODE_TABLES = {
    "role": lambda: vocab.ROLES_IN_HOUSEHOLD, "gender": lambda: vocab.GENDERS, "country": lambda: vocab.COUNTRIES,
    "legal_basis": lambda: vocab.LEGAL_BASES, "municipality": lambda: vocab.MUNICIPALITIES,
    "ownership": lambda: vocab.OWNERSHIP, "guarantee": lambda: vocab.GUARANTEES, "heating": lambda: vocab.HEATING,
    "placement_type": lambda: vocab.PLACEMENT_TYPES, "sector": lambda: vocab.SECTORS,
    "language": lambda: vocab.LANGUAGES,
}


def as_code(table: str, value: Any) -> Any:
    """The stored code for a cell of a code list (None when blank; the text itself when unknown)."""
    if blank(value):
        return None
    options = CODE_TABLES[table]()
    text = as_text(value)
    if text in options:
        return text
    key = fold(text)
    for code, label in options.items():
        if key in (fold(code), fold(label)):
            return code
    return SYNONYMS.get(table, {}).get(key, text)


def as_languages(value: Any) -> str:
    """Comma-separated language codes from "arabisk, engelsk" / "ar;en" (unknown words kept: the service says)."""
    if blank(value):
        return ""
    parts = re.split(r"[,;/]| og ", as_text(value))  # i18n: data ("og" between two languages)
    return ",".join(str(as_code("language", p.strip())) for p in parts if p.strip())


def as_bool(value: Any) -> bool:
    if blank(value):
        return False
    if isinstance(value, bool):
        return value
    return SYNONYMS["yes_no"].get(fold(value), "0") == "1"
