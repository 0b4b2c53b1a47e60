"""Who may read a report: the council version (public) and the internal version.

Council papers are public (offentleglova), so the council version of a report
names no one and shows no small numbers:

- tables that list persons one by one (or private landlords) are left out;
  they are only in the internal version, marked "Unntatt offentlighet";
- every count of 1–4 persons is shown as "under 5" (the usual threshold in
  Norwegian official statistics); 0 stays 0;
- a share next to a hidden count is hidden too (2 of 2 is "100 %");
- where a hidden count could be worked out by subtraction (it is the only
  hidden cell of its column, and the column adds up to a total shown in the
  report), the next-smallest count of that column is hidden as well
  ("skjult"), and so is a column computed from the others (Net);
- bars with a hidden count are drawn without height and labelled "under 5";
  small pie slices are merged into one "others" slice.

This works on the finished ``ReportResult`` (the presentation layer): the
queries behind the reports stay as they are and return exact numbers for
the service's own screen.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import replace

from ..i18n import _
from .common import Chart, ReportResult, Table

THRESHOLD = 5

#: Tables that list persons (or private persons as landlords) row by row: internal only.
PERSONAL_TABLES = frozenset({("grants", "persons"), ("housing", "ending")})
#: Tables whose numbers are not persons (dwellings, rates): shown as they are.
NOT_PERSONS = frozenset({("housing", "*"), ("grants", "rates"), ("grants", "missing")})
#: Columns computed from other columns of the row (column -> the columns it comes from): hidden
#: when one of those is hidden (Net = settled + born − moved; an amount = persons × a public rate).
DERIVED: dict[tuple[str, str], dict[int, frozenset[int]]] = {
    ("arrivals", "years"): {4: frozenset({1, 2, 3})},
    ("grants", "totals"): {9: frozenset({8}), 11: frozenset({10}), 12: frozenset({8, 10})},
}

COUNT_KINDS = frozenset({"int"})


def under_5() -> str:
    return _("under 5")


def hidden() -> str:
    return _("hidden")


def definition_lines(internal: bool) -> list[str]:
    """What a reader of each version must know about what is (not) shown."""
    if internal:
        return [_("Internal report for the integration service, exempt from public disclosure (offl. § 13, cf. "
                  "fvl. § 13 first paragraph no. 1). It names persons and shows exact small numbers: do not give it "
                  "to the council or put it in public papers. The council version shows aggregates only.")]
    return [_("To protect privacy, numbers of fewer than 5 persons are shown as «under 5». Where a total would "
              "reveal such a number by subtraction, one more number is hidden («hidden»), and shares behind a "
              "hidden number are not shown. Lists of named persons are only in the internal report (exempt from "
              "public disclosure).")]


def _is_small(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < THRESHOLD


def _counts_persons(report: str, table: str) -> bool:
    return (report, table) not in NOT_PERSONS and (report, "*") not in NOT_PERSONS


def suppress_table(report: str, table: Table) -> tuple[Table, set[str]]:
    """A copy of ``table`` with small person counts replaced (see the module rules); also
    the first-column labels of the rows that had something hidden."""
    if not _counts_persons(report, table.key):
        return table, set()
    rows = [list(r) for r in table.rows]
    counts = [i for i, c in enumerate(table.columns) if c.kind in COUNT_KINDS]
    percents = [i for i, c in enumerate(table.columns) if c.kind == "percent"]
    derived = DERIVED.get((report, table.key), {})
    body = range(len(rows) - 1 if table.total_row else len(rows))
    primary = {(r, i) for r in range(len(rows)) for i in counts if i not in derived and _is_small(rows[r][i])}
    secondary: set[tuple[int, int]] = set()
    for i in counts:
        if i in derived:
            continue
        marked = [r for r in body if (r, i) in primary]
        if len(marked) == 1:  # the only hidden cell: a total would give it away
            candidates = [r for r in body if (r, i) not in primary and isinstance(rows[r][i], (int, float))
                          and rows[r][i]]
            if candidates:
                secondary.add((min(candidates, key=lambda r: (rows[r][i], r)), i))
    hidden_cells = primary | secondary
    labels: set[str] = set()
    for r in {r for r, _i in hidden_cells}:
        labels.add(str(rows[r][0]))
        for i in percents:
            rows[r][i] = hidden()
        for i, sources in derived.items():
            if any((r, j) in hidden_cells for j in sources):
                rows[r][i] = hidden()
    for r, i in secondary:
        rows[r][i] = hidden()
    for r, i in primary:
        rows[r][i] = under_5()
    return replace(table, rows=rows), labels


def _suppress_series(values: Sequence[float | None]) -> list[float | None]:
    out: list[float | None] = [None if _is_small(v) else v for v in values]
    small = [i for i, v in enumerate(out) if v is None]
    if len(small) == 1:
        rest = [i for i, v in enumerate(out) if v]
        if rest:
            out[min(rest, key=lambda i: (values[i], i))] = None
    return out


def suppress_chart(report: str, chart: Chart, hidden_labels: set[str]) -> Chart:
    """Council chart: hidden bars carry None (drawn flat, labelled), small slices merged."""
    if chart.kind == "kpi":  # shares: hide the share of a group whose numbers are hidden
        series = [(name, [None if cat in hidden_labels else v for cat, v in zip(chart.categories, values, strict=True)])
                  for name, values in chart.series]
        return replace(chart, series=series)
    if not _counts_persons(report, chart.key) or (report, "*") in NOT_PERSONS:
        return chart
    if chart.kind == "pie" and chart.series:
        values = [v or 0 for v in chart.series[0][1]]
        keep = [(c, v) for c, v in zip(chart.categories, values, strict=True) if not _is_small(v)]
        small = sum(v for v in values if _is_small(v))
        if small:
            keep.append((_("Others (under 5 each)"), small))
        return replace(chart, categories=[c for c, _v in keep], series=[(chart.series[0][0], [v for _c, v in keep])])
    return replace(chart, series=[(name, _suppress_series(values)) for name, values in chart.series])


_INT = re.compile(r"^\s*(\d[\d\s\u00a0]*)(\s*\(.*\))?\s*$")


def _headline(headline: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    hide_shares = False
    for label, value in headline:
        m = _INT.match(value)
        if m and _is_small(int(re.sub(r"\D", "", m.group(1)))):
            out.append((label, under_5()))
            hide_shares = True
        else:
            out.append((label, value))
    if hide_shares:
        out = [(label, hidden() if value.rstrip().endswith("%") else value) for label, value in out]
    return out


def council_version(report: ReportResult) -> ReportResult:
    """The version for the council and the public: aggregates only, small numbers hidden."""
    tables: list[Table] = []
    hidden_labels: set[str] = set()
    for table in report.tables:
        if (report.name, table.key) in PERSONAL_TABLES:
            continue
        shown, labels = suppress_table(report.name, table)
        tables.append(shown)
        hidden_labels |= labels
    charts = [suppress_chart(report.name, c, hidden_labels) for c in report.charts]
    headline = _headline(list(report.headline)) if (report.name, "*") not in NOT_PERSONS else report.headline
    return replace(report, tables=tables, charts=charts, headline=headline,
                   definition=[*report.definition, *definition_lines(internal=False)])


def has_personal_tables(report: ReportResult) -> bool:
    return any((report.name, t.key) in PERSONAL_TABLES for t in report.tables)


def internal_version(report: ReportResult) -> ReportResult:
    """The service's own version: everything, exact, marked exempt from public disclosure."""
    internal = copy.copy(report)
    return replace(internal, title=_("{title} (internal)").format(title=report.title),
                   subtitle=f"{report.subtitle} · " + _("Exempt from public disclosure, offl. § 13"),
                   definition=[*report.definition, *definition_lines(internal=True)])


def version(report: ReportResult, audience: str) -> ReportResult:
    """``audience``: 'council' (default everywhere a report leaves the program) or 'internal'."""
    if audience == "internal":
        return internal_version(report)
    if audience != "council":
        raise ValueError(audience)
    return council_version(report)
