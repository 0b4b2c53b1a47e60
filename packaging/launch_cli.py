"""PyInstaller entry of the console program (hemsedal-integrering.exe): administration and batch work."""
import sys

from hemsedal_integrering.cli import main

if __name__ == "__main__":
    sys.exit(main())
