"""The view queries are core code: they must import without PySide6 (ui/ is the only Qt user)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_queries_import_with_pyside6_blocked():
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import hemsedal_integrering.queries.lists, hemsedal_integrering.queries.overview\n"
            "import hemsedal_integrering.queries.pickers\n"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
