"""The HTML of the detail panes beside the lists: a key/value table, a grid, a period, the style sheet.

Values are escaped by the caller (they hold links the pane's own code writes); these helpers only
lay them out so that a date, a period or a single word never breaks in the middle (issue 15).
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import _
from . import fmt

DETAIL_CSS = """
<style>
h2 { font-size: 15pt; margin: 0 0 4px 0; }
h3 { font-size: 11pt; margin: 14px 0 4px 0; color: #1f4e79; }
td { padding: 2px 10px 2px 0; vertical-align: top; }
td.k { color: #555; }
table.grid td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px 3px 0; }
.muted { color: #777; }
.warn { color: #a15c00; font-weight: 600; }
.ok { color: #1e6b35; font-weight: 600; }
</style>
"""


def _one_word(cell: Any) -> bool:
    """A period or a single long word: a table cell never breaks it in the middle (issue 15)."""
    return not re.search(r"[\s\u200b]", re.sub(r"<[^>]*>", "", str(cell)))


def facts(rows: list[tuple[str, Any]]) -> str:
    """A two-column key/value table, skipping empty values."""
    cells = "".join(f"<tr><td class='k' nowrap>{k}</td><td{' nowrap' if _one_word(v) else ''}>{v}</td></tr>"
                    for k, v in rows if v not in (None, ""))
    return f"<table>{cells}</table>"


def period(start: Any, end: Any, open_text: str = "") -> str:
    """'15.12.2024–15.06.2025' (one column instead of two in the narrow detail pane)."""
    return f"{fmt.date(start)}–\u200b{fmt.date(end) or open_text}"  # may break after the dash, never inside a date


def grid(headers: list[str], rows: list[list[Any]], empty: str | None = None) -> str:
    if not rows:
        return "<p class='muted'>" + (_("None.") if empty is None else empty) + "</p>"
    head = "".join(f"<td class='k' nowrap><b>{h}</b></td>" for h in headers)
    last = len(headers) - 1  # only the last column wraps (notes, outcomes); dates and names stay whole
    body = "".join("<tr>" + "".join(f"<td nowrap>{c}</td>" if i < last or _one_word(c) else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table class='grid'><tr>{head}</tr>{body}</table>"
