"""Norwegian (nb_NO) formatting of report values with babel: 1 234, 45,5 %, 23.11.2026, kr 12 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

#: Parsed once: babel parses a locale given by name on every call (half the time of a number)
LOCALE = Locale.parse("nb_NO")


def number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    fmt = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=fmt, locale=LOCALE)


def percent(value: float | None, decimals: int = 1) -> str:
    """A fraction as a Norwegian percentage: 0.455 → '45,5 %'."""
    if value is None:
        return "–"
    return f"{number(value * 100, decimals)}\u00a0%"


def money(value: float | None) -> str:
    if value is None:
        return "–"
    return f"kr\u00a0{number(value)}"


def date(value: dt.date | None) -> str:
    """dd.mm.åååå, the form Norwegian letters use."""
    if value is None:
        return ""
    return format_date(value, format="dd.MM.yyyy", locale=LOCALE)


def long_date(value: dt.date) -> str:
    """'23. november 2026'."""
    return format_date(value, format="d. MMMM y", locale=LOCALE)


def month(value: dt.date) -> str:
    """'mars 2025'."""
    return format_date(value, format="LLLL y", locale=LOCALE)


def cell(value: Any, kind: str) -> str:
    """A table cell as text, by column kind (for the PDF and the screen)."""
    if value is None:
        return "–" if kind != "text" else ""
    if kind == "int" and isinstance(value, (int, float)):
        return number(value)
    if kind == "float":
        return number(value, 1)
    if kind == "percent" and isinstance(value, (int, float)):
        return percent(value)
    if kind == "money" and isinstance(value, (int, float)):
        return money(value)
    if kind == "month" and isinstance(value, dt.date):
        return month(value)
    if kind == "date" and isinstance(value, dt.date):
        return date(value)
    return str(value)
