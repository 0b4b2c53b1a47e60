"""The windowed entry point (``[project.gui-scripts]``): Windows starts it without a console.

Administration stays on the console command ``hemsedal-integrering`` (see
the ``cli`` package). Without a console ``sys.stdout``/``sys.stderr`` are None under
``pythonw.exe`` and in a windowed bundle; they are pointed at the null device
so a stray ``print`` or a library writing a warning cannot crash the program
(errors still reach the user and the log through ``ui.error_report``).
"""

from __future__ import annotations

import argparse
import os
import sys


def ensure_stdio() -> None:
    """Give a console-less process somewhere harmless to write."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # lives with the process


def main(argv: list[str] | None = None) -> int:
    ensure_stdio()
    from .cli.texts import install_argparse_texts
    from .i18n import _
    install_argparse_texts()
    parser = argparse.ArgumentParser(prog="hemsedal-integrering-gui",
                                     description=_("The integration service of Hemsedal and Gol. Without a command "
                                                   "the program starts."))
    parser.add_argument("--db", help=_("database file (default: in the user's data folder)"))
    parser.add_argument("--smoke-test", metavar="FOLDER", help=argparse.SUPPRESS)  # ui.smoke: checks a bundle
    args, qt_args = parser.parse_known_args(argv)
    if args.smoke_test:
        from .ui.smoke import run
        return run(args.smoke_test)
    from .ui.app import main as gui_main
    return gui_main([sys.argv[0], *qt_args], db=args.db)


if __name__ == "__main__":
    sys.exit(main())
