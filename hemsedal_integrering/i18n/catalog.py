"""The program's message catalogs: every text a user reads goes through here.

Source texts (msgids) are English and live in the code, wrapped in ``_()``,
``ngettext()`` or ``pgettext()``. The bokmål texts the user sees live in
``resources/locale/nb/LC_MESSAGES/hemsedal_integrering.po``, the one place a
wording is changed. ``python -m hemsedal_integrering.i18n.tool update`` adds
new msgids to the catalog and ``... check`` lists what is untranslated; a test
runs the same check, so an untranslated text cannot land.

The catalog is read once, on the first lookup (about 50 ms for a few thousand
entries), so module-level ``_()`` calls are fine. The language is fixed from
then on: ``set_language`` is for start-up (and tests), not for switching a
running window. Placeholders use ``str.format`` names, never positions, so a
translation can reorder them: ``_("Move {name} in").format(name=...)``.
"""

from __future__ import annotations

from ..resources import resource_path

import gettext as _gettext
import io
import os
from pathlib import Path

DOMAIN = "hemsedal_integrering"
DEFAULT_LANGUAGE = "nb"
LOCALE_DIR = resource_path("locale")
ENV_LANGUAGE = "HEMSEDAL_INTEGRERING_SPRAK"

_translations: _gettext.NullTranslations | None = None
_language: str | None = None


def catalog_path(language: str = DEFAULT_LANGUAGE) -> Path:
    """Where the .po file for ``language`` lives (it may not exist)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> list[str]:
    """'en' (the source texts) plus every language with a catalog."""
    found = sorted(p.name for p in LOCALE_DIR.iterdir() if catalog_path(p.name).exists()) if LOCALE_DIR.exists() else []
    return ["en", *found]


def load_translations(language: str) -> _gettext.NullTranslations:
    """Compile the .po for ``language`` in memory; English is the source itself.

    A missing catalog for any other language is an error, not a silent
    fallback to English: an officer must never get a half-English window
    because a file was not installed.
    """
    if language == "en":
        return _gettext.NullTranslations()
    path = catalog_path(language)
    if not path.exists():
        raise FileNotFoundError(f"Message catalog for {language!r} not found: {path}")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def set_language(language: str | None) -> None:
    """Choose the language (None: the environment's, else bokmål) before the first text is shown."""
    global _translations, _language
    code = language or os.environ.get(ENV_LANGUAGE) or DEFAULT_LANGUAGE
    _translations, _language = load_translations(code), code


def current_language() -> str:
    """The language in use (loads the catalog if nothing has been looked up yet)."""
    _active()
    return _language or DEFAULT_LANGUAGE


def _active() -> _gettext.NullTranslations:
    if _translations is None:
        set_language(None)
    return _translations  # type: ignore[return-value]


def gettext(message: str) -> str:
    """The user's text for ``message``."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The user's text for a count: ``ngettext("{n} person", "{n} persons", n).format(n=n)``."""
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A text that needs a context to be translated right (the same English word, two meanings)."""
    return _active().pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name for a marker
    """Mark a text for the catalog without translating it yet (translate with ``_()`` where it is shown)."""
    return message


_ = gettext
