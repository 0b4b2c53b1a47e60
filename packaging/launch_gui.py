"""PyInstaller entry of the windowed program (HemsedalIntegrering.exe): no console on Windows."""
import sys

from hemsedal_integrering.gui import main

if __name__ == "__main__":
    sys.exit(main())
