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

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

SANS = "NotoSans"
SANS_BOLD = "NotoSans-Bold"
SANS_ITALIC = "NotoSans-Italic"
ARABIC = "NotoNaskhArabic"
ARABIC_BOLD = "NotoNaskhArabic-Bold"

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
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD)
    pdfmetrics.registerFontFamily(ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC, boldItalic=ARABIC_BOLD)


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


@lru_cache(maxsize=2)
def _arabic_cmap(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _shape(text: str) -> str:
    import arabic_reshaper
    return arabic_reshaper.reshape(text)


def _visual(text: str) -> str:
    from bidi import get_display
    return get_display(text, base_dir="R")


def _markup_runs(visual: str, font_name: str) -> str:
    """Escape a visual-order line and wrap runs the Arabic font lacks in Noto Sans."""
    cmap = _arabic_cmap(font_name)
    out: list[str] = []
    run: list[str] = []
    run_latin = False
    latin_font = SANS_BOLD if font_name == ARABIC_BOLD else SANS

    def flush() -> None:
        if run:
            chunk = escape("".join(run))
            out.append(f'<font name="{latin_font}">{chunk}</font>' if run_latin else chunk)
            run.clear()

    for ch in visual:
        latin = ord(ch) not in cmap and not ch.isspace()
        if ch.isspace():
            latin = run_latin  # spaces join the current run
        if latin != run_latin:
            flush()
            run_latin = latin
        run.append(ch)
    flush()
    return "".join(out)


def rtl_lines(text: str, width: float, font_name: str = ARABIC, font_size: float = 10.5) -> list[str]:
    """Break logical-order Arabic text into lines of at most ``width`` points, then
    shape and reorder each line; returns reportlab paragraph markup per line."""
    register_fonts()
    lines: list[str] = []
    for source_line in text.split("\n"):
        words = source_line.split()
        current: list[str] = []
        for word in words:
            trial = " ".join(current + [word])
            if current and pdfmetrics.stringWidth(_shape(trial), font_name, font_size) > width:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        lines.append(" ".join(current))
    return [_markup_runs(_visual(_shape(line)), font_name) for line in lines]
