"""Build the one-folder bundle with PyInstaller and smoke-test the bundle itself.

    python -m venv .venv-bundle
    .venv-bundle/bin/pip install . "pyinstaller==6.22.3"        (Windows: .venv-bundle\\Scripts\\pip …)
    .venv-bundle/bin/python packaging/build_bundle.py [--screenshot shot.png] [--no-build]

Builds ``build/bundle/dist/HemsedalIntegrering`` from ``packaging/hemsedal-integrering.spec``
(the same spec on Windows, where the folder then goes into ``packaging/installer.iss``),
then runs the *bundled* programs from a temporary folder with a private HOME:

* ``hemsedal-integrering --version`` (start-up of the console program),
* ``hemsedal-integrering demo``, ``report kpi --format pdf``, ``skriv-ut velkomstbrev``,
* ``HemsedalIntegrering --smoke-test`` (offscreen: window, letter printed through QPrinter
  from the QtPdf preview, KPI report with chart, see ``hemsedal_integrering.ui.smoke``),
* with ``--screenshot`` (Linux, needs xvfb-run and ImageMagick's ``import``): the same under
  Xvfb, and a screenshot of the screen while the window is up.

Prints and writes ``build/bundle/bundle-report.json``: folder size, file count, timings.
Not part of the test suite (a build takes minutes). Exit code 0 when every step passed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "hemsedal-integrering.spec"
OUT = ROOT / "build" / "bundle"
NAME = "HemsedalIntegrering"
EXE = ".exe" if os.name == "nt" else ""


def run(cmd: list[str], *, env: dict[str, str], cwd: Path, timeout: int = 600) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"FAILED ({done.returncode}): {' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, done.stdout + done.stderr


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]  # links would count twice
    return sum(p.stat().st_size for p in files), len(files)


def build() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(OUT / "dist"), "--workpath", str(OUT / "work"), str(SPEC)],
                   cwd=ROOT, check=True)
    return time.perf_counter() - t0


def smoke(bundle: Path, screenshot: Path | None) -> dict:
    gui, cli = bundle / f"{NAME}{EXE}", bundle / f"hemsedal-integrering{EXE}"
    work = Path(tempfile.mkdtemp(prefix="hemsedal-bundle-"))
    home = work / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               LOCALAPPDATA=str(home / "data"), APPDATA=str(home / "config"), QT_QPA_PLATFORM="offscreen",
               HEMSEDAL_PASSWORD="demo-passord")
    result: dict = {"smoke_folder": str(work)}
    runs = [run([str(cli), "--version"], env=env, cwd=work)[0] for _ in range(3)]
    result["console_version_seconds"] = [round(s, 2) for s in runs]
    seconds, _out = run([str(cli), "demo", "--db", "demo.sqlite3"], env=env, cwd=work)
    result["demo_seconds"] = round(seconds, 1)
    seconds, _out = run([str(cli), "report", "kpi", "--db", "demo.sqlite3", "--format", "pdf", "--out", "kpi.pdf"],
                        env=env, cwd=work)
    result["report_seconds"] = round(seconds, 1)
    with sqlite3.connect(work / "demo.sqlite3") as con:
        households = [r[0] for r in con.execute("SELECT DISTINCT household_id FROM person WHERE moved_out_date IS NULL"
                                                " AND role = 'adult' ORDER BY household_id DESC LIMIT 40")]
    for household in households:
        done = subprocess.run([str(cli), "skriv-ut", "velkomstbrev", "--husstand", str(household), "--db",
                               "demo.sqlite3", "--ut", "brev.pdf", "--user", "programradgiver"],
                              env=env, cwd=work, capture_output=True, text=True, timeout=300)
        if done.returncode == 0:
            break
    else:
        raise SystemExit("FAILED: no welcome letter could be printed by the bundle")
    result["letter_pdf_bytes"] = (work / "brev.pdf").stat().st_size
    # The windowed program, offscreen, on the demo data made above.
    gui_folder = work / "gui"
    gui_folder.mkdir()
    shutil.copy(work / "demo.sqlite3", gui_folder / "demo.sqlite3")
    launched = time.time()
    seconds, _out = run([str(gui), "--smoke-test", str(gui_folder)], env=env, cwd=work)
    report = json.loads((gui_folder / "smoke.json").read_text(encoding="utf-8"))
    if not report.get("ok"):
        raise SystemExit("FAILED: GUI smoke test\n" + report.get("error", ""))
    result["gui_smoke"] = report
    result["gui_start_to_window_seconds"] = round(report["window_shown_at"] - launched, 2)
    result["gui_smoke_total_seconds"] = round(seconds, 1)
    if screenshot is not None:
        shot_folder = work / "shot"
        shot_folder.mkdir()
        shutil.copy(work / "demo.sqlite3", shot_folder / "demo.sqlite3")
        xenv = {**env, "HEMSEDAL_SMOKE_HOLD": "6"}
        xenv.pop("QT_QPA_PLATFORM")
        script = (f'"{gui}" --smoke-test "{shot_folder}" & pid=$!; '
                  f'for i in $(seq 1 600); do [ -f "{shot_folder}/report.png" ] && break; sleep 0.2; done; '
                  f'sleep 1.5; import -window root "{screenshot}"; wait $pid')
        run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "sh", "-c", script], env=xenv, cwd=work)
        shot = json.loads((shot_folder / "smoke.json").read_text(encoding="utf-8"))  # missing: it never started
        if not shot.get("ok"):
            raise SystemExit("FAILED: GUI smoke test under Xvfb\n" + shot.get("error", ""))
        result["screenshot"] = str(screenshot)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="smoke-test the bundle built last time")
    parser.add_argument("--screenshot", type=Path, help="also run under Xvfb and save a screenshot here (Linux)")
    args = parser.parse_args(argv)
    report: dict = {"platform": sys.platform, "python": sys.version.split()[0]}
    if not args.no_build:
        report["build_seconds"] = round(build(), 1)
    bundle = OUT / "dist" / NAME
    size, files = folder_size(bundle)
    report.update(bundle=str(bundle), size_mb=round(size / 1e6, 1), files=files)
    internal = bundle / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    report["qt_plugins"] = {d.name: sorted(p.name for p in d.iterdir()) for d in sorted(plugins.iterdir())} \
        if plugins.is_dir() else {}
    for needed in ("hemsedal_integrering/_resources/locale/nb/LC_MESSAGES/hemsedal_integrering.po",
                   "hemsedal_integrering/_resources/fonts/NotoSans-Regular.ttf",
                   "hemsedal_integrering/_resources/letters/nb/welcome.toml",
                   "hemsedal_integrering/db/schema_v1.sql"):
        if not (internal / needed).is_file():
            raise SystemExit(f"FAILED: the bundle lacks {needed}")
    report.update(smoke(bundle, args.screenshot))
    text = json.dumps(report, indent=1, ensure_ascii=False)
    (OUT / "bundle-report.json").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
