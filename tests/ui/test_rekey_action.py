"""The administrator's «Bytt krypteringsnøkkel»: the dialog says old backups keep old keys, then re-keys."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from PySide6.QtWidgets import QMessageBox

from hemsedal_integrering.db import crypto
from hemsedal_integrering.ui import rekey_dialog
from privacy_helpers import PASSWORD, fast_kdf, new_encrypted


def test_change_key_explains_then_rekeys(qtbot, tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    kept = tmp_path / "kopi.keys"
    shutil.copy(crypto.key_file_path(path), kept)
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append((title, text))
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    try:
        assert rekey_dialog.change_key(SimpleNamespace(ctx=session.ctx))
        [(title, text)] = asked
        assert title == "Bytt krypteringsnøkkel" and "Gamle sikkerhetskopier beholder sin gamle nøkkel" in text
        assert told == ["Databasen har nå en ny krypteringsnøkkel."]
        old = crypto.KeyFile.load(kept).unlock("sjef", PASSWORD)
        assert not crypto.key_opens(path, old) and crypto.key_opens(path, session.db.data_key)
    finally:
        session.close()
