"""The server's schema ladder gives the same schema as SQLite's (issue 17): columns, NOT NULL, foreign keys and
their ON DELETE, indexes, CHECK constraints and defaults; every version after the base has a PostgreSQL step."""

from __future__ import annotations

import re

import pytest

from hemsedal_integrering.db import open_database
from hemsedal_integrering.db import postgres
from hemsedal_integrering.db.migrations import SCHEMA_VERSION


def _sqlite_schema(db):
    out = {}
    tables = [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%'").fetchall()]
    for t in tables:
        cols = {r[1]: (bool(r[3]), _default(r[4])) for r in db.execute_sql(f'PRAGMA table_info("{t}")')}
        fks = {(r[3], r[2], r[6]) for r in db.execute_sql(f'PRAGMA foreign_key_list("{t}")')}
        idx = set()
        for r in db.execute_sql(f'PRAGMA index_list("{t}")').fetchall():
            if r[3] == "pk":
                continue
            idx.add((tuple(x[2] for x in db.execute_sql(f'PRAGMA index_info("{r[1]}")')), bool(r[2])))
        sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
        checks = sorted(_norm(m) for m in _checks(sql))
        out[t] = {"columns": cols, "fks": fks, "indexes": idx, "checks": checks}
    return out


def _checks(sql: str):
    for m in re.finditer(r"CHECK\s*\(", sql):
        depth, i = 0, m.end() - 1
        for j in range(i, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[j], 0)
            if depth == 0:
                yield sql[i + 1:j]
                break


def _norm(expr: str) -> str:
    """A CHECK expression without spaces, brackets, casts and case: PostgreSQL rewrites what it stores."""
    expr = re.sub(r"::[a-z ]+", "", expr.lower())
    expr = re.sub(r"(\w+) between (\S+) and (\S+)", r"\1 >= \2 and \1 <= \3", expr)
    return re.sub(r"[\s()]", "", expr)


def _default(value):
    if value is None:
        return None
    text = str(value).split("::")[0].strip("'")
    return {"false": "0", "true": "1"}.get(text, text)


def _pg_schema(db):
    out = {}
    for (t,) in db.execute_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                               "AND tablename <> 'schema_meta'").fetchall():
        cols = {r[0]: (r[1] == "NO", None if r[2] is None or r[2].startswith("nextval(") else _default(r[2]))
                for r in db.execute_sql("SELECT column_name, is_nullable, column_default FROM "
                                        "information_schema.columns WHERE table_schema = 'public' "
                                        "AND table_name = %s", (t,))}
        actions = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
        fks = {(r[0], r[1], actions[r[2]]) for r in db.execute_sql(
            "SELECT a.attname, cf.relname, c.confdeltype FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid "
            "JOIN pg_class cf ON cf.oid = c.confrelid JOIN pg_attribute a ON a.attrelid = c.conrelid "
            "AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND cl.relname = %s", (t,))}
        idx = {(tuple(r[1]), bool(r[0])) for r in db.execute_sql(
            "SELECT i.indisunique, array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY o) "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = %s AND NOT i.indisprimary", (t,))}
        checks = sorted(_norm(r[0][len("CHECK "):]) for r in db.execute_sql(
            "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid "
            "WHERE c.contype = 'c' AND cl.relname = %s", (t,)))
        out[t] = {"columns": cols, "fks": fks, "indexes": idx, "checks": checks}
    return out


def test_the_server_schema_equals_the_sqlite_schema(tmp_path, pg_url):
    lite = open_database(tmp_path / "ladder.sqlite3")
    try:
        expected = _sqlite_schema(lite)
    finally:
        lite.close()
    server = postgres.open_server(pg_url)
    try:
        got = _pg_schema(server)
    finally:
        server.close()
    assert sorted(got) == sorted(expected)
    for table in expected:
        for part in ("columns", "fks", "indexes", "checks"):
            assert got[table][part] == expected[table][part], (table, part)


def test_a_check_constraint_holds_on_the_server(pg_url):
    import peewee
    server = postgres.open_server(pg_url)
    try:
        with pytest.raises(peewee.IntegrityError, match="check"), server.atomic():
            server.execute_sql("INSERT INTO base_amount (created_at, valid_from, amount) VALUES (now(), now(), -1)")
    finally:
        server.close()


def test_every_version_after_the_base_has_a_server_step():
    missing = [v for v in range(postgres.BASE_VERSION + 1, SCHEMA_VERSION + 1) if not postgres.has_step(v)]
    assert not missing, (f"schema_v{missing[0]}.sql has no PostgreSQL counterpart: add db/postgres_v{missing[0]}.sql "
                         "(the same change in PostgreSQL's SQL, ';;' ends a statement)")


def test_the_ladder_climbs_from_the_base_and_refuses_a_missing_step(pg_url, monkeypatch):
    from hemsedal_integrering.errors import DatabaseError
    server = postgres.open_server(pg_url, migrate=False)
    try:
        monkeypatch.setattr(postgres, "SCHEMA_VERSION", postgres.BASE_VERSION + 1)
        monkeypatch.setattr(postgres, "has_step", lambda v: False)
        with pytest.raises(DatabaseError, match="postgres_v10.sql"):
            postgres.upgrade(server)
        assert postgres.current_version(server) == 0  # refused before anything changed
        monkeypatch.setattr(postgres, "has_step", lambda v: True)
        monkeypatch.setattr(postgres, "step_name", lambda v: "postgres_parity.sql")  # a harmless, rerunnable step
        assert postgres.upgrade(server) == [postgres.BASE_VERSION, postgres.BASE_VERSION + 1]
        assert postgres.current_version(server) == postgres.BASE_VERSION + 1
    finally:
        server.close()


def test_the_models_agree_with_the_server_schema(pg_url):
    """Every model column exists on the server with the type peewee gives the field (a step that adds a BOOLEAN
    as INTEGER, or forgets a column, fails here)."""
    from hemsedal_integrering.models import ALL_MODELS
    server = postgres.open_server(pg_url)
    try:
        have = {(t, c): (ty, n == "YES") for t, c, ty, n in server.execute_sql(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public'").fetchall()}
        names = {"INTEGER": "integer", "SERIAL": "integer", "VARCHAR": "character varying", "TEXT": "text",
                 "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp without time zone",
                 "REAL": "real", "NUMERIC": "numeric", "BIGINT": "bigint", "DOUBLE PRECISION": "double precision",
                 "TIME": "time without time zone"}
        wrong = []
        for model in ALL_MODELS:
            for field in model._meta.sorted_fields:
                key = (model._meta.table_name, field.column_name)
                kind = server.get_context_options()["field_types"].get(field.field_type, field.field_type)
                expected = names.get(str(kind).split("(")[0].upper(), str(kind).lower())
                if key not in have or have[key][0] != expected or have[key][1] != field.null:
                    wrong.append((key, have.get(key), expected, field.null))
        assert not wrong
    finally:
        server.close()
