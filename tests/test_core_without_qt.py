"""The core never imports Qt: every module outside ui/ imports with PySide6 blocked."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import hemsedal_integrering

ROOT = Path(hemsedal_integrering.__file__).parent


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="hemsedal_integrering."):
        if ".ui" in info.name or info.name.endswith(".ui"):
            continue
        names.append(info.name)
    return names


def test_there_are_core_modules_to_check():
    names = core_modules()
    assert "hemsedal_integrering.services.people" in names
    assert "hemsedal_integrering.cli" in names


@pytest.mark.slow
def test_every_core_module_imports_with_pyside6_blocked():
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('PySide6 is blocked for the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=str(ROOT.parent))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
