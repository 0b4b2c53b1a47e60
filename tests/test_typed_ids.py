"""Typed ids (issue 18): mypy refuses a household's id where a unit's is expected, and the
program's own code passes (``mypy`` in the README's test command checks the whole package)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _mypy(tmp_path: Path, code: str, monkeypatch: pytest.MonkeyPatch) -> str:
    api = pytest.importorskip("mypy.api")
    monkeypatch.setenv("MYPYPATH", str(ROOT))  # this checkout's package, whatever is installed
    probe = tmp_path / "probe.py"
    probe.write_text(textwrap.dedent(code), encoding="utf-8")
    out, err, _status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                                 "--follow-imports", "silent", str(probe)])
    return out + err


@pytest.mark.slow
def test_mypy_refuses_ids_of_the_wrong_entity(tmp_path, monkeypatch):
    # given a move-in written with the two ids swapped
    out = _mypy(tmp_path, """
        from hemsedal_integrering.context import Context
        from hemsedal_integrering.models import Household, HousingUnit
        from hemsedal_integrering.services import housing

        def swapped(ctx: Context, household: Household, unit: HousingUnit) -> None:
            housing.move_in(ctx, household_id=unit.id, unit_id=household.id, start_date="01.03.2026")

        def right(ctx: Context, household: Household, unit: HousingUnit) -> None:
            housing.move_in(ctx, household_id=household.id, unit_id=unit.id, start_date="01.03.2026")
        """, monkeypatch)
    # then mypy names both arguments of the swapped call, and nothing in the right one
    assert 'Argument "household_id" to "move_in" has incompatible type "UnitId"; expected "HouseholdId"' in out
    assert 'Argument "unit_id" to "move_in" has incompatible type "HouseholdId"; expected "UnitId"' in out
    assert out.count("error:") == 2, out
