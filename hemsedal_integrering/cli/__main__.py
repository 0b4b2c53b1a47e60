"""``python -m hemsedal_integrering.cli …``: the same as the console script."""

import sys

from . import main

if __name__ == "__main__":  # not when a tool imports every module (tests/test_core_without_qt.py)
    sys.exit(main())
