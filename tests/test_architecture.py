"""The GUI reads through ``queries/`` and writes through ``services/`` (issue 18, item 3).

Every module under ``hemsedal_integrering/ui/`` is parsed (not imported) and may not import
``models``, ``db`` or ``peewee`` in any spelling (``from ..models import X``, ``from .. import db``,
``import hemsedal_integrering.db.backup``, an import inside a function …), nor read a database's
data key itself (``getattr(session.db, "data_key", None)``; ``services.database.data_key`` says it).

A model instance in a widget reaches the database on every attribute that follows a relation,
outside any query, permission check or transaction; a ``db`` call from a dialog skips the
service's permission check and audit row (``ui/backup_dialog.backup_now`` did).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hemsedal_integrering

UI = Path(hemsedal_integrering.__file__).parent / "ui"  # i18n: data
PACKAGE = "hemsedal_integrering"  # i18n: data
FORBIDDEN = ("models", "db", "peewee")

#: Files still waiting for their owner to move them onto queries/services: file -> (owner, what it may
#: still import, why). Temporary: the test fails once an entry is no longer needed, so the list only shrinks.
TEMPORARY: dict[str, tuple[str, frozenset[str], str]] = {}


def _resolve(module: str | None, level: int, here: str) -> str:
    """The absolute dotted name of an import (``from ..db import x`` in ui/y.py -> hemsedal_integrering.db)."""
    if level == 0:
        return module or ""
    base = here.split(".")[:-level]
    return ".".join(base + ([module] if module else []))


def forbidden_uses(source: str, module_name: str) -> list[tuple[int, str]]:
    """(line, what) for each import of models/db/peewee and each data-key read in ``source``.

    ``what`` is the offending layer as the TEMPORARY table names it: 'models', 'db.backup', 'peewee', 'data_key'.
    """
    found: list[tuple[int, str]] = []

    def check(name: str, line: int) -> None:
        parts = name.split(".")
        if parts[0] == "peewee":
            found.append((line, "peewee"))
        elif parts[0] == PACKAGE and len(parts) > 1 and parts[1] in FORBIDDEN:
            found.append((line, ".".join(parts[1:3]) if parts[1] == "db" and len(parts) > 2 else parts[1]))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node.module, node.level, module_name)
            if target == PACKAGE:  # from .. import db / models
                for alias in node.names:
                    check(f"{PACKAGE}.{alias.name}", node.lineno)
            elif target == f"{PACKAGE}.db":  # from ..db import backup -> db.backup when it is a module
                for alias in node.names:
                    check(f"{target}.{alias.name}" if (UI.parent / "db" / f"{alias.name}.py").exists() else target,
                          node.lineno)
            else:
                check(target, node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
              and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "data_key"):
            found.append((node.lineno, "data_key"))
    return found


def _ui_modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_the_ui_folder_is_found():
    assert len(_ui_modules()) > 40  # a wrong path would make the test below pass on nothing


@pytest.mark.parametrize("path", _ui_modules(), ids=lambda p: p.name)
def test_ui_module_reads_through_queries_and_writes_through_services(path: Path):
    module = f"{PACKAGE}.ui." + ".".join(path.relative_to(UI).with_suffix("").parts)
    uses = forbidden_uses(path.read_text(encoding="utf-8"), module)
    owner, allowed, why = TEMPORARY.get(path.name, ("", frozenset(), ""))
    unexpected = [f"line {line}: {what}" for line, what in uses if what not in allowed]
    assert not unexpected, (f"ui/{path.name} reaches past queries/services ({', '.join(unexpected)}): "
                            "read through a function in queries/, write through a service")
    if path.name in TEMPORARY:
        assert {what for _line, what in uses} & allowed, (
            f"ui/{path.name} no longer needs its exception ({owner}: {why}): remove it from TEMPORARY in "
            "tests/test_architecture.py")


@pytest.mark.parametrize("source, expected", [
    ("from ..models import Person", ["models"]),
    ("from ..models.versioning import expect_versions", ["models"]),
    ("from .. import models, vocab", ["models"]),
    ("def f():\n    from ..db import backup\n", ["db.backup"]),
    ("from ..db import open_database", ["db"]),
    ("import hemsedal_integrering.db.crypto", ["db.crypto"]),
    ("from peewee import fn", ["peewee"]),
    ("key = getattr(session.db, 'data_key', None)", ["data_key"]),
    ("from ..queries import records\nfrom ..services import database\nfrom .. import vocab", []),
    ("from .models_view import x", []),  # ui/models_view.py would be a ui module, not the models package
])
def test_the_check_sees_every_spelling(source, expected):
    assert [what for _line, what in forbidden_uses(source, f"{PACKAGE}.ui.example")] == expected
