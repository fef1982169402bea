"""Needs (Anliegen) in the SQLite store: the primitives of :class:`~graph.store.needs.NeedStore`.

Table ``needs`` (migration 4) keeps the record as JSON with its status and day; ``need_areas``,
``need_topics`` and ``need_actors`` hold what lists filter on and which actors a need names.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from graph.store.records import WriteOps
from graph.store.sqlite.rows import dumps, get_rows


def _conn(ops: WriteOps) -> sqlite3.Connection:
    return ops.conn  # type: ignore[attr-defined,no-any-return]


class SqliteNeeds:
    """The need primitives over the store's connections (mixed into SqliteStore)."""

    def _reader(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by SqliteStore
        raise NotImplementedError

    def _need_fetch(self, ops: WriteOps, ids: list[str]) -> dict[str, dict[str, Any]]:
        return get_rows(_conn(ops), "need", ids)

    def _need_write(self, ops: WriteOps, rows: list[dict[str, Any]]) -> None:
        conn = _conn(ops)
        ids = json.dumps([r["id"] for r in rows])
        conn.executemany(
            "INSERT INTO needs (id, status, raised_on, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
            "raised_on = excluded.raised_on, data = excluded.data",
            [(r["id"], r["status"], r["raised_on"], dumps(r)) for r in rows])
        for table in ("need_areas", "need_topics", "need_actors"):
            conn.execute(f"DELETE FROM {table} WHERE need_id IN (SELECT value FROM json_each(?))",
                         (ids,))
        conn.executemany("INSERT INTO need_areas (need_id, area_id, status) VALUES (?, ?, ?)",
                         [(r["id"], a, r["status"]) for r in rows for a in r["areas"]])
        conn.executemany("INSERT INTO need_topics (need_id, topic_id) VALUES (?, ?)",
                         [(r["id"], t) for r in rows for t in r["topics"]])
        conn.executemany("INSERT INTO need_actors (need_id, actor_id) VALUES (?, ?)",
                         [(r["id"], a) for r in rows for a in sorted(_named(r))])

    def _needs_naming(self, ops: WriteOps, actor_id: str) -> list[dict[str, Any]]:
        rows = _conn(ops).execute(
            "SELECT data FROM needs WHERE id IN (SELECT need_id FROM need_actors "
            "WHERE actor_id = ?) ORDER BY id", (actor_id,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def _need_get(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        with self._reader() as conn:
            return get_rows(conn, "need", ids)

    def _need_all(self) -> list[dict[str, Any]]:
        with self._reader() as conn:
            text = conn.execute("SELECT '[' || group_concat(data, ',') || ']' "
                                "FROM (SELECT data FROM needs ORDER BY id)").fetchone()[0]
        return json.loads(text) if text else []

    def _need_query(self, *, statuses: list[str] | None, areas: list[str] | None,
                    topics: list[str] | None, raised_before: str | None, offset: int,
                    limit: int) -> tuple[list[dict[str, Any]], int]:
        where, params = [], []
        if areas is not None:
            # the status from the join table's index (it repeats it), not from each need's row
            status = ("" if statuses is None
                      else " AND status IN (SELECT value FROM json_each(?))")
            where.append("id IN (SELECT need_id FROM need_areas "
                         f"WHERE area_id IN (SELECT value FROM json_each(?)){status})")
            params += [json.dumps(areas)] + ([] if statuses is None else [json.dumps(statuses)])
        elif statuses is not None:
            where.append("status IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(statuses))
        if topics:
            where.append("id IN (SELECT need_id FROM need_topics "
                         "WHERE topic_id IN (SELECT value FROM json_each(?)))")
            params.append(json.dumps(topics))
        if raised_before is not None:
            where.append("raised_on <= ?")
            params.append(raised_before)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._reader() as conn:
            total = conn.execute(f"SELECT count(*) FROM needs {clause}", params).fetchone()[0]
            # The page's ids first (sorting small rows), then their records: a page of 1,000 at
            # offset 10,000 of 15,000 open needs took 50 ms instead of 290 ms (bench/memory.py).
            rows = conn.execute(f"SELECT data FROM needs WHERE id IN (SELECT id FROM needs "
                                f"{clause} ORDER BY raised_on, id LIMIT ? OFFSET ?) "
                                "ORDER BY raised_on, id", [*params, limit, offset]).fetchall()
        return [json.loads(r[0]) for r in rows], int(total)


def _named(row: dict[str, Any]) -> set[str]:
    """Every actor a stored need names."""
    found = set(row.get("proposed") or []) | set(row.get("confirmed") or [])
    found |= {a["actor"] for a in row.get("assigned") or []}
    found |= {s["actor"] for s in row.get("history") or [] if s.get("actor")}
    if row.get("raised_by"):
        found.add(row["raised_by"])
    return found

