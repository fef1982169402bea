"""Reads and the audit append over one SQLite connection (a read connection or the writer's open
transaction), shared by :class:`~graph.store.sqlite.SqliteStore` and its write operations."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from graph.store.sqlite.schema import TABLE


def busy(exc: BaseException) -> bool:
    """Whether SQLite said the database is locked (busy) by another connection."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc)


def read_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])


def get_rows(conn: sqlite3.Connection, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    sql = f"SELECT data FROM {TABLE[record]} WHERE id IN (SELECT value FROM json_each(?))"
    rows = conn.execute(sql, (json.dumps(ids),)).fetchall()
    return {d["id"]: d for d in (json.loads(r[0]) for r in rows)}


def all_rows(conn: sqlite3.Connection, record: str) -> list[dict[str, Any]]:
    # One JSON array built by SQLite and decoded in one call: a third faster than one
    # json.loads per row at 50,000 ties (the snapshot's largest cost).
    sql = (f"SELECT '[' || group_concat(data, ',') || ']' "
           f"FROM (SELECT data FROM {TABLE[record]} ORDER BY id)")
    text = conn.execute(sql).fetchone()[0]
    return json.loads(text) if text else []


def query_actors(conn, *, kinds, sectors, areas, topics, text, offset, limit):  # type: ignore[no-untyped-def]
    where, params = [], []
    if kinds:
        where.append("kind IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(kinds))
    if sectors:
        where.append("sector IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sectors))
    if areas is not None:
        # IN over the join table, not a correlated EXISTS: 1.8 ms instead of 31 ms for a
        # count over 10,000 actors (measured by the API benchmark).
        where.append("id IN (SELECT actor_id FROM actor_areas "
                     "WHERE area_id IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(areas))
    if topics:
        where.append("id IN (SELECT actor_id FROM actor_topics "
                     "WHERE topic_id IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(topics))
    indexed = text is not None and len(text) >= 3
    if indexed:
        # The trigram index: the actors whose search text holds the query's trigrams one
        # after the other, i.e. holds the query (both are already case- and accent-folded).
        # Shorter queries have no trigram and scan with instr().
        where.append("rowid IN (SELECT rowid FROM actors_search WHERE actors_search MATCH ?)")
        params.append('"' + text.replace('"', '""') + '"')
    elif text:
        where.append("instr(search, ?) > 0")
        params.append(text)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    count = f"SELECT count(*) FROM actors {clause}"
    if indexed and len(where) == 1:  # only the text: count in the trigram index alone
        count = "SELECT count(*) FROM actors_search WHERE actors_search MATCH ?"
    if where and not kinds and not sectors:
        # Every filter is on id or rowid: walk the (sort_key, id) index in order and read
        # whole rows only for the page, instead of sorting every match with its data
        # (0.6 ms instead of 2.4 ms for 50 of 843 actors in a Kreis; 1-6 ms instead of
        # 13 ms for a word in 3,000 of 10,000 actors).
        page = (f"SELECT data FROM actors WHERE rowid IN (SELECT rowid FROM actors INDEXED BY "
                f"actors_sort {clause} ORDER BY sort_key, id LIMIT ? OFFSET ?) "
                f"ORDER BY sort_key, id")
    else:
        page = f"SELECT data FROM actors {clause} ORDER BY sort_key, id LIMIT ? OFFSET ?"
    total = conn.execute(count, params).fetchone()[0]
    rows = (conn.execute(page, [*params, limit, offset]).fetchall()
            if total > offset and limit else [])
    return [json.loads(r[0]) for r in rows], total


def ties_touching(conn: sqlite3.Connection, actor_ids: list[str],
                   kinds: list[str] | None) -> list[dict[str, Any]]:
    if not actor_ids:
        return []
    ids = json.dumps(actor_ids)
    sql = ("SELECT data FROM ties WHERE (source IN (SELECT value FROM json_each(?)) "
           "OR target IN (SELECT value FROM json_each(?)))")
    params: list[Any] = [ids, ids]
    if kinds:
        sql += " AND kind IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(kinds))
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    return [json.loads(r[0]) for r in rows]


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def append_audit(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO audit (at, account, action, record, record_id, data) VALUES (?, ?, ?, ?, ?, ?)",
        [(r["at"], r["user"], r["action"], r.get("record"), r.get("record_id"),
          dumps({k: v for k, v in r.items() if k != "seq"})) for r in rows])

