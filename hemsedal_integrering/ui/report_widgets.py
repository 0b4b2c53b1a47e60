"""Qt views of a report: a table model over a report ``Table`` and QtCharts charts from a ``Chart``.

The report itself is computed in ``reports/`` (no Qt); this module only shows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from ..reports import fmt
from ..reports.common import Chart, Table

PALETTE = ["#1f5f8b", "#e07b39", "#4f9d69", "#c94c4c", "#8c6bb1", "#7f7f7f", "#d4a72c", "#3fa7b5"]

Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(QAbstractTableModel):
    """Read-only model of one report table; numbers right-aligned, sums in bold."""

    def __init__(self, table: Table, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        # each cell formatted once: the view's resize-to-contents asks every cell several times,
        # and formatting there held the GUI thread for tens of ms per report (issue 16)
        self._shown: dict[tuple[int, int], str] = {}
        self._bold: QFont | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the role first: the view asks each cell for several roles this model has no answer for
        if role == Qt.ItemDataRole.DisplayRole:
            if not index.isValid():
                return None
            key = (index.row(), index.column())
            text = self._shown.get(key)
            if text is None:
                text = self._shown[key] = fmt.cell(self.table.rows[key[0]][key[1]], self.table.columns[key[1]].kind)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.isValid() and self.table.columns[index.column()].kind != "text":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if (role == Qt.ItemDataRole.FontRole and self.table.total_row and index.isValid()
                and index.row() == len(self.table.rows) - 1):
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.columns[section].label
        return None


def build_chart(spec: Chart) -> QChart:
    """A QChart for a report chart: grouped bars, a pie, or KPI bars with the target as a dashed red line."""
    chart = QChart()
    chart.setTitle(spec.title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    if spec.kind == "pie":
        series = QPieSeries()
        slices = [v or 0 for v in spec.series[0][1]] if spec.series else []  # a pie has no hidden (None) slice
        total = sum(slices) or 1
        for i, (name, value) in enumerate(zip(spec.categories, slices, strict=True)):
            sl = series.append(f"{name}: {fmt.number(value)} ({fmt.percent(value / total, 0)})", value)
            sl.setColor(QColor(PALETTE[i % len(PALETTE)]))
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        return chart
    kpi = spec.kind == "kpi"
    bars = QBarSeries()
    for i, (name, values) in enumerate(spec.series):
        bar_set = QBarSet(name)
        bar_set.append([(v or 0) * 100 if kpi else (v or 0) for v in values])  # a hidden bar (None) is flat
        bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
        bars.append(bar_set)
    # Qt formats bar labels in the C locale (63.6); shares go into the category names instead, Norwegian style.
    bars.setLabelsVisible(not kpi)
    bars.setLabelsFormat("@value")
    chart.addSeries(bars)
    x = QBarCategoryAxis()
    if kpi and spec.series:
        x.append([f"{c}: {fmt.percent(v)}" for c, v in zip(spec.categories, spec.series[0][1], strict=True)])
    else:
        x.append(spec.categories)
    y = QValueAxis()
    y.setMin(0)
    if kpi:
        y.setMax(100)
        y.setTickCount(5)
        y.setLabelFormat("%d %%")
    else:
        top = max([v or 0 for _name, vals in spec.series for v in vals] + [1])
        y.setMax(top * 1.15)
        y.setLabelFormat("%d")
        y.applyNiceNumbers()
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(x)
    bars.attachAxis(y)
    if spec.target is not None:
        line = QLineSeries()
        line.setName(spec.target_label or fmt.percent(spec.target, 0))
        level = spec.target * 100 if kpi else spec.target
        n = len(spec.categories)
        line.append(-0.5, level)
        line.append(n - 0.5, level)
        pen = QPen(QColor("#c0392b"))
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        line.setPen(pen)
        chart.addSeries(line)
        lx = QValueAxis()
        lx.setRange(-0.5, n - 0.5)
        lx.setVisible(False)
        chart.addAxis(lx, Qt.AlignmentFlag.AlignTop)
        line.attachAxis(lx)
        line.attachAxis(y)
    chart.legend().setVisible(len(spec.series) > 1 or spec.target is not None)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


RENDER_HINT = QPainter.RenderHint.Antialiasing
