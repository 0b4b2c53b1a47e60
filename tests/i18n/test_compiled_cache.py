"""The compiled message catalog is kept between starts (cold start, issue 16) and is always the
compilation of the .po as it is now: a changed or damaged cache never shows an old wording."""

from __future__ import annotations

import gettext

import pytest

from hemsedal_integrering import paths
from hemsedal_integrering.i18n import catalog


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    return tmp_path / "data"


def _entries(translations: gettext.NullTranslations) -> dict:
    return dict(translations._catalog)  # type: ignore[attr-defined]


def test_the_cached_catalog_is_the_compiled_one(data_folder):
    fresh = gettext.GNUTranslations(__import__("io").BytesIO(
        catalog.compile_catalog(catalog.catalog_path("nb").read_bytes(), "nb")))
    first = catalog.load_translations("nb")  # compiles and keeps it
    kept = list((data_folder / "cache").glob("*.mo"))
    assert len(kept) == 1
    second = catalog.load_translations("nb")  # read from the cache
    assert _entries(first) == _entries(second) == _entries(fresh) and len(_entries(fresh)) > 1000


def test_a_changed_catalog_is_compiled_anew(data_folder, tmp_path, monkeypatch):
    po = tmp_path / "locale" / "nb" / "LC_MESSAGES" / f"{catalog.DOMAIN}.po"
    po.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: nb\\n"\n\n'
    po.write_text(header + 'msgid "Overview"\nmsgstr "Oversikt"\n', encoding="utf-8")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path / "locale")
    assert catalog.load_translations("nb").gettext("Overview") == "Oversikt"
    po.write_text(header + 'msgid "Overview"\nmsgstr "Forside"\n', encoding="utf-8")
    assert catalog.load_translations("nb").gettext("Overview") == "Forside"
    assert len(list((data_folder / "cache").glob("*.mo"))) == 1  # the old compilation is removed


def test_a_damaged_cache_is_compiled_again(data_folder):
    catalog.load_translations("nb")
    (kept,) = (data_folder / "cache").glob("*.mo")
    kept.write_bytes(b"not a catalog")
    assert catalog.load_translations("nb").gettext("Overview") == "Oversikt"
    assert kept.read_bytes() != b"not a catalog"


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(paths, "data_dir", lambda: blocker)  # "cache" under a file: cannot be made
    assert catalog.load_translations("nb").gettext("Overview") == "Oversikt"
