"""Turn Documents into one PDF (a single letter or a batch of hundreds).

Fonts are embedded once per PDF, each document starts on a new page with its
own letterhead and counts its own pages. ``progress(done, total)`` is called as
each document is laid out; ``cancelled()`` returning True stops the build with
``Cancelled`` (nothing is returned, nothing half-written).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from ..i18n import _, ngettext
from .blocks import Document
from .layout import DocumentTemplate, NumberedCanvas, StartDocument


class Cancelled(Exception):
    """The user cancelled a batch before it was finished."""


class _Progress(StartDocument):
    def __init__(self, doc: Document, index: int, total: int, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        super().__init__(doc.header, index)
        self._total, self._progress, self._cancelled = total, progress, cancelled

    def draw(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        super().draw()
        if self._progress is not None:
            self._progress(self.index, self._total)


def render(documents: Sequence[Document], *, progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None, author: str = "") -> bytes:
    """The PDF bytes of ``documents`` in order. ValueError if there are none."""
    if not documents:
        raise ValueError(_("No documents to print."))
    story: list[Flowable] = []
    total = len(documents)
    for i, doc in enumerate(documents):
        if i:
            story += [NextPageTemplate("first"), PageBreak()]
        story += [_Progress(doc, i, total, progress, cancelled), NextPageTemplate("later")]
        story += doc.flowables
    buffer = io.BytesIO()
    title = documents[0].title if total == 1 else ngettext("{title} ({n} document)", "{title} ({n} documents)",
                                                           total).format(title=documents[0].title, n=total)
    template = DocumentTemplate(buffer, title=title, author=author)
    template.build(story, canvasmaker=NumberedCanvas)
    if progress is not None:
        progress(total, total)
    return buffer.getvalue()


def write(documents: Sequence[Document], path: str | Path, **kwargs) -> Path:
    """Render and write to ``path`` (written only after the whole PDF is built)."""
    data = render(documents, **kwargs)
    from ..safe_files import write_output
    return write_output(Path(path), data)  # whole or not at all, owner-only
