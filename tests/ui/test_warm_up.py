"""The persons area's code loads while the window waits, a module per event-loop turn (issue 16)."""

from __future__ import annotations

import sys

from hemsedal_integrering.ui import warm_up
from hemsedal_integrering.ui.main_window import MainWindow


def test_modules_load_one_per_turn_after_the_window_is_idle(qtbot, tmp_path, monkeypatch):
    # given three small modules nobody has loaded yet; each notes which modules were loaded before it
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("warm_a", "warm_b", "warm_c"):
        (tmp_path / f"{name}.py").write_text(
            "import sys\nSEEN = sorted(m for m in ('warm_a', 'warm_b', 'warm_c') if m in sys.modules)\n")
        monkeypatch.delitem(sys.modules, name, raising=False)
    imports_per_turn: list[int] = []
    real_next = warm_up.ModuleWarmer._next

    def counted_next(self):  # one timer turn
        before = sum(m in sys.modules for m in ("warm_a", "warm_b", "warm_c"))
        real_next(self)
        imports_per_turn.append(sum(m in sys.modules for m in ("warm_a", "warm_b", "warm_c")) - before)
    monkeypatch.setattr(warm_up.ModuleWarmer, "_next", counted_next)
    warmer = warm_up.ModuleWarmer(["warm_a", "warm_b", "warm_c"], delay_ms=10)
    # then nothing is loaded while the window is being built
    assert not any(m in sys.modules for m in ("warm_a", "warm_b", "warm_c"))
    qtbot.waitUntil(lambda: warmer.done() and "warm_c" in sys.modules, timeout=5000)
    # and then all three are loaded, in order, one per event-loop turn
    assert sys.modules["warm_c"].SEEN == ["warm_a", "warm_b", "warm_c"]
    assert imports_per_turn == [1, 1, 1]


def test_a_module_that_fails_is_logged_and_the_rest_left(qtbot, tmp_path, monkeypatch, caplog):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "warm_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    (tmp_path / "warm_after.py").write_text("")
    for name in ("warm_broken", "warm_after"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    warmer = warm_up.ModuleWarmer(["warm_broken", "warm_after"], delay_ms=0)
    qtbot.waitUntil(warmer.done, timeout=5000)
    assert "warm_broken" in caplog.text and "broken on purpose" in caplog.text
    assert "warm_after" not in sys.modules  # left for the area itself to load and report


def test_the_window_warms_the_persons_area_for_a_user_who_may_open_it(qtbot, demo_ctx):
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    assert window.warmer is not None
    # every module it names exists (a renamed module would make the warm-up stop at once)
    import importlib.util
    assert [m for m in warm_up.PEOPLE_AREA if importlib.util.find_spec(m) is None] == []
    qtbot.waitUntil(window.warmer.done, timeout=10000)
    assert "hemsedal_integrering.ui.people_area" in sys.modules
