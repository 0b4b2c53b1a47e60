"""Keep the message catalogs in step with the code (a developer's tool).

    python -m hemsedal_integrering.i18n.tool update [--from FRAGMENT.po ...]
    python -m hemsedal_integrering.i18n.tool check
    python -m hemsedal_integrering.i18n.tool merge BASE OURS THEIRS   (git merge driver)

``update`` extracts every ``_()``, ``ngettext()``, ``pgettext()`` and ``N_()``
text from the package, keeps the translations the catalog already has, takes
new or changed ones from the given fragment files (plain .po files with just
msgid/msgstr pairs), drops texts the code no longer uses and writes the
catalog sorted by text without line numbers, so two branches that add texts
merge cleanly. ``check`` prints every problem and exits 1 if there is one;
``tests/i18n`` runs the same check.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .catalog import DEFAULT_LANGUAGE, DOMAIN, catalog_path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
HEADER_COMMENT = ("# The program's texts in {language}. Edit the msgstr lines; the msgid lines are\n"
                  "# the English source texts in the code. After changing code, run\n"
                  "#   python -m hemsedal_integrering.i18n.tool update\n"
                  "# to add new texts and drop unused ones.")
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def extract(package_dir: Path = PACKAGE_DIR) -> dict[tuple[str | None, str | tuple[str, str]], list[str]]:
    """{(context, msgid or (singular, plural)): [file:line, ...]} for every marked text in the package."""
    found: dict = {}
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(package_dir), method_map=method_map, keywords=KEYWORDS, strip_comment_tags=True):
        if isinstance(message, tuple):
            message = tuple(m for m in message if m is not None)
            if len(message) == 1:
                message = message[0]
        if not message:
            continue
        found.setdefault((context, message), []).append(f"{filename}:{lineno}")
    return found


def read_catalog(path: Path, language: str = DEFAULT_LANGUAGE) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _key(message: Message) -> tuple[str | None, str | tuple[str, ...]]:
    return (message.context, message.id if isinstance(message.id, str) else tuple(message.id))


def _texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A catalog entry's id or translation as its texts: one, or the plural forms ("" when missing)."""
    if isinstance(value, (tuple, list)):
        return tuple(v or "" for v in value)
    return (value or "",)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string (``{{`` and ``}}`` are literal braces)."""
    return {field.split(":")[0].split("!")[0] for field in PLACEHOLDER.findall(text)}


def problems(catalog: Catalog, extracted: dict) -> list[str]:
    """Everything that would show a user a wrong or English text."""
    out: list[str] = []
    messages = {_key(m): m for m in catalog if m.id}
    for key, where in sorted(extracted.items(), key=lambda item: str(item[0])):
        message = messages.get(key)
        label = f"{key[1]!r}" + (f" (context {key[0]!r})" if key[0] else "") + f" at {where[0]}"
        if message is None:
            out.append(f"missing from the catalog: {label}")
            continue
        strings = _texts(message.string)
        if not all(strings):
            out.append(f"untranslated: {label}")
            continue
        if message.fuzzy:
            out.append(f"marked fuzzy (not used until checked): {label}")
        ids = _texts(message.id)
        wanted = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            if placeholders(string) - wanted:
                out.append(f"translation uses unknown placeholders {sorted(placeholders(string) - wanted)}: {label}")
        if len(ids) == 1 and placeholders(ids[0]) != placeholders(strings[0]):
            out.append(f"translation drops or adds placeholders: {label}")
    for key in sorted(set(messages) - set(extracted), key=str):
        out.append(f"in the catalog but not used by the code (run update): {key[1]!r}")
    return out


def _fragments(paths: Iterable[Path]) -> dict:
    merged: dict = {}
    for path in paths:
        for message in read_catalog(path):
            if message.id and message.string:
                merged[_key(message)] = message.string
    return merged


def update(fragments: Iterable[Path] = (), language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Rewrite the catalog from the code, old translations and fragments; return the remaining problems."""
    path = catalog_path(language)
    old = {_key(m): m.string for m in read_catalog(path, language) if m.id} if path.exists() else {}
    new_strings = _fragments(fragments)
    extracted = extract()
    entries = {}
    for key in extracted:
        string = new_strings.get(key, old.get(key, ("", "") if isinstance(key[1], tuple) else ""))
        entries[key] = string
    _write(path, entries, language)
    return problems(read_catalog(path, language), extracted)


def _write(path: Path, entries: dict, language: str) -> None:
    """Write ``{(context, msgid): msgstr}`` sorted by text, without locations or dates (merge-friendly)."""
    catalog = Catalog(locale=language, domain=DOMAIN, project="Hemsedal integrering", version="1",
                      header_comment=HEADER_COMMENT, msgid_bugs_address="-",
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE,  # no date churn between branches
                      last_translator="Integreringstjenesten i Hemsedal og Gol",  # i18n: data
                      language_team=language,
                      charset="utf-8", fuzzy=False)
    catalog.header_comment = HEADER_COMMENT.format(language=language)
    for key in sorted(entries, key=lambda k: (str(k[1]).lower(), str(k[1]), k[0] or "")):
        context, msgid = key
        catalog.add(msgid, entries[key], context=context)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, no_location=True, omit_header=False, sort_output=False,
                 ignore_obsolete=True, include_previous=False)


def merge(base: Path, ours: Path, theirs: Path, language: str = DEFAULT_LANGUAGE) -> int:
    """A git merge driver: a three-way merge of two catalogs, entry by entry, written to ``ours``.

    An entry added on either side is kept; one removed on a side that did not
    change it is dropped; a translation changed on one side wins. Where both
    sides changed the same translation differently, ours is kept and the entry
    is named on stderr (returns 1 then, so git reports a conflict to look at).
    Run ``update`` after the merge to drop texts the merged code no longer uses.
    """
    def load(path: Path) -> dict:
        if not path.exists() or path.stat().st_size == 0:
            return {}
        return {_key(m): m.string for m in read_catalog(path, language) if m.id}

    b, o, t = load(base), load(ours), load(theirs)
    out: dict = {}
    clashes = []
    for key in set(o) | set(t):
        if key in o and key in t:
            if o[key] == t[key] or t[key] == b.get(key):
                out[key] = o[key]
            elif o[key] == b.get(key):
                out[key] = t[key]
            else:
                out[key] = o[key]
                clashes.append(key)
        elif key in o:
            if not (key in b and b[key] == o[key]):  # not removed by theirs, or changed by us
                out[key] = o[key]
        elif not (key in b and b[key] == t[key]):
            out[key] = t[key]
    _write(ours, out, language)
    for key in clashes:
        print(f"both sides translate {key[1]!r} differently; kept ours", file=sys.stderr)
    return 1 if clashes else 0


def check(language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The problems of the catalog as it is on disk."""
    path = catalog_path(language)
    if not path.exists():
        return [f"no catalog at {path}"]
    return problems(read_catalog(path, language), extract())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hemsedal_integrering.i18n.tool", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("update", help="sync the catalog with the code")
    up.add_argument("--from", dest="fragments", action="append", default=[], type=Path,
                    help="a .po file with new translations (may be given several times)")
    sub.add_parser("check", help="list untranslated or broken entries")
    mg = sub.add_parser("merge", help="git merge driver: three-way merge of BASE OURS THEIRS into OURS")
    for name in ("base", "ours", "theirs"):
        mg.add_argument(name, type=Path)
    args = parser.parse_args(argv)
    if args.command == "merge":
        return merge(args.base, args.ours, args.theirs)
    found = update(args.fragments) if args.command == "update" else check()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) in {catalog_path()}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
