"""The command line is one package on top: nothing below it imports it, and the services and
reports it calls return values instead of printing (issue 18, item 1)."""

import ast
from pathlib import Path

import hemsedal_integrering

ROOT = Path(hemsedal_integrering.__file__).parent
CLI = ROOT / "cli"
# gui.py is an entry point beside the cli: it borrows argparse's Norwegian texts.
MAY_IMPORT_CLI = {ROOT / "gui.py"}


def _modules(folder: Path):
    return [p for p in sorted(folder.rglob("*.py")) if CLI not in p.parents]


def _imports_cli(path: Path, source: str | None = None) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    package = ".".join(("hemsedal_integrering", *path.relative_to(ROOT).parent.parts))
    lines = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                names = [".".join([*base, node.module]) if node.module else ".".join(base)]
                if not node.module:
                    names = [f"{names[0]}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
        if any(n == "hemsedal_integrering.cli" or n.startswith("hemsedal_integrering.cli.") for n in names):
            lines.append(node.lineno)
    return lines


def _prints(path: Path) -> list[int]:
    """Lines that call print() outside an ``if __name__ == "__main__":`` block."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    main_blocks = [n for n in tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)]
    skip = {id(sub) for block in main_blocks for sub in ast.walk(block)}
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == "print" and id(n) not in skip]


def test_nothing_below_the_command_line_imports_it():
    offenders = {str(p.relative_to(ROOT)): lines for p in _modules(ROOT) if p not in MAY_IMPORT_CLI
                 for lines in [_imports_cli(p)] if lines}
    assert offenders == {}


def test_the_check_sees_a_service_that_imports_the_command_line():
    # given service modules that reach up into the cli (as services/cli_admin.py once did)
    probe = ROOT / "services" / "probe.py"
    assert _imports_cli(probe, "import os\nfrom ..cli import command\n") == [2]
    assert _imports_cli(probe, "from .. import cli\n") == [1]
    assert _imports_cli(probe, "from hemsedal_integrering.cli.common import cli_login\n") == [1]
    # while a sibling called cli_something is not the cli package
    assert _imports_cli(probe, "from . import cli_tools\nfrom .client import x\n") == []


def test_services_and_reports_do_not_print():
    offenders = {str(p.relative_to(ROOT)): lines for folder in ("services", "reports", "db", "documents", "rules")
                 for p in _modules(ROOT / folder) for lines in [_prints(p)] if lines}
    assert offenders == {}
