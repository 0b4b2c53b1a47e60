"""The one way the program finds its shipped files (templates, fonts, catalogs).

Everything under the repository's top-level ``resources/`` folder is reached
through :func:`resource_path`, so a source checkout, an installed wheel and a
frozen bundle find fonts, templates and message catalogs the same way
(calibre's ``P()``, OpenLP's ``AppLocation``). Nothing else computes paths
from ``__file__``.
"""

from __future__ import annotations

import importlib.resources
import sys
from functools import cache
from pathlib import Path

_PACKAGE = "hemsedal_integrering"
_PACKAGED = "_resources"  # where an installed wheel or a bundle carries resources/


@cache
def resource_root() -> Path:
    """The folder that holds what the repository keeps under ``resources/``.

    In order: a PyInstaller bundle (``sys._MEIPASS/hemsedal_integrering/_resources``),
    an installed wheel (``_resources`` inside the package), a source checkout
    (the top-level ``resources/`` beside the package).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / _PACKAGE / _PACKAGED).is_dir():
        return Path(bundle) / _PACKAGE / _PACKAGED
    package = Path(str(importlib.resources.files(_PACKAGE)))
    packaged = package / _PACKAGED
    if packaged.is_dir():
        return packaged
    return package.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    return resource_root().joinpath(*parts)
