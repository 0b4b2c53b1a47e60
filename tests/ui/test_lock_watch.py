"""The window notices a lost writer lock within seconds and says so (read-only from then on)."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QMainWindow

from hemsedal_integrering.db import lock
from hemsedal_integrering.ui import lock_watch


def test_lost_lock_is_shown_by_the_fallback_when_no_banner_listens(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(lock_watch.QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(lock_watch, "CHECK_SECONDS", 0.05)
    mine, _ = lock.acquire(tmp_path / "x.sqlite3", user="Kari")
    window = QMainWindow()
    window.setWindowTitle("Hemsedal integrering")
    qtbot.addWidget(window)
    watch = lock_watch.watch_lock(SimpleNamespace(writer_lock=mine), window)
    assert window.lock_watch is watch
    lock.lock_path(tmp_path / "x.sqlite3").unlink()
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert shown[0][0] == "Bare lesing" and "kan ikke lenger lagre" in shown[0][1]
    assert window.windowTitle().endswith("[bare lesing]")
    mine.release()


def test_a_banner_connected_to_the_signal_gets_it_instead(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(lock_watch.QMessageBox, "warning",
                        lambda *a: (_ for _ in ()).throw(AssertionError("the banner shows it, not a box")))
    mine, _ = lock.acquire(tmp_path / "x.sqlite3", user="Kari")
    window = QMainWindow()
    qtbot.addWidget(window)
    watch = lock_watch.watch_lock(SimpleNamespace(writer_lock=mine), window)
    banner = []
    watch.connect_banner(banner.append)
    lock.lock_path(tmp_path / "x.sqlite3").unlink()
    with qtbot.waitSignal(watch.lost, timeout=3000):
        mine.check()  # e.g. a service checking before a write
    assert len(banner) == 1 and watch.message == banner[0]
    mine.release()
