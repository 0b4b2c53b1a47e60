"""User names and display names that cannot deceive: NFKC, one script, no bidi controls, no look-alikes.

Rules (issue 11 point 8)
------------------------
* A user name is NFKC-normalised and lower-cased (``ＡＤＭＩＮ`` and ``admin``
  are the same name, at creation and at login).
* It may hold letters of **one** script (Latin, Cyrillic, Greek, Arabic …),
  the digits 0-9 and ``.``, ``_``, ``-`` — nothing else (no spaces, no
  invisible or control characters).
* A new user name whose *skeleton* (diacritics dropped, common look-alike
  letters such as ``ı``/``і``/``ο`` mapped to the Latin letter they imitate)
  equals an existing user's is refused: ``admın`` beside ``admin``.
* A display name (a user's full name) may not hold bidirectional control
  characters (U+202A-202E, U+2066-2069, U+200E/F, U+061C) or other invisible
  format/control characters: «RLO» could make ``nimda`` read ``admin``.
"""

from __future__ import annotations

import unicodedata

from ..i18n import _
from .base import Errors

_EXTRA = set("._-")
_DIGITS = set("0123456789")

#: Look-alikes of Latin letters (a small, deliberate subset of Unicode's confusables for the scripts
#: a user name could plausibly be typed in), mapped to the letter they imitate.
_CONFUSABLE = str.maketrans({
    "ı": "i", "ɩ": "i", "ι": "i", "і": "i", "ӏ": "l", "ł": "l", "ĸ": "k", "ſ": "s", "ɑ": "a", "ɡ": "g",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "в": "b", "к": "k", "м": "m", "н": "h", "т": "t", "ν": "v",
    "α": "a", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "κ": "k", "χ": "x", "ε": "e", "η": "n",
    "0": "o", "1": "l", "5": "s",
})


def normalise_username(raw: str | None) -> str:
    """What a typed user name means: NFKC, trimmed, lower case (used at creation and at login)."""
    return unicodedata.normalize("NFKC", raw or "").strip().lower()


def script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name ('LATIN SMALL LETTER A' → 'LATIN')."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def skeleton(name: str) -> str:
    """``name`` without diacritics, with look-alike letters mapped to Latin and 'rn' read as 'm'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", normalise_username(name))
                    if not unicodedata.combining(c))
    return plain.translate(_CONFUSABLE).replace("rn", "m").replace("_", "-").replace(".", "-")


def check_username(errors: Errors, field: str, raw: str | None, existing: list[str]) -> str:
    """Validate a new user name; add Norwegian messages to ``errors``; return the normalised name."""
    name = normalise_username(raw)
    if not name:
        return name
    letters = [c for c in name if c.isalpha()]
    if any(not (c.isalpha() or c in _DIGITS or c in _EXTRA) for c in name):
        errors.add(field, _("The user name can only have letters, digits, full stops, hyphens and underscores."))
        return name
    if len({script_of(c) for c in letters}) > 1:
        errors.add(field, _("The user name mixes letters from different alphabets. Use one alphabet."))
        return name
    own = skeleton(name)
    twins = [u for u in existing if u != name and skeleton(u) == own]
    if twins:
        errors.add(field, _("The user name looks like the existing user name «{other}». Choose a name that "
                            "cannot be mistaken for it.").format(other=twins[0]))
    return name


def has_hidden_characters(text: str | None) -> bool:
    """Bidirectional controls and other invisible format or control characters (tab/newline not allowed)."""
    return any(unicodedata.category(c) in ("Cf", "Cc") or unicodedata.bidirectional(c) in
               ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI") for c in text or "")


def check_display_name(errors: Errors, field: str, text: str | None) -> None:
    if has_hidden_characters(text):
        errors.add(field, _("The name contains invisible control characters (for example for right-to-left "
                            "text). Type the name again without them."))
