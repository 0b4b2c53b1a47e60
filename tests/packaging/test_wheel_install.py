"""The built wheel carries everything: installed (not editable) into a fresh venv, run from elsewhere.

The wheel is built from this checkout (``pip wheel --no-deps``; with the test
environment's setuptools and wheel, pinned in the ``test`` extra, when they meet
``[build-system] requires``, else with build isolation), installed without
its dependencies into a new virtual environment, and that environment sees the
running environment's dependencies through a ``.pth`` line placed after its own
site-packages (so PySide6 etc. are not downloaded again, while the package
itself comes only from the wheel). ``PYTHONPATH`` is cleared and the commands
run in an empty folder, so neither the checkout nor an editable install can
help. Before the wheel shipped ``resources/`` the very first command stopped
with "Message catalog for 'nb' not found".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and installs it into a new virtualenv

ROOT = Path(__file__).resolve().parents[2]
#: What a build needs; copied to a clean folder so a stale build/ of the checkout cannot help.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "hemsedal_integrering", "resources")


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _build_requirements_met() -> bool:
    """Whether this environment has every ``[build-system] requires`` of pyproject.toml (pytest brings
    ``packaging``); then the wheel is built here, not in an isolated environment pip fills first."""
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement
    needed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    for requirement in map(Requirement, needed):
        try:
            if not requirement.specifier.contains(version(requirement.name), prereleases=True):
                return False
        except PackageNotFoundError:
            return False
    return True


def test_build_requirements_are_checked_against_the_installed_versions(monkeypatch):
    import importlib.metadata
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "65.5.0" if name == "setuptools" else real(name))
    assert not _build_requirements_met()  # too old for setuptools>=77: the isolated build is used


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(HOME=str(base / "home"), XDG_DATA_HOME=str(base / "home" / "data"),
               LOCALAPPDATA=str(base / "home" / "data"), QT_QPA_PLATFORM="offscreen")
    source = base / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    wheels = base / "dist"
    isolation = ["--no-build-isolation"] if _build_requirements_met() else []
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", str(wheels), str(source)],
         cwd=base, env=env)
    wheel = next(wheels.glob("hemsedal_integrering-*.whl"))
    target = base / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    new_python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(subprocess.check_output(
        [str(new_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True, env=env).strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "zz_running_env_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(new_python), "install", "-q", "--no-deps", str(wheel)],
         cwd=base, env=env)
    work = base / "elsewhere"
    work.mkdir()
    scripts = target / ("Scripts" if os.name == "nt" else "bin")
    return {"wheel": wheel, "python": new_python, "cli": scripts / "hemsedal-integrering", "scripts": scripts,
            "work": work, "env": env, "purelib": purelib}


def test_wheel_lists_catalog_fonts_templates_letters_and_schema(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for needed in ("hemsedal_integrering/_resources/locale/nb/LC_MESSAGES/hemsedal_integrering.po",
                   "hemsedal_integrering/_resources/fonts/NotoSans-Regular.ttf",
                   "hemsedal_integrering/_resources/fonts/NotoNaskhArabic-Regular.ttf",
                   "hemsedal_integrering/_resources/followup_template.toml",
                   "hemsedal_integrering/_resources/inspection_checklist.toml",
                   "hemsedal_integrering/_resources/letters/nb/welcome.toml",
                   "hemsedal_integrering/db/schema_v1.sql",
                   "hemsedal_integrering/db/schema_v2.sql"):
        assert needed in names
    assert "hemsedal_integrering/_resources/icons/hemsedal-integrering.ico" in names
    entry_points = zipfile.ZipFile(installed["wheel"]).read("hemsedal_integrering-0.1.0.dist-info/entry_points.txt")
    assert b"[gui_scripts]\nhemsedal-integrering-gui = hemsedal_integrering.gui:main" in entry_points
    schemas = sorted(p.name for p in (ROOT / "hemsedal_integrering" / "db").glob("*.sql"))
    assert {f"hemsedal_integrering/db/{s}" for s in schemas} <= names


def test_installed_package_is_the_wheel_and_finds_its_resources_inside_itself(installed):
    done = _run([str(installed["python"]), "-c",
                 "import hemsedal_integrering as h, hemsedal_integrering.resources as r;"
                 "print(h.__file__); print(r.resource_root())"], cwd=installed["work"], env=installed["env"])
    package_file, root = done.stdout.splitlines()
    assert Path(package_file).is_relative_to(installed["purelib"])
    assert Path(root) == installed["purelib"] / "hemsedal_integrering" / "_resources"


def test_demo_report_and_printed_letter_from_another_folder(installed):
    cli, work, env = str(installed["cli"]), installed["work"], installed["env"]
    demo = _run([cli, "demo", "--db", "demo.sqlite3"], cwd=work, env=env)
    assert "Demodata i demo.sqlite3" in demo.stdout  # Norwegian: the catalog was found
    _run([cli, "report", "kpi", "--db", "demo.sqlite3", "--format", "pdf", "--out", "kpi.pdf"], cwd=work, env=env)
    _run([cli, "report", "population", "--db", "demo.sqlite3", "--format", "xlsx", "--out", "bosatte.xlsx"],
         cwd=work, env=env)
    import sqlite3
    with sqlite3.connect(work / "demo.sqlite3") as con:  # households someone still lives in
        households = [row[0] for row in con.execute(
            "SELECT DISTINCT household_id FROM person WHERE moved_out_date IS NULL AND role = 'adult' "
            "ORDER BY household_id DESC LIMIT 40")]
    for household in households:  # the first one the letter can be made for (it needs a postal address)
        letter = subprocess.run([cli, "skriv-ut", "velkomstbrev", "--husstand", str(household), "--db",
                                 "demo.sqlite3", "--ut", "brev.pdf", "--user", "programradgiver"], cwd=work,
                                env={**env, "HEMSEDAL_PASSWORD": "demo-passord"}, capture_output=True, text=True)
        if letter.returncode == 0:
            break
    assert letter.returncode == 0, letter.stderr
    assert "brev.pdf" in letter.stdout
    from pypdf import PdfReader
    report_text = "".join(page.extract_text() for page in PdfReader(work / "kpi.pdf").pages)
    letter_text = "".join(page.extract_text() for page in PdfReader(work / "brev.pdf").pages)
    assert "Hemsedal kommune" in letter_text
    assert report_text.strip()
    fonts = {str(f.get("/BaseFont")) for page in PdfReader(work / "brev.pdf").pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("NotoSans" in f for f in fonts), fonts  # the shipped font, not a built-in one
    assert (work / "bosatte.xlsx").stat().st_size > 0
