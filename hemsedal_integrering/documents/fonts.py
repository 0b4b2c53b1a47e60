"""Embedded fonts and right-to-left text for printed documents.

Noto Sans covers Latin (æ ø å) and Cyrillic; Noto Naskh Arabic covers Arabic
script. reportlab's own bidi support needs the ``rlbidi`` package, which is not
on PyPI for our platforms, so Arabic-script text is shaped with
``arabic-reshaper`` (joined letter forms) and ordered with ``python-bidi``
(right to left) *per printed line*: the paragraph is first broken into lines in
logical order, then each line is reordered, so line order stays top-down.
The Arabic font has no Latin letters; Latin runs inside an Arabic line (names,
e-mail addresses) are drawn in Noto Sans.
"""

from __future__ import annotations

from ..resources import resource_path

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = resource_path("fonts")

SANS = "NotoSans"
SANS_BOLD = "NotoSans-Bold"
SANS_ITALIC = "NotoSans-Italic"
ARABIC = "NotoNaskhArabic"
ARABIC_BOLD = "NotoNaskhArabic-Bold"

ETHIOPIC = "NotoSansEthiopic"

#: Languages written right to left in Arabic script.
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ur", "ckb"})

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the shipped fonts with reportlab once per process.

    Raises FileNotFoundError naming the missing file if the installation lacks one.
    """
    for name, filename in _FILES.items():
        path = FONT_DIR / filename
        if not path.exists():
            raise FileNotFoundError(f"Skrifttypen mangler: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFont(TTFont(ETHIOPIC, str(ethiopic_font_path())))
    pdfmetrics.registerFontFamily(ETHIOPIC, normal=ETHIOPIC, bold=ETHIOPIC, italic=ETHIOPIC, boldItalic=ETHIOPIC)
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD)
    pdfmetrics.registerFontFamily(ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC, boldItalic=ARABIC_BOLD)


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


@lru_cache(maxsize=2)
def _arabic_cmap(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


@lru_cache(maxsize=16_384)  # a batch prints the same template words and lines for every letter
def _shape(text: str) -> str:
    import arabic_reshaper
    return arabic_reshaper.reshape(text)


@lru_cache(maxsize=16_384)
def _word_width(word: str, font_name: str, font_size: float) -> float:
    """The printed width of one shaped word (letters join only within a word: context-free)."""
    return pdfmetrics.stringWidth(_shape(word), font_name, font_size)


@lru_cache(maxsize=4_096)
def _line_markup(line: str, font_name: str) -> str:
    """One logical-order line shaped, reordered and marked up (the same line in every letter: once)."""
    return _markup_runs(_visual(_shape(line)).translate(_CONTROLS), font_name)


#: Brackets and quotes drawn mirrored inside right-to-left text (Unicode Bidi_Mirrored, rule L4).
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _visual(text: str) -> str:
    """The line in visual order, with brackets mirrored where they stand in right-to-left runs.

    python-bidi reorders (rule L2) but does not mirror (L4): '(قانون)' came out as ')قانون('.
    Its debug output gives the resolved level per UTF-8 byte; a bracket at an odd level is
    mirrored and the line reordered by L2 here. If that reordering ever differs from
    python-bidi's own, python-bidi's result is kept (unmirrored, as before).
    """
    from bidi import get_display
    display = get_display(text, base_dir="R")
    if not any(ch in "()[]{}<>«»‹›" for ch in text):
        return display
    per_byte = [int(m) for m in _LEVEL.findall(get_display(text, base_dir="R", debug=True).split("paragraphs")[0])]
    levels, offset = [], 0
    for ch in text:
        if offset >= len(per_byte):
            return display
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    if len(per_byte) != offset:
        return display
    pairs = list(zip(text, levels, strict=True))
    # L1: trailing whitespace goes back to the paragraph level (1, right to left)
    end = len(pairs)
    while end and pairs[end - 1][0].isspace():
        end -= 1
        pairs[end] = (pairs[end][0], 1)
    odd = [lv for _ch, lv in pairs if lv % 2]
    lowest = min(odd) if odd else None
    for level in range(max(lv for _ch, lv in pairs), (lowest or 1) - 1, -1):
        i = 0
        while i < len(pairs):
            if pairs[i][1] >= level:
                j = i
                while j < len(pairs) and pairs[j][1] >= level:
                    j += 1
                pairs[i:j] = pairs[i:j][::-1]
                i = j
            else:
                i += 1
    if "".join(ch for ch, _lv in pairs) != display:
        return display
    return "".join(ch.translate(_MIRROR) if lv % 2 else ch for ch, lv in pairs)


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


def _font_runs(text: str, font: str, in_font: Callable[[str, bool], bool]) -> str:
    """Escape ``text`` for a paragraph and wrap the runs of characters for which ``in_font(ch, in_run)``
    is true in ``<font name=font>`` (``in_run``: whether the run so far is in that font)."""
    out: list[str] = []
    run: list[str] = []
    in_run = False

    def flush() -> None:
        if run:
            chunk = escape("".join(run))
            out.append(f'<font name="{font}">{chunk}</font>' if in_run else chunk)
            run.clear()

    for ch in text:
        wanted = in_font(ch, in_run)
        if wanted != in_run:
            flush()
            in_run = wanted
        run.append(ch)
    flush()
    return "".join(out)


def _markup_runs(visual: str, font_name: str) -> str:
    """Escape a visual-order line and wrap runs the Arabic font lacks in Noto Sans."""
    cmap = _arabic_cmap(font_name)

    def latin(ch: str, in_run: bool) -> bool:
        if ord(ch) not in cmap:
            return True
        if _is_arabic(ch):
            return False
        return in_run  # digits, spaces, punctuation: stay in the surrounding run's font

    return _font_runs(visual, SANS_BOLD if font_name == ARABIC_BOLD else SANS, latin)


def rtl_lines(text: str, width: float, font_name: str = ARABIC, font_size: float = 10.5) -> list[str]:
    """Break logical-order Arabic text into lines of at most ``width`` points, then
    shape and reorder each line; returns reportlab paragraph markup per line."""
    register_fonts()
    lines: list[str] = []
    for source_line in text.split("\n"):
        words = [w for w in source_line.split(" ") if w]  # not split(): keep no-break spaces
        space = pdfmetrics.stringWidth(" ", font_name, font_size)
        current: list[str] = []
        used = 0.0
        for word in words:
            w = _word_width(word, font_name, font_size)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                used += (space if current else 0.0) + w
                current.append(word)
        lines.append(" ".join(current))
    return [_line_markup(line, font_name) for line in lines]


#: Bidi control characters (isolates, embeddings, marks) that must not reach the PDF.
_CONTROLS = dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def ethiopic_font_path() -> Path:
    """Noto Sans Ethiopic (SIL Open Font License) for Tigrinya, from the PyPI package
    ``justmytype-intl-africa``, which ships the TTF (the variable font; reportlab uses its
    default, regular instance). Ethiopic needs no shaping: each syllable is one character."""
    from importlib.resources import files
    path = files("justmytype_intl_africa") / "fonts" / "ofl" / "notosansethiopic" / "NotoSansEthiopic[wdth,wght].ttf"
    return Path(str(path))


def _is_ethiopic(ch: str) -> bool:
    cp = ord(ch)
    return 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F


def markup(text: str) -> str:
    """Escape ``text`` for a paragraph and draw runs of Ethiopic script (Tigrinya) in Noto
    Sans Ethiopic: the Latin font has no Ethiopic letters, the Ethiopic font no Latin ones,
    so names and e-mail addresses inside a Tigrinya sentence stay in Noto Sans."""
    if not any(_is_ethiopic(ch) for ch in text):
        return escape(text)
    return _font_runs(text, ETHIOPIC, lambda ch, in_run: in_run if ch.isspace() else _is_ethiopic(ch))
