"""The consistency check: the program's own rules over the stored data, on either backend (issue 17).

SQLite's ``PRAGMA integrity_check`` says whether the *file* is sound; on a database server that is the
server's business. What the program can check on both is whether the *data* keeps the program's own
invariants — things a bug, a half-finished import or hand-written SQL on the server could break and
that no constraint catches:

* a household lives in at most one dwelling at a time (no overlapping tenancies), and no dwelling holds
  more households than its capacity on any day;
* a person has at most one status period at a time (no overlaps, at most one open);
* a person who moved out has no open follow-up tasks and no open tenancy in their household's name
  once the whole household has moved out;
* every row's ``row_version`` is at least 1 (the lost-update check relies on it);
* the search text of each person is what the program would compute (server: ``person_search_source``).

Each finding names the table and the ids, in Norwegian. Nothing is changed. The GUI runs it from the
backup dialog (administrators) and the command line with ``check``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..context import Context
from ..i18n import _
from .access import require


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    ids: tuple[int, ...]


def _ids(rows) -> tuple[int, ...]:
    return tuple(sorted({int(r[0]) for r in rows}))[:50]


def _query(ctx: Context, sql: str) -> list[tuple]:
    return list(ctx.db.execute_sql(sql).fetchall())


def _overlap(table: str, owner: str, extra: str = "") -> str:
    """Rows of ``table`` that overlap another row of the same ``owner`` (dates as ISO text: portable)."""
    return (f"SELECT a.id FROM {table} a JOIN {table} b ON b.{owner} = a.{owner} AND b.id <> a.id {extra}"
            f" WHERE a.start_date <= COALESCE(b.end_date, '9999-12-31')"
            f" AND b.start_date <= COALESCE(a.end_date, '9999-12-31')")


def check(ctx: Context) -> list[Finding]:
    """Every broken invariant (empty: all is well). Administrators only; reads only."""
    require(ctx, "admin.backup")
    found: list[Finding] = []

    def rule(name: str, message: str, sql: str) -> None:
        rows = _query(ctx, sql)
        if rows:
            found.append(Finding(name, message.format(n=len({r[0] for r in rows})), _ids(rows)))

    rule("tenancy_overlap", _("{n} tenancies overlap another tenancy of the same household."),
         _overlap("tenancy", "household_id"))
    rule("unit_over_capacity", _("{n} housing units have more households than their capacity on some day."),
         "SELECT t.unit_id FROM tenancy t JOIN housing_unit u ON u.id = t.unit_id WHERE "
         "(SELECT COUNT(*) FROM tenancy o WHERE o.unit_id = t.unit_id AND o.start_date <= t.start_date "
         "AND COALESCE(o.end_date, '9999-12-31') >= t.start_date) > u.capacity")
    rule("status_overlap", _("{n} status periods overlap another status period of the same person."),
         _overlap("status_period", "person_id"))
    rule("status_open", _("{n} persons have more than one open status period."),
         "SELECT person_id FROM status_period WHERE end_date IS NULL GROUP BY person_id HAVING COUNT(*) > 1")
    rule("moved_out_tenancy", _("{n} households have moved out but still have an open tenancy."),
         "SELECT h.id FROM household h JOIN tenancy t ON t.household_id = h.id "
         "WHERE h.moved_out_date IS NOT NULL AND t.end_date IS NULL")
    rule("moved_out_tasks", _("{n} persons have moved out but still have open follow-up tasks."),
         "SELECT p.id FROM person p JOIN follow_up_item f ON f.person_id = p.id "
         "WHERE p.moved_out_date IS NOT NULL AND f.status = 'open' AND f.due_date > p.moved_out_date")
    from ..models import ALL_MODELS
    for model in ALL_MODELS:
        if "row_version" in model._meta.fields:
            table = model._meta.table_name
            rule(f"row_version_{table}", _("{n} rows of the table {table} have no valid version number.").replace(
                "{table}", table), f'SELECT id FROM "{table}" WHERE row_version IS NULL OR row_version < 1')
    if getattr(ctx.db, "server_url", None) is not None:
        rule("search_text", _("{n} persons have a search text that is out of step with their data."),
             "SELECT p.id FROM person p JOIN person_search_source s ON s.id = p.id "
             "WHERE p.search_text IS DISTINCT FROM s.text")
    return found


def report_lines(findings: list[Finding]) -> list[str]:
    """The findings as lines for a message or the command line."""
    if not findings:
        return [_("The consistency check found nothing wrong.")]
    lines = []
    for f in findings:
        ids = ", ".join(str(i) for i in f.ids)
        lines.append(_("{message} (ids: {ids})").format(message=f.message, ids=ids))
    return lines
