"""The PostgreSQL counterpart of the SQLite SQL the list queries write by hand (issue 17), in one place.

The views' queries (``queries/``) are raw SQL tuned on SQLite: ``?`` placeholders, ``group_concat``,
``strftime``, ``char()``, ``total()``. Rather than a second copy of every query, the server database
(``db.postgres.ServerDatabase``) passes hand-written SQL through ``to_postgres`` first. It rewrites only
outside string literals and quoted names, and only these forms:

======================================  ==========================================
SQLite                                  PostgreSQL
======================================  ==========================================
``?``                                   ``%s`` (and a literal ``%`` becomes ``%%``)
``group_concat(x)``                     ``string_agg((x)::text, ',')``
``group_concat(x, sep)``                ``string_agg((x)::text, sep)``
``strftime('%Y', x)`` and other masks   ``to_char(x, 'YYYY')`` (``%d %m %Y %H %M %S``)
``char(n)``                             ``chr(n)``
``total(x)``                            ``COALESCE(sum(x), 0)``
``ifnull(a, b)``                        ``COALESCE(a, b)``
``json_each(x)`` (its ``value``)        ``json_array_elements_text((x)::json)``
``NOT INDEXED``, ``INDEXED BY name``    (left out: the planner decides)
``x LIKE y`` (with ``?`` SQL)           ``x ILIKE y`` (SQLite's LIKE ignores case)
======================================  ==========================================

SQL that peewee built (``%s`` placeholders) passes unchanged. Anything else SQLite-only must be written
portably in the query itself.
"""

from __future__ import annotations

import re

_STRFTIME = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH24", "%M": "MI", "%S": "SS"}
_LIKE = re.compile(r"\s+LIKE\s+", re.IGNORECASE)
_HINTS = re.compile(r"\s+(NOT\s+INDEXED|INDEXED\s+BY\s+\w+)\b", re.IGNORECASE)
_FUNCS = re.compile(r"\b(group_concat|strftime|char|total|ifnull|json_each)\s*\(", re.IGNORECASE)


def _segments(sql: str) -> list[tuple[bool, str]]:
    """(is_code, text) pieces: string literals ('…') and quoted names ("…") are not code."""
    out: list[tuple[bool, str]] = []
    i, start, n = 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            if i > start:
                out.append((True, sql[start:i]))
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:  # a doubled quote inside
                        j += 2
                        continue
                    break
                j += 1
            out.append((False, sql[i:j + 1]))
            i = start = j + 1
            continue
        i += 1
    if start < n:
        out.append((True, sql[start:]))
    return out


def _args(sql: str, open_at: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose '(' is at ``open_at``, and the index after its ')'."""
    depth, quote, args, cur = 0, "", [], []
    i = open_at
    while i < len(sql):
        ch = sql[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
            cur.append(ch)
        elif ch == "(":
            depth += 1
            if depth > 1:
                cur.append(ch)
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i + 1
            cur.append(ch)
        elif ch == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    raise ValueError("unbalanced parentheses in SQL")


def _mask(literal: str) -> str:
    body = literal[1:-1].replace("%%", "%")
    for k, v in _STRFTIME.items():
        body = body.replace(k, v)
    return "'" + body + "'"


def _functions(sql: str) -> str:
    """Rewrite the SQLite functions (recursively inside their arguments)."""
    out, pos = [], 0
    for m in _FUNCS.finditer(sql):
        if m.start() < pos:
            continue
        args, end = _args(sql, m.end() - 1)
        args = [_functions(a) for a in args]
        name = m.group(1).lower()
        if name == "group_concat":
            sep = args[1] if len(args) > 1 else "','"
            new = f"string_agg(({args[0]})::text, {sep})"
        elif name == "strftime" and len(args) == 2 and args[0].startswith("'"):
            new = f"to_char({args[1]}, {_mask(args[0])})"
        elif name == "char":
            new = f"chr({', '.join(args)})"
        elif name == "total":
            new = f"COALESCE(sum({args[0]}), 0)"
        elif name == "json_each":
            new = f"json_array_elements_text(({args[0]})::json)"
        elif name == "ifnull":
            new = f"COALESCE({', '.join(args)})"
        else:
            continue
        out.append(sql[pos:m.start()])
        out.append(new)
        pos = end
    out.append(sql[pos:])
    return "".join(out)


def needs_translation(sql: str) -> bool:
    return "?" in sql or _FUNCS.search(sql) is not None or _HINTS.search(sql) is not None


def to_postgres(sql: str) -> str:
    """``sql`` as PostgreSQL reads it (see the table above); unchanged when it has nothing SQLite-only."""
    if not needs_translation(sql):
        return sql
    sqlite_style = "?" in "".join(t for code, t in _segments(sql) if code)
    parts = []
    for code, text in _segments(sql):
        if sqlite_style:
            text = text.replace("%", "%%")
            if code:
                text = _LIKE.sub(" ILIKE ", text.replace("?", "%s"))
        if code:
            text = _HINTS.sub("", text)
        parts.append(text)
    return _functions("".join(parts))
