"""Hemsedal integrering: case work for the shared integration service of Hemsedal and Gol.

The core (everything except ``ui``) never imports Qt, so the command line,
reports and tests run without a display.
"""

__version__ = "0.1.0"
APP_NAME = "Hemsedal integrering"
APP_SLUG = "hemsedal-integrering"
