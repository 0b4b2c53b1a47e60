"""Start Hemsedal integrering (the GUI). ``python main.py --help`` lists the options."""

import sys

from hemsedal_integrering.cli import main

if __name__ == "__main__":
    sys.exit(main())
