"""A damaged or foreign key file gets its own Norwegian message: never a traceback, never «database damaged».

Issue 11 point 7: JSON ``[]``/``null``, bad base64, bad KDF values … 6 of 14
such files crashed the login before. Each case here must end in
``KeyFileDamaged`` (the key file named, "skadet"), leave the key file and
the database byte-identical, and on the command line exit non-zero with the
message on stderr.
"""

from __future__ import annotations

import base64
import json
import shutil

import pytest

from hemsedal_integrering import cli
from hemsedal_integrering.db import crypto
from hemsedal_integrering.services import auth
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted


def _b64(n: int) -> str:
    return base64.b64encode(b"x" * n).decode()


def _good_slot() -> dict:
    return {"kdf": {"t": 1, "m": 8192, "p": 1}, "salt": _b64(16), "nonce": _b64(12), "wrapped": _b64(48)}


def _with(**changes) -> bytes:
    """A well-formed key file with some fields replaced."""
    data = {"format": "hemsedal-integrering-keys", "version": 1, "slots": {"*recovery*": _good_slot()},
            "failures": {}, "backup_folder": ""}
    data.update(changes)
    return json.dumps(data).encode()


def _slot(**changes) -> bytes:
    slot = _good_slot()
    slot.update(changes)
    return _with(slots={"u-1": slot})


def _kdf(**changes) -> bytes:
    slot = _good_slot()
    slot["kdf"] = {**slot["kdf"], **changes}
    return _with(slots={"u-1": slot})


DAMAGED = {
    "json-list": b"[]",
    "json-null": b"null",
    "json-string": b'"hemmelig"',
    "json-number": b"42",
    "empty-file": b"",
    "truncated-json": b'{"format": "hemsedal-integrering-keys", "slots": {',
    "not-utf8": b"\xff\xfe\x00garbage\x80\x81",
    "empty-object": b"{}",
    "foreign-format": _with(format="keepass"),
    "newer-version": _with(version=99),
    "version-text": _with(version="1"),
    "slots-list": _with(slots=[]),
    "no-slots": _with(slots={}),
    "slot-string": _with(slots={"u-1": "abc"}),
    "bad-base64-salt": _slot(salt="!!!not base64!!!"),
    "salt-number": _slot(salt=12345),
    "short-nonce": _slot(nonce=_b64(4)),
    "wrapped-missing": _with(slots={"u-1": {k: v for k, v in _good_slot().items() if k != "wrapped"}}),
    "kdf-missing": _with(slots={"u-1": {k: v for k, v in _good_slot().items() if k != "kdf"}}),
    "kdf-t-zero": _kdf(t=0),
    "kdf-m-huge": _kdf(m=10**12),
    "kdf-p-negative": _kdf(p=-1),
    "kdf-t-text": _kdf(t="3"),
    "kdf-t-float": _kdf(t=2.5),
    "kdf-extra-key": _kdf(x=1),
    "failures-list": _with(failures=[]),
    "failure-count-text": _with(failures={"u-1": {"count": "mange", "last": None}}),
    "failure-last-bad": _with(failures={"u-1": {"count": 3, "last": "i går"}}),
    "backup-folder-number": _with(backup_folder=5),
    "deep-nesting": b"[" * 100000 + b"]" * 100000,
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    fast_kdf(mp)
    folder = tmp_path_factory.mktemp("mal")
    path = folder / "k.sqlite3"
    session, _ = new_encrypted(path)
    session.close()
    mp.undo()
    return path


def test_the_table_has_at_least_fourteen_cases():
    assert len(DAMAGED) >= 14


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_key_file_gets_its_own_message(case, template, tmp_path, monkeypatch, capsys):
    fast_kdf(monkeypatch)
    path = tmp_path / "k.sqlite3"
    shutil.copy(template, path)
    keys = crypto.key_file_path(path)
    keys.write_bytes(DAMAGED[case])
    before = (path.read_bytes(), keys.read_bytes())
    # when logging in through the service
    with pytest.raises(crypto.KeyFileDamaged) as failed:
        auth.login(path, "sjef", PASSWORD)
    message = str(failed.value)
    # then the message names the key file as damaged (not the database) and nothing changed
    assert "Nøkkelfilen k.sqlite3.keys" in message and "skadet" in message and "Databasefilen" not in message
    assert (path.read_bytes(), keys.read_bytes()) == before
    # and the command line says the same on stderr with a non-zero exit, no traceback
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    assert cli.main(["--db", str(path), "person", "1", "--user", "sjef"]) == 2
    err = capsys.readouterr().err
    assert "Nøkkelfilen" in err and "Traceback" not in err


def test_a_folder_in_place_of_the_key_file(template, tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "k.sqlite3"
    shutil.copy(template, path)
    crypto.key_file_path(path).mkdir()
    with pytest.raises(crypto.KeyFileDamaged, match="Nøkkelfilen k.sqlite3.keys kan ikke leses"):
        auth.login(path, "sjef", PASSWORD)
