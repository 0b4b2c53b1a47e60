"""Command line: administration and batch work over the same services as the GUI.

The only place that parses arguments and prints; the services it calls return values and
raise errors. One module per command group:

    database     init, check
    reports      report
    admin        user, person, anonymise, export-person, audit, backup-info
    printing     skriv-ut
    maintenance  backup, restore, restore-backup, demo, encrypt, rekey
    importing    import
    server       transfer, server-roles

``common`` holds the command table, argument types and the login; ``dispatch`` builds the
parser from the groups it imports; ``errors`` turns every error into a message and an exit code.
Importing this package is cheap: the command modules load when a command line is parsed.
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``hemsedal-integrering`` (console script, ``main.py``, ``python -m``)."""
    from .dispatch import main as run
    return run(argv)


def build_parser() -> argparse.ArgumentParser:
    """The whole command-line parser (see ``dispatch.build_parser``)."""
    from .dispatch import build_parser as build
    return build()


__all__ = ["build_parser", "main"]
