"""Printed letters and forms (reportlab): letterhead, templates, fonts, rendering.

No Qt and no database access here: services/printing.py gathers the data and
builds ``Document`` objects; ``render`` turns them into PDF bytes.
"""

from .blocks import Document
from .layout import Header
from .render import Cancelled, render, write
from .templates import TemplateError

__all__ = ["Cancelled", "Document", "Header", "TemplateError", "render", "write"]
