"""Norwegian display formatting for the GUI (dates dd.mm.åååå, kroner, hours, codes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.numbers import format_decimal

from .. import vocab
from ..i18n import _


def date(value: Any) -> str:
    """'23.11.2026' from a date or ISO text; '' for None/empty."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def kroner(value: Any) -> str:
    """'12 500 kr' (babel, nb grouping); '' for None."""
    if value in (None, ""):
        return ""
    return _("{amount} kr").format(amount=format_decimal(int(value), locale="nb_NO"))


def number(value: Any) -> str:
    """'37,5' / '15' with Norwegian decimal comma."""
    if value in (None, ""):
        return ""
    return format_decimal(float(value), format="#,##0.#", locale="nb_NO")


def code(table: dict[str, str], value: Any) -> str:
    """The vocab label of a code ('' for None)."""
    return vocab.label(table, value)


def languages(codes: str | None) -> str:
    return ", ".join(vocab.label(vocab.LANGUAGES, c) for c in (codes or "").split(",") if c)


def municipality(name: str | None) -> str:
    return vocab.short_municipality(name)
