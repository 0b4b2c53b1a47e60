"""Prove every pinned runtime dependency has a binary wheel for Windows, macOS and Linux.

For each pin in pyproject.toml's ``[project].dependencies`` and each target
(win_amd64, macOS arm64 and manylinux x86_64 by default; macOS x86_64 on request) and each Python
version (3.11, 3.12, 3.13) this asks pip for a wheel only
(``pip download --only-binary=:all: --platform … --python-version … --no-deps``).
It needs network access to the package index; it downloads each wheel once
into a temporary folder and deletes it. Exit code 0 when every pin has a wheel
for every target, 1 otherwise (the missing ones are listed).

    python packaging/check_wheels.py                 # all targets, Python 3.11-3.13
    python packaging/check_wheels.py --python 3.11   # one Python version
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: pip --platform tags per target (pip does not widen a tag to older glibc/macOS versions, so
#: every tag a machine of that kind accepts is listed; a pin needs a wheel for one of them).
_MACOS = [(10, minor) for minor in range(9, 16)] + [(major, 0) for major in range(11, 16)]
TARGETS = {
    "windows": ["win_amd64"],
    "macos-arm64": [f"macosx_{a}_{b}_{arch}" for a, b in _MACOS if a >= 11 for arch in ("arm64", "universal2")],
    "macos-x86_64": [f"macosx_{a}_{b}_{arch}" for a, b in _MACOS for arch in ("x86_64", "universal2", "intel")],
    "linux": [f"manylinux_2_{minor}_x86_64" for minor in range(17, 40)] + ["manylinux2014_x86_64"],
}
#: Checked by default. Intel Macs are left out: cryptography 50 ships macOS wheels for arm64
#: only (check them with ``--target macos-x86_64``); the workstations are Windows PCs.
REQUIRED = ["windows", "macos-arm64", "linux"]
PYTHONS = ["3.11", "3.12", "3.13"]


def runtime_pins(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The ``name==version`` pins of the runtime dependencies (every one must be pinned)."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    unpinned = [d for d in deps if "==" not in d]
    if unpinned:
        raise SystemExit(f"not pinned: {unpinned}")
    return [d.split(";")[0].strip() for d in deps]


def has_wheel(pin: str, platforms: list[str], python: str, dest: Path) -> tuple[bool, str]:
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--no-deps",
           "--python-version", python, "-d", str(dest), pin]
    for platform in platforms:
        cmd[4:4] = ["--platform", platform]
    done = subprocess.run(cmd, capture_output=True, text=True)
    return done.returncode == 0, done.stderr.strip().splitlines()[-1] if done.returncode else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="Python version(s) to check (default 3.11-3.13)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="target(s) (default all)")
    args = parser.parse_args(argv)
    pythons = args.python or PYTHONS
    targets = args.target or REQUIRED
    missing: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for pin in runtime_pins():
            for target in targets:
                for python in pythons:
                    ok, err = has_wheel(pin, TARGETS[target], python, Path(tmp))
                    if not ok:
                        missing.append(f"{pin} {target} py{python}: {err}")
                    print(f"{'ok     ' if ok else 'MISSING'} {pin:28} {target:13} {python}", flush=True)
    if missing:
        print("\nNo wheel for:\n  " + "\n  ".join(missing))
        return 1
    print(f"\nEvery pinned runtime dependency has a wheel for {', '.join(targets)} on Python {', '.join(pythons)}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
