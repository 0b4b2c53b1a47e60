"""What a printed or exported report says, beyond the figures the queries return.

``present`` is the one step between a computed ``ReportResult`` and the PDF or
xlsx: the audience's version (disclosure.py), then wording that keeps a reader
from misreading the figures:

- a money column with no amount at all says "ikke registrert", not "kr 0";
- every bar of a share chart names how many persons it stands for ("n = 35");
- where two figures of the report seem to disagree (the net change over the
  years and the settled refugees at the end), a sentence says why.

It works on the result's shape only (tables by key, columns by kind), so the
report queries can change underneath it.
"""

from __future__ import annotations

from dataclasses import replace

from ..i18n import _
from . import disclosure, fmt
from .common import Chart, ReportResult, Table


def not_registered() -> str:
    return _("not registered")


def _money_not_registered(table: Table) -> Table:
    """Money columns with no amount in any row: 'not registered' instead of kr 0."""
    empty = [i for i, c in enumerate(table.columns) if c.kind == "money" and table.rows
             and all(r[i] in (None, 0) for r in table.rows)]
    if not empty:
        return table
    rows = [[not_registered() if i in empty else v for i, v in enumerate(r)] for r in table.rows]
    return replace(table, rows=rows, note=(table.note + " " if table.note else "") + _(
        "«Not registered»: no amounts are registered for this column, so no sum can be given."))


def _with_counts(chart: Chart, tables: list[Table]) -> Chart:
    """A share chart's categories with the number of persons behind each bar ("År 2 (n = 6)"),
    from the table whose first column holds the same groups (its first count column)."""
    if chart.kind != "kpi":
        return chart
    for table in tables:
        counts = [i for i, c in enumerate(table.columns) if c.kind == "int"]
        if not counts:
            continue
        by_label = {str(r[0]): r[counts[0]] for r in table.rows}
        if all(c in by_label for c in chart.categories):
            labels = [f"{c} (n = {by_label[c] if isinstance(by_label[c], str) else fmt.number(by_label[c])})"
                      for c in chart.categories]
            return replace(chart, categories=labels)
    return chart


def _net_sentence(report: ReportResult) -> list[str]:
    """Arrivals: the net change over the years is not the number of settled refugees at the end."""
    if report.name != "arrivals":
        return []
    try:
        years, cohort = report.table("years"), report.table("cohort")
    except KeyError:
        return []
    total = years.rows[-1] if years.total_row and years.rows else None
    living = cohort.rows[-1][1] if cohort.rows else None
    if total is None or not all(isinstance(v, int) for v in (total[-1], total[3], living)):
        return []
    net, born = total[-1], total[3]
    if net == living:
        return []
    other = net - living - born
    sentence = _("The net change over the period ({net}) is not the number of settled refugees at the end of it "
                 "({living}): the net change counts the {born} children born in Norway, who are household members "
                 "but not settled refugees.").format(net=fmt.number(net), living=fmt.number(living),
                                                     born=fmt.number(born))
    if other:
        sentence += " " + _("The remaining difference of {n} comes from persons settled before the period who "
                            "still live here or moved away during it.").format(n=fmt.number(other))
    return [sentence]


def present(report: ReportResult, audience: str = "council") -> ReportResult:
    """The report as the ``audience`` ('council' or 'internal') reads it, worded so it cannot be misread."""
    explanations = _net_sentence(report)  # from the exact figures, before anything is hidden
    shown = disclosure.version(report, audience)
    if audience == "council" and explanations and any(
            disclosure.under_5() in (str(v) for v in r) or disclosure.hidden() in (str(v) for v in r)
            for t in shown.tables if t.key == "years" for r in t.rows):
        explanations = []  # the sentence would name a hidden number
    tables = [_money_not_registered(t) for t in shown.tables]
    charts = [_with_counts(c, tables) for c in shown.charts]
    return replace(shown, tables=tables, charts=charts, definition=[*shown.definition, *explanations])
