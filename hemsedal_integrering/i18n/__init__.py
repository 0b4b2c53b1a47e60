"""Norwegian (and other locale) formatting through babel: dates, times, numbers, money.

Letters use ``long_date`` ("23. november 2026"); tables and forms use
``short_date`` ("23.11.2026"). Every helper takes a ``locale`` so a translated
paragraph of a letter can show dates the way its reader expects; the default
is bokmål (nb).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

DEFAULT_LOCALE = "nb"


#: The regional form a letter language is written in: English letters use British dates
#: ('7 December 2026'), not babel's US default for 'en'.
REGIONAL = {"en": "en_GB"}


def _locale(locale: str | None) -> str:
    """A locale babel knows; unknown codes fall back to bokmål instead of failing a print."""
    code = REGIONAL.get(locale or DEFAULT_LOCALE, locale or DEFAULT_LOCALE)
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT_LOCALE
    return code


def long_date(day: dt.date | None, locale: str | None = None) -> str:
    """'23. november 2026' in bokmål ('' for None); the locale's long form otherwise."""
    if day is None:
        return ""
    code = _locale(locale)
    if code == DEFAULT_LOCALE:
        return format_date(day, "d. MMMM y", locale=code)
    return format_date(day, "long", locale=code)


def short_date(day: dt.date | None, locale: str | None = None) -> str:
    """'23.11.2026' ('' for None). Bokmål always uses dd.mm.yyyy on forms."""
    if day is None:
        return ""
    code = _locale(locale)
    if code == DEFAULT_LOCALE:
        return day.strftime("%d.%m.%Y")
    return format_date(day, "short", locale=code)


def weekday_date(day: dt.date | None, locale: str | None = None) -> str:
    """'mandag 7. desember 2026' — for meeting and inspection times ('' for None)."""
    if day is None:
        return ""
    code = _locale(locale)
    if code == DEFAULT_LOCALE:
        return format_date(day, "EEEE d. MMMM y", locale=code)
    return format_date(day, "full", locale=code)


def clock_time(moment: dt.time | dt.datetime | None, locale: str | None = None) -> str:
    """'10.00' in bokmål (Språkrådet: a full stop between hours and minutes), '10:00' elsewhere
    (24-hour clock; '' for None)."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        moment = moment.time()
    code = _locale(locale)
    return format_time(moment, "HH.mm" if code == DEFAULT_LOCALE else "HH:mm", locale=code)


def number(value: float | int | None, locale: str | None = None) -> str:
    """'12 500' / '18,5' with the locale's separators ('' for None)."""
    if value is None:
        return ""
    return format_decimal(value, locale=_locale(locale))


def money(value: int | float | None, locale: str | None = None) -> str:
    """'12 500 kr' for whole kroner ('' for None)."""
    if value is None:
        return ""
    return f"{number(value, locale)} kr"


from .catalog import N_ as N_, _ as _, gettext as gettext, ngettext as ngettext, pgettext as pgettext  # noqa: E402
