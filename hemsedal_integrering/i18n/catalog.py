"""The program's message catalogs: every text a user reads goes through here.

Source texts (msgids) are English and live in the code, wrapped in ``_()``,
``ngettext()`` or ``pgettext()``. The bokmål texts the user sees live in
``resources/locale/nb/LC_MESSAGES/hemsedal_integrering.po``, the one place a
wording is changed. ``python -m hemsedal_integrering.i18n.tool update`` adds
new msgids to the catalog and ``... check`` lists what is untranslated; a test
runs the same check, so an untranslated text cannot land.

The catalog is read once, on the first lookup, so module-level ``_()`` calls are
fine; its compiled form is kept in the user's data folder (``cache/``, named by a hash
of the .po), so only the first start after a catalog change compiles it. The language is fixed from
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
    source = path.read_bytes()
    cached = _compiled_path(language, source)
    if cached is not None:
        try:
            return _gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
        except Exception:  # not there yet, or damaged: compiled again
            pass
    compiled = compile_catalog(source, language)
    if cached is not None:
        _store(cached, compiled, language)
    return _gettext.GNUTranslations(io.BytesIO(compiled))


def compile_catalog(source: bytes, language: str) -> bytes:
    """The .mo form of a .po file's contents (babel; fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    catalog = read_po(io.BytesIO(source), locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _compiled_path(language: str, source: bytes) -> Path | None:
    """Where the compiled catalog of exactly this .po content is kept between starts, in the
    user's data folder. Compiling took 0.15–0.4 s of every start (issue 16, cold start); the
    name holds a hash of the .po, so an edited or updated catalog is compiled anew."""
    import hashlib
    try:
        from .. import paths
        folder = paths.data_dir() / "cache"
    except Exception:  # no data folder: compile every time, as before
        return None
    digest = hashlib.sha256(source).hexdigest()[:24]
    return folder / f"{DOMAIN}-{language}-{digest}.mo"


def _store(target: Path, compiled: bytes, language: str) -> None:
    """Write the compiled catalog whole or not at all; a folder that cannot be written is no error."""
    try:
        from .. import paths
        paths.ensure_private_dir(target.parent)
        for old in target.parent.glob(f"{DOMAIN}-{language}-*.mo"):
            old.unlink(missing_ok=True)  # earlier versions of this language's catalog
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(compiled)
        os.replace(temporary, target)
    except OSError:
        pass


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
