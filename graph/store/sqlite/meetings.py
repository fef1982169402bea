"""The memory primitives (:class:`~graph.store.meetings.MemoryOps`) in SQLite, and the mixin
that gives :class:`~graph.store.sqlite.SqliteStore` its :meth:`_memory_ops` and
:meth:`_memory_read`.

Tables (migration 4, :mod:`~graph.store.sqlite.schema`): ``encounters`` (one row per meeting or
contact entry: its JSON in ``data``), ``encounter_actors`` (who was present, with the day, so
that "the latest contact of an actor" is one index range) and ``pair_evidence`` (per pair of
actors: count, first and last day, the count it was dismissed at).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from graph.store.records import WriteOps

T = TypeVar("T")


def _present(row: dict[str, Any]) -> list[str]:
    return list(row["participants"] if row["type"] == "meeting" else row["actors"])


class SqliteMemoryOps:
    """The memory primitives on one SQLite connection (inside a transaction or a read)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert_encounter(self, row: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO encounters (id, type, day, forum, data) VALUES (?, ?, ?, ?, ?)",
            (row["id"], row["type"], row["date"], row.get("forum"),
             json.dumps(row, ensure_ascii=False)))
        self.conn.executemany(
            "INSERT INTO encounter_actors (encounter_id, actor_id, day) VALUES (?, ?, ?)",
            [(row["id"], a, row["date"]) for a in _present(row)])

    def add_pairs(self, pairs: list[tuple[str, str]], day: str) -> None:
        self.conn.executemany(
            "INSERT INTO pair_evidence (a, b, count, first_seen, last_seen) VALUES (?, ?, 1, ?, ?) "
            "ON CONFLICT (a, b) DO UPDATE SET count = count + 1, "
            "first_seen = min(first_seen, excluded.first_seen), "
            "last_seen = max(last_seen, excluded.last_seen)",
            [(a, b, day, day) for a, b in pairs])

    def insert_encounters(self, rows: list[dict[str, Any]]) -> None:
        self.conn.executemany(
            "INSERT INTO encounters (id, type, day, forum, data) VALUES (?, ?, ?, ?, ?)",
            [(row["id"], row["type"], row["date"], row.get("forum"),
              json.dumps(row, ensure_ascii=False)) for row in rows])
        self.conn.executemany(
            "INSERT INTO encounter_actors (encounter_id, actor_id, day) VALUES (?, ?, ?)",
            [(row["id"], a, row["date"]) for row in rows for a in _present(row)])

    def add_pair_counts(self, rows: list[tuple[str, str, int, str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO pair_evidence (a, b, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (a, b) DO UPDATE SET count = count + excluded.count, "
            "first_seen = min(first_seen, excluded.first_seen), "
            "last_seen = max(last_seen, excluded.last_seen)", rows)

    def encounters_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, data FROM encounters WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),)).fetchall()
        return {r[0]: json.loads(r[1]) for r in rows}

    def encounters(self, *, type: str | None, actor: str | None, forum: str | None,  # noqa: A002
                   since: str | None, until: str | None, offset: int,
                   limit: int) -> tuple[list[dict[str, Any]], int]:
        where, params = [], []
        if actor is not None:
            where.append("id IN (SELECT encounter_id FROM encounter_actors WHERE actor_id = ?)")
            params.append(actor)
        for column, value in (("type", type), ("forum", forum)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            where.append("day >= ?")
            params.append(since)
        if until is not None:
            where.append("day <= ?")
            params.append(until)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        total = self.conn.execute(f"SELECT count(*) FROM encounters {clause}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT data FROM encounters {clause} ORDER BY day DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall()
        return [json.loads(r[0]) for r in rows], int(total)

    def encounter(self, encounter_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM encounters WHERE id = ?",
                                (encounter_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def suggestable(self, count: int, limit: int | None) -> list[dict[str, Any]]:
        # In the order of the index pair_evidence_rank, so that a limit stops the scan early;
        # the tie check is two lookups in the index ties_pair: no tie record is read.
        rows = self.conn.execute(
            "SELECT a, b, count, first_seen, last_seen, dismissed_at FROM pair_evidence AS p "
            "WHERE count >= ? AND (dismissed_at IS NULL OR count > dismissed_at) "
            "AND NOT EXISTS (SELECT 1 FROM ties WHERE source = p.a AND target = p.b) "
            "AND NOT EXISTS (SELECT 1 FROM ties WHERE source = p.b AND target = p.a) "
            "ORDER BY count DESC, last_seen DESC, a, b LIMIT ?",
            (count, -1 if limit is None else limit)).fetchall()
        return [_pair(r) for r in rows]

    def pairs_of(self, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT p.a, p.b, p.count, p.first_seen, p.last_seen, p.dismissed_at "
            "FROM json_each(?) AS k JOIN pair_evidence AS p "
            "ON p.a = k.value ->> 0 AND p.b = k.value ->> 1", (json.dumps(keys),)).fetchall()
        return [_pair(r) for r in rows]

    def dismiss_pair(self, a: str, b: str) -> int | None:
        row = self.conn.execute(
            "UPDATE pair_evidence SET dismissed_at = count WHERE a = ? AND b = ? RETURNING count",
            (a, b)).fetchone()
        return int(row[0]) if row else None

    def last_contact(self, actor_ids: list[str]) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT k.value, (SELECT max(day) FROM encounter_actors WHERE actor_id = k.value) "
            "FROM json_each(?) AS k", (json.dumps(actor_ids),)).fetchall()
        return {a: d for a, d in rows if d is not None}

    def encounters_of(self, actor_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT data FROM encounters WHERE id IN "
            "(SELECT encounter_id FROM encounter_actors WHERE actor_id = ?) ORDER BY id",
            (actor_id,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def replace_encounters(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.conn.execute("UPDATE encounters SET data = ? WHERE id = ?",
                              (json.dumps(row, ensure_ascii=False), row["id"]))
            self.conn.execute(
                "DELETE FROM encounter_actors WHERE encounter_id = ? AND actor_id NOT IN "
                "(SELECT value FROM json_each(?))", (row["id"], json.dumps(_present(row))))

    def delete_encounters(self, ids: list[str]) -> None:
        self.conn.executemany("DELETE FROM encounters WHERE id = ?", [(i,) for i in ids])

    def delete_pairs_of(self, actor_id: str) -> None:
        self.conn.execute("DELETE FROM pair_evidence WHERE a = ?1 OR b = ?1", (actor_id,))


def _pair(row: tuple[Any, ...]) -> dict[str, Any]:
    a, b, count, first, last, dismissed = row
    return {"a": a, "b": b, "count": int(count), "first_seen": first, "last_seen": last,
            "dismissed_at": dismissed}


class SqliteMemory:
    """What :class:`~graph.store.sqlite.SqliteStore` adds for :class:`~graph.store.meetings.Memory`."""

    def _memory_ops(self, ops: WriteOps) -> SqliteMemoryOps:
        return SqliteMemoryOps(ops.conn)  # type: ignore[attr-defined]

    def _memory_read(self, fn: Callable[[SqliteMemoryOps], T]) -> T:
        with self._reader() as conn:  # type: ignore[attr-defined]
            return fn(SqliteMemoryOps(conn))
