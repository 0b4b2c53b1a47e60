"""Writing output files whole or not at all, and Norwegian messages for file-system and disk-full errors.

``write_output`` writes to a unique temporary file in the target folder
(with ``os.write``, so a full disk is seen at once), syncs it and swaps it
in with ``os.replace``: a full disk, a missing folder or a lost network
share leaves either the old file or nothing, never half a file. The file is
made owner-only (``paths.make_private``).

``is_disk_full`` recognises a full disk both as an ``OSError`` (ENOSPC,
EDQUOT; Windows' ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL) and as SQLite's
``SQLITE_FULL`` («database or disk is full», from sqlite3, sqlcipher3 or
peewee).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from . import paths
from .errors import DatabaseError
from .i18n import _

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DISK_FULL_WINERRORS = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL


class DiskFull(DatabaseError):
    """The disk (or the user's quota) is full; nothing was half-written."""


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what it was raised from) says the disk is full."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, DiskFull):
            return True
        if isinstance(exc, OSError) and (exc.errno in _DISK_FULL_ERRNOS
                                         or getattr(exc, "winerror", None) in _DISK_FULL_WINERRORS):
            return True
        if "database or disk is full" in str(exc) or getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def disk_full(path: Path | str | None = None) -> DiskFull:
    if path:
        return DiskFull(_("The disk is full: {path} could not be written. Nothing has been half-written; free some "
                          "space (or choose another disk) and try again.").format(path=path))
    return DiskFull(_("The disk is full. Nothing has been saved; free some space and try again."))


def describe_os_error(exc: OSError) -> str:
    """A Norwegian sentence for a file-system error (the file name included when known)."""
    name = exc.filename if exc.filename is not None else ""
    if is_disk_full(exc):
        return str(disk_full(name or None))
    if isinstance(exc, FileNotFoundError):
        return _("Cannot find {path} (or the folder it should be in).").format(path=name)
    if isinstance(exc, IsADirectoryError):
        return _("{path} is a folder, not a file.").format(path=name)
    if isinstance(exc, NotADirectoryError):
        return _("A part of the path {path} is a file, not a folder.").format(path=name)
    if isinstance(exc, PermissionError):
        return _("No permission to use {path}.").format(path=name)
    if isinstance(exc, FileExistsError):
        if name and Path(name).is_file():  # a folder was to be made where a file is
            return _("A part of the path {path} is a file, not a folder.").format(path=name)
        return _("{path} already exists.").format(path=name)
    return _("The file {path} could not be used: {error}.").format(path=name, error=exc.strerror or exc)


def check_output_path(path: Path) -> Path:
    """Refuse (Norwegian ``DatabaseError``) an output path in a missing folder or naming a folder."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a file. Give a file name.").format(path=path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise DatabaseError(_("The folder {folder} does not exist. Create it first or choose another folder. "
                              "Nothing has been written.").format(folder=parent))
    return path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_output(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` completely or not at all (see the module text)."""
    path = check_output_path(Path(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".part", dir=path.parent or ".")
    except OSError as exc:
        if is_disk_full(exc):
            raise disk_full(path) from exc
        raise
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise disk_full(path) from exc
        raise
    paths.make_private(path)
    return path

