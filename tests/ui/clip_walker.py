"""Find text the user cannot read whole: labels, buttons, check boxes, drop-downs and tabs
whose text is wider than the widget (clipped or elided), and word-wrapped labels that
must break a word because one word is wider than the label. Used by test_no_clipped_text.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QStyle, QStyleOptionButton, QStyleOptionComboBox, QTabBar, QTableView,
                               QTextBrowser, QWidget)

SLACK = 2  # px: rounding


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _where(w: QWidget) -> str:
    names = []
    p = w
    while p is not None and len(names) < 4:
        names.append(p.objectName() or type(p).__name__)
        p = p.parentWidget()
    return "/".join(reversed(names))


def problems(root: QWidget) -> list[str]:
    """Every widget under ``root`` (shown) whose text cannot be read whole."""
    out: list[str] = []
    for w in root.findChildren(QWidget):
        if not _shown(w, root):
            continue
        if isinstance(w, QLabel):
            out += _label(w)
        elif isinstance(w, QTextBrowser):
            out += _document(w)
        elif isinstance(w, QTableView):
            out += _table(w)
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)):
            text = w.text() if w.echoMode() == QLineEdit.EchoMode.Normal else ""
            need = w.fontMetrics().horizontalAdvance(text) + 12
            if text and need > w.width() + SLACK:
                out.append(f"field clipped: {text!r} ({w.width()} < {need}) at {_where(w)}")
        elif isinstance(w, (QCheckBox, QRadioButton)):
            text = w.text().replace("&", "")
            if text and w.sizeHint().width() > w.width() + SLACK:
                out.append(f"check box clipped: {text!r} ({w.width()} < {w.sizeHint().width()}) at {_where(w)}")
        elif isinstance(w, QPushButton):
            text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            opt = QStyleOptionButton()
            w.initStyleOption(opt)
            need = w.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, opt,
                                              QSize(w.fontMetrics().horizontalAdvance(text), 10), w).width() - 8
            if text and need > w.width() + SLACK:
                out.append(f"button clipped: {text!r} ({w.width()} < {need}) at {_where(w)}")
        elif isinstance(w, QComboBox) and not w.isEditable():
            text = w.currentText()
            opt = QStyleOptionComboBox()
            w.initStyleOption(opt)
            need = w.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt,
                                              QSize(w.fontMetrics().horizontalAdvance(text), 10), w).width()
            if text and need > w.width() + SLACK:
                out.append(f"drop-down clipped: {text!r} ({w.width()} < {need}) at {_where(w)}")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                text = w.tabText(i).replace("&", "")
                need = w.fontMetrics().horizontalAdvance(text) + 16
                if w.tabRect(i).width() + SLACK < need:
                    out.append(f"tab clipped: {text!r} ({w.tabRect(i).width()} < {need}) at {_where(w)}")
    return out


SHORT = 30  # a column whose texts are all this short must show them whole (long free text may elide)


def _table(w: QTableView) -> list[str]:
    """Short values (dates, states, names) cut in a visible column; long free text may be elided
    (its tooltip shows it whole)."""
    model = w.model()
    if model is None:
        return []
    out = []
    fm = w.fontMetrics()
    rows = min(model.rowCount(), 25)
    for col in range(model.columnCount()):
        if w.isColumnHidden(col):
            continue
        texts = [str(model.index(r, col).data() or "") for r in range(rows)]
        header = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        if not texts or max(len(t) for t in texts) > SHORT:
            continue
        width = w.columnWidth(col)
        margin = 2 * (w.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, w) + 1)
        for t in texts:
            if t and fm.horizontalAdvance(t) + margin > width + SLACK:
                out.append(f"table cell elided: {t!r} in column {header!r} ({width} < "
                           f"{fm.horizontalAdvance(t) + margin}) at {_where(w)}")
                break
    return out


def _document(w: QTextBrowser) -> list[str]:
    """A detail pane: a line that ends inside a word (a table cell too narrow for its text)."""
    out = []
    doc = w.document()
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        text = block.text()
        for i in range(max(0, layout.lineCount() - 1)):
            line = layout.lineAt(i)
            end = line.textStart() + line.textLength()
            if 0 < end < len(text) and not text[end - 1].isspace() and not text[end].isspace() \
                    and text[end - 1] not in "-–/·,;\u200b" and text[end] not in "-–/·,;\u200b":
                out.append(f"text wraps mid-word: {text[max(0, end - 12):end]!r}|{text[end:end + 12]!r} "
                           f"at {_where(w)}")
        block = block.next()
    return out


def _label(w: QLabel) -> list[str]:
    raw = w.text()
    if not raw or w.pixmap() is not None and not w.pixmap().isNull():
        return []
    text = _plain(raw)
    if w.buddy() is not None or "&&" in text:  # a mnemonic: "&Dato:" shows as "Dato:"
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    fm = w.fontMetrics()
    width = w.contentsRect().width() - 2 * w.margin() - (2 * w.indent() if w.indent() > 0 else 0)
    if w.wordWrap():
        longest = max((fm.horizontalAdvance(word) for word in re.split(r"\s+", text) if word), default=0)
        if longest > width + SLACK:
            word = max(re.split(r"\s+", text), key=fm.horizontalAdvance)
            return [f"label wraps mid-word: {word!r} in {text[:60]!r} ({width} < {longest}) at {_where(w)}"]
        need_h = w.heightForWidth(w.width())
        if need_h > w.height() + SLACK + 1:
            return [f"label cut at the bottom: {text[:60]!r} ({w.height()} < {need_h}) at {_where(w)}"]
        return []
    lines = text.split("\n")
    need = max(fm.horizontalAdvance(line) for line in lines)
    if need > width + SLACK:
        return [f"label clipped: {text[:70]!r} ({width} < {need}) at {_where(w)}"]
    return []


__all__ = ["problems", "QAbstractButton"]
