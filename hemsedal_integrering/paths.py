"""Where the program writes: the data folder, private folders and files, safe file names.

Everything the program writes (database, key file, backups, logs, exports)
goes through here, so folders are created when missing, are readable by the
owner only on POSIX (0700 folders, 0600 files; on Windows the user's profile
folder already restricts access), and file names are safe on Windows.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

APP_SLUG = "hemsedal-integrering"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def data_dir() -> Path:
    """The user's data folder for the program (``%LOCALAPPDATA%\\hemsedal-integrering`` on Windows)."""
    return Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))


def log_dir() -> Path:
    """Where the rotating log file lives: ``logs`` inside the data folder."""
    return data_dir() / "logs"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make new folders owner-only on POSIX."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        for folder in missing:
            os.chmod(folder, 0o700)
    return path


def make_private(path: Path) -> Path:
    """Make an existing file readable and writable by its owner only (POSIX; a no-op on Windows)."""
    if os.name == "posix" and Path(path).exists():
        os.chmod(path, 0o600)
    return Path(path)


def safe_filename(name: str, *, fallback: str = "fil") -> str:  # i18n: data (file name)
    """``name`` made safe as a file name on Windows: no reserved characters or names, no trailing dot/space."""
    cleaned = _BAD_CHARS.sub("-", name).strip().rstrip(". ")
    if not cleaned:
        cleaned = fallback
    stem = cleaned.split(".")[0].upper()
    if stem in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned[:200]
