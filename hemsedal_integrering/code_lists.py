"""Complete country and language lists from CLDR (babel), named in the user's language.

Rule: the lists hold every country (ISO 3166 alpha-2, as CLDR names it) and
every language CLDR names, with the service's common ones first in a fixed
order (``vocab.COUNTRIES_COMMON``/``LANGUAGES_COMMON``, labels chosen by the
service, e.g. "DR Kongo" where CLDR says "Kongo"), then the rest sorted the
Norwegian way (æ, ø, å after z). Codes are what the database stores, so a
code chosen once keeps its meaning when the program is updated.
"""

from __future__ import annotations

from babel import Locale

from .i18n.catalog import current_language

#: CLDR territory codes that are not countries (regions, unions, unknown).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"})
#: CLDR language codes that are not languages one speaks or reads.
NOT_LANGUAGES = frozenset({"und", "zxx", "mul", "mis", "root", "sh", "mo", "tlh", "jbo", "vo", "io", "ia", "ie",
                           "eo", "art"})

_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # i18n: data (letters -> the code points after "z")


def norwegian_sort_key(text: str) -> str:
    """Sort key with æ, ø, å after z (the Norwegian alphabet), case-insensitive."""
    return text.casefold().translate(_NORWEGIAN_ORDER)


def _locale() -> Locale:
    try:
        return Locale.parse(current_language())
    except (ValueError, TypeError):
        return Locale.parse("nb")


def _complete(common: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    out = dict(common)
    taken = {v.casefold() for v in out.values()}
    rest = [(code, name) for code, name in names.items() if code not in out and name.casefold() not in taken]
    for code, name in sorted(rest, key=lambda cn: norwegian_sort_key(cn[1])):
        out[code] = name
        taken.add(name.casefold())
    return out


def countries(common: dict[str, str]) -> dict[str, str]:
    """``common`` first, then every country CLDR names."""
    names = {code: name for code, name in _locale().territories.items()
             if len(code) == 2 and code.isalpha() and code.isupper() and code not in NOT_COUNTRIES}
    return _complete(common, names)


def languages(common: dict[str, str]) -> dict[str, str]:
    """``common`` first, then every language CLDR names (first letter capitalised, as in a list)."""
    names = {code: name[:1].upper() + name[1:] for code, name in _locale().languages.items()
             if "_" not in code and code.isalpha() and code.islower() and code not in NOT_LANGUAGES}
    return _complete(common, names)
