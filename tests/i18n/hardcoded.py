"""Find Norwegian texts written straight into the code instead of going through the catalog.

A string literal counts as Norwegian when it has æ, ø or å, or one of the
common bokmål words below as a whole word. Literals inside ``_()``,
``ngettext()``, ``pgettext()``, ``N_()`` and docstrings are fine; so is a line
that ends with ``# i18n: data`` (a stored value or a proper name, not a text
for the user — say why on the line above if it is not obvious).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

WORDS = (
    "og ikke på til må skal kan eller ingen alle fra ved som av er det den har vil blir ble være "
    "du dere vi hva hvem hvor når etter før uten mellom inn ut "
    "ny nytt nye lagre avbryt slett endre velg vis lukk åpne søk skriv legg lagt fjern "
    "navn dato adresse telefon kommune bolig boliger husstand husstander personer leie leieavtale "
    "utleier praksis arbeidsplass oppfølging tilsyn rapport rapporter brev oppgave oppgaver merknad "
    "fødselsdato fødselsnummer barn voksen voksne antall totalt ukjent annet "
    "januar februar mars april mai juni juli august september oktober november desember "
    "mandag tirsdag onsdag torsdag fredag lørdag søndag år måned uke dag dager"
).split()
_FORMS = {form for word in WORDS for form in (word, word.capitalize())}  # "navn", "Navn"; not "NAVN" (SQL, codes)
NORWEGIAN = re.compile(r"[æøåÆØÅ]|(?<![\w-])(?:" + "|".join(sorted(_FORMS, key=len, reverse=True)) + r")(?![\w-])")
CATALOG_CALLS = {"_", "N_", "gettext", "ngettext", "pgettext"}
MARKER = "# i18n: data"


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _marked_lines(source: str) -> set[int]:
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and tok.string.strip().startswith(MARKER):
            lines.add(tok.start[0])
    return lines


def hardcoded_texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) for every Norwegian-looking literal outside the catalog in one file."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    marked = _marked_lines(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in CATALOG_CALLS:
                for inner in ast.walk(node):
                    skip.add(id(inner))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        end = getattr(node, "end_lineno", node.lineno)
        if any(line in marked for line in range(node.lineno, end + 1)):
            continue
        if NORWEGIAN.search(node.value):
            found.append((node.lineno, node.value))
    return sorted(found)


def main(argv: list[str]) -> int:
    """``python -m tests.i18n.hardcoded FILE_OR_DIR ...``: print what is still hard-coded."""
    count = 0
    for arg in argv:
        root = Path(arg)
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            for line, text in hardcoded_texts(path):
                print(f"{path}:{line}: {text!r}")
                count += 1
    print(f"{count} hard-coded text(s)")
    return 1 if count else 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))


def shadowed_gettext(path: Path) -> list[tuple[int, str]]:
    """(line, function) where a function calls ``_()`` but also binds ``_`` itself
    (``for _ in …``, ``a, _ = …``): Python then treats ``_`` as a local name and the
    ``_()`` call fails with UnboundLocalError at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        calls = binds = False
        for node in ast.walk(func):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                calls = True
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                binds = True
            if isinstance(node, ast.arg) and node.arg == "_" and node is not func:
                binds = True
        if calls and binds:
            found.append((func.lineno, getattr(func, "name", "<lambda>")))
    return found
