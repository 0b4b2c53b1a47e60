"""argparse's own texts through the program's catalog (also used by the GUI entry, ``gui.py``)."""

from __future__ import annotations

import argparse

from ..i18n import pgettext


def argparse_texts() -> dict[str, str]:
    """argparse's own texts ("usage:", "show this help message and exit", its error
    messages) through our catalog, so ``--help`` and a mistyped command read Norwegian."""
    return {
        "usage: ": pgettext("argparse", "usage: "),
        "positional arguments": pgettext("argparse", "positional arguments"),
        "options": pgettext("argparse", "options"),
        "show this help message and exit": pgettext("argparse", "show this help message and exit"),
        "show program's version number and exit": pgettext("argparse", "show program's version number and exit"),
        "%(prog)s: error: %(message)s\n": pgettext("argparse", "%(prog)s: error: %(message)s\n"),
        "the following arguments are required: %s":
            pgettext("argparse", "the following arguments are required: %s"),
        "invalid choice: %(value)r (choose from %(choices)s)":
            pgettext("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
        "unrecognized arguments: %s": pgettext("argparse", "unrecognized arguments: %s"),
        "expected one argument": pgettext("argparse", "expected one argument"),
        "argument %(argument_name)s: %(message)s": pgettext("argparse", "argument %(argument_name)s: %(message)s"),
        "invalid %(type)s value: %(value)r": pgettext("argparse", "invalid %(type)s value: %(value)r"),
        "ambiguous option: %(option)s could match %(matches)s":
            pgettext("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    }


def install_argparse_texts() -> None:
    """argparse looks its texts up through its module-level ``_`` at run time."""
    texts = argparse_texts()
    argparse._ = lambda text: texts.get(text, text)  # type: ignore[attr-defined]
