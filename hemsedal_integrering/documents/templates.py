"""Letter templates: text files an administrator copies and edits.

Layout: ``resources/letters/<lang>/<kind>.toml`` plus ``resources/letters/<lang>/language.toml``
(the language's own name and the heading that introduces the translation).
A template holds ``title``, ``heading`` and ``body`` (and, for some letters,
optional parts such as ``interpreter``), with named placeholders like
``{person.first_name}``. A placeholder whose value is a list (``{inspection.points}``)
must stand alone on its line and prints as bullet points. In the body, a blank
line starts a new paragraph and lines starting with "- " are bullet points.

Contract: every placeholder is checked against the letter's declared fields when
the file is LOADED; an unknown placeholder, a required one that is missing, bad
braces or a missing key raise ``TemplateError`` naming the file and the
placeholder, so a broken template never gives a half-printed letter.
A language folder without the letter's file is not an error: the caller falls
back to Norwegian with a visible notice.
"""

from __future__ import annotations

from ..resources import resource_path

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _

LETTERS_DIR = resource_path("letters")
NORWEGIAN = "nb"


class TemplateError(Exception):
    """A letter template file that cannot be used; the message is Norwegian and names the problem."""


@dataclass(frozen=True)
class LetterSpec:
    """What a letter kind offers its templates.

    ``fields``: placeholders allowed anywhere; ``required``: must appear in heading
    or body; ``lists``: list-valued fields (own line only); ``parts``: extra template
    keys (sentence used only in some cases), each allowed the same fields.
    """

    kind: str
    title: str
    fields: frozenset[str]
    required: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A loaded, validated template of one letter in one language."""

    kind: str
    language: str
    path: Path
    title: str
    heading: str
    body: str
    parts: dict[str, str]


@dataclass(frozen=True)
class Language:
    """A language folder's description (``language.toml``).

    ``checked_by`` names the qualified translator who checked the translation (and when);
    empty means nobody has: the letter dialog says so plainly before printing.
    """

    code: str
    name: str  # in the language itself, e.g. "Українська"
    translation_heading: str  # e.g. "Переклад українською мовою"
    checked_by: str = ""

    @property
    def checked(self) -> bool:
        return bool(self.checked_by.strip())


_formatter = string.Formatter()
_NAME = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")


def placeholders(text: str, where: str) -> list[str]:
    """The placeholder names in ``text``; TemplateError on bad braces or formats."""
    try:
        parsed = list(_formatter.parse(text))
    except ValueError as exc:
        raise TemplateError(_("{where}: the braces {{ }} do not match ({error}). "
                              "Use {{{{ and }}}} to write a brace.").format(where=where, error=exc)) from None
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise TemplateError(_("{where}: the placeholder {{{name}}} cannot have format codes (':' or '!').")
                                .format(where=where, name=name))
        if not _NAME.match(name):
            raise TemplateError(_("{where}: invalid placeholder {{{name}}}.").format(where=where, name=name))
        names.append(name)
    return names


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(_("{path}: the file cannot be read as TOML ({error}).").format(path=path, error=exc)) \
            from None
    except OSError as exc:
        raise TemplateError(_("{path}: the file cannot be opened ({error}).").format(path=path, error=exc)) \
            from None


def validate(spec: LetterSpec, data: dict, path: Path, language: str) -> Template:
    """Check a parsed template against ``spec``; returns the Template or raises TemplateError."""
    missing_keys = [k for k in ("title", "heading", "body", *spec.parts) if not isinstance(data.get(k), str)]
    if missing_keys:
        keys = ", ".join(("title", "heading", "body", *spec.parts))
        raise TemplateError(_("{path}: the text «{key}» is missing (all keys: {keys}).").format(
            path=path, key=missing_keys[0], keys=keys))
    seen: set[str] = set()
    for key in ("title", "heading", "body", *spec.parts):
        text = data[key]
        for name in placeholders(text, f"{path} [{key}]"):
            if name not in spec.fields:
                allowed = ", ".join("{" + f + "}" for f in sorted(spec.fields))
                raise TemplateError(_("{path} [{key}]: unknown placeholder {{{name}}}. "
                                      "The letter «{letter}» knows only: {allowed}.").format(
                    path=path, key=key, name=name, letter=spec.title, allowed=allowed))
            if name in spec.lists:
                line = next(ln for ln in text.splitlines() if "{" + name + "}" in ln)
                if line.strip() != "{" + name + "}":
                    raise TemplateError(_("{path} [{key}]: the list {{{name}}} must stand alone on a line.")
                                        .format(path=path, key=key, name=name))
            if key in ("heading", "body"):
                seen.add(name)
    for name in sorted(spec.required):
        if name not in seen:
            raise TemplateError(_("{path}: the placeholder {{{name}}} is missing, which the letter «{letter}» "
                                  "must have.").format(path=path, name=name, letter=spec.title))
    return Template(kind=spec.kind, language=language, path=path, title=data["title"].strip(),
                    heading=data["heading"].strip(), body=data["body"].strip("\n"),
                    parts={p: data[p].strip() for p in spec.parts})


_cache: dict[tuple[Path, float], Template] = {}


def load_template(spec: LetterSpec, language: str, root: Path | None = None) -> Template | None:
    """The validated template of ``spec.kind`` in ``language``; None when that language
    has no file for the letter (caller falls back to Norwegian). Norwegian must exist."""
    path = (root or LETTERS_DIR) / language / f"{spec.kind}.toml"
    if not path.exists():
        if language == NORWEGIAN:
            raise TemplateError(_("The template for «{letter}» is missing: {path}").format(letter=spec.title,
                                                                                            path=path))
        return None
    key = (path, path.stat().st_mtime)
    cached = _cache.get(key)
    if cached is None:
        cached = validate(spec, _read_toml(path), path, language)
        _cache[key] = cached
    return cached


def load_language(code: str, root: Path | None = None) -> Language | None:
    """The language folder's description, or None if the folder has none."""
    path = (root or LETTERS_DIR) / code / "language.toml"
    if not path.exists():
        return None
    data = _read_toml(path)
    name = data.get("name")
    heading = data.get("translation_heading")
    if not isinstance(name, str) or not isinstance(heading, str):
        raise TemplateError(_("{path}: must have «name» and «translation_heading».").format(path=path))
    checked_by = data.get("checked_by", "")
    if not isinstance(checked_by, str):
        raise TemplateError(_("{path}: «checked_by» must be text (the translator's name and date).").format(
            path=path))
    return Language(code=code, name=name, translation_heading=heading, checked_by=checked_by)


def load_labels(code: str, root: Path | None = None) -> dict[str, dict[str, str]]:
    """The language's translations of data labels (``labels.toml``): group -> key -> text,
    e.g. ``placement_types.language`` or ``contact_roles["Fastlege / legekontor"]``. Empty
    when the folder has none (the Norwegian label is printed then)."""
    path = (root or LETTERS_DIR) / code / "labels.toml"
    if not path.exists():
        return {}
    key = (path, path.stat().st_mtime)
    if key not in _labels_cache:
        data = _read_toml(path)
        _labels_cache[key] = {group: {str(k): str(v) for k, v in table.items()} for group, table in data.items()
                              if isinstance(table, dict)}
    return _labels_cache[key]


_labels_cache: dict[tuple[Path, float], dict[str, dict[str, str]]] = {}


def available_languages(root: Path | None = None) -> list[str]:
    """Language codes that have a folder with language.toml (Norwegian first)."""
    base = root or LETTERS_DIR
    codes = sorted(p.name for p in base.iterdir() if p.is_dir() and (p / "language.toml").exists()) \
        if base.exists() else []
    return sorted(codes, key=lambda c: (c != NORWEGIAN, c))


def expand(text: str, values: Mapping[str, object]) -> str:
    """Replace placeholders by already formatted text values (lists joined one per line)."""
    out: list[str] = []
    for literal, name, _spec, _conv in _formatter.parse(text):
        out.append(literal)
        if name is not None:
            value = values.get(name, "")
            out.append("\n".join(f"- {v}" for v in value) if isinstance(value, list) else str(value))
    return "".join(out)
