"""Fitting text drawn straight onto the canvas (letterhead, window address,
reference block, footer) into a fixed box.

Text on the canvas is not wrapped by reportlab, so anything a user can type
(names and addresses of up to 200 characters each, an officer's long e-mail)
would run over the neighbouring block or off the paper. The rule everywhere:
wrap at spaces (and inside a word that is wider than the box), shrink the font
one step at a time down to a minimum, and only then cut with an ellipsis and
report that something was cut, so the caller can warn the officer.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than ``width`` in pieces that each fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (words kept whole when they fit)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if stringWidth(word, font, size) <= width:
            current = word
        else:
            *full, current = _break_word(word, font, size, width)
            lines += full
    if current:
        lines.append(current)
    return lines


def cut_to_width(text: str, font: str, size: float, width: float, *, always: bool = False) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` (unchanged if it fits,
    unless ``always``: then it ends with the ellipsis in any case, as text follows)."""
    if not always and stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class FittedLine:
    """One line of text fitted to a width: what to draw, at which size, and whether it was cut."""

    text: str
    size: float
    cut: bool


def fit_line(text: str, font: str, width: float, sizes: tuple[float, ...]) -> FittedLine:
    """One line: the largest of ``sizes`` at which ``text`` fits, else the smallest size, cut."""
    for size in sizes:
        if stringWidth(text, font, size) <= width:
            return FittedLine(text, size, False)
    size = sizes[-1]
    short = cut_to_width(text, font, size, width)
    return FittedLine(short, size, short != text)


@dataclass(frozen=True)
class FittedBlock:
    """Several lines fitted into a box: lines to draw, font size, line distance (pt), cut or not."""

    lines: list[str]
    size: float
    leading: float
    cut: bool


def fit_block(paragraphs: list[str], font: str, width: float, height: float, sizes: tuple[float, ...],
              leading_factor: float = 1.25, keep_last: bool = True) -> FittedBlock:
    """``paragraphs`` (each a logical line, e.g. name, street, postal code and place) wrapped
    into a box of ``width`` × ``height`` points.

    Tries each font size in ``sizes`` (largest first). If even the smallest needs more
    lines than fit, every paragraph keeps at least its first line, the earlier ones
    get what room is left, and a cut line ends with an ellipsis. With ``keep_last``
    the last paragraph (the postal code and place of an address, which the post office
    needs most) is kept whole when possible.
    """
    paragraphs = [p for p in (" ".join(p.split()) for p in paragraphs) if p]
    if not paragraphs:
        return FittedBlock([], sizes[0], sizes[0] * leading_factor, False)
    for size in sizes:
        leading = size * leading_factor
        capacity = max(1, int((height + 0.01) // leading))
        wrapped = [wrap_text(p, font, size, width) for p in paragraphs]
        if sum(len(w) for w in wrapped) <= capacity:
            return FittedBlock([ln for w in wrapped for ln in w], size, leading, False)
    # cut: distribute the lines we have
    size = sizes[-1]
    leading = size * leading_factor
    capacity = max(1, int((height + 0.01) // leading))
    wrapped = wrapped[:capacity]
    allowed = [1] * len(wrapped)
    spare = capacity - len(wrapped)
    order = list(range(len(wrapped)))
    if keep_last and len(wrapped) > 1:
        order = [order[-1], *order[:-1]]
    for i in order:
        extra = min(spare, len(wrapped[i]) - 1)
        allowed[i] += extra
        spare -= extra
    lines: list[str] = []
    for w, n in zip(wrapped, allowed, strict=True):
        kept = w[:n]
        if n < len(w):
            kept[-1] = cut_to_width(w[n - 1], font, size, width, always=True)
        lines += kept
    return FittedBlock(lines, size, leading, True)
