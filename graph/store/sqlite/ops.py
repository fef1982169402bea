"""The write operations of one open SQLite transaction (:class:`~graph.store.base.WriteOps`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from graph.model import ActorKind, search_key, search_text
from graph.store.audit import personal_text
from graph.store.base import Store
from graph.store.sqlite.rows import (
    all_rows,
    append_audit,
    dumps,
    get_rows,
    read_version,
    ties_touching,
)
from graph.store.sqlite.schema import BULK_SEARCH_ROWS, SEARCH_TRIGGERS, TABLE


class SqliteOps:
    """Reads and writes inside one open SQLite transaction."""

    def __init__(self, store: Store, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.bulk_search = False  # search triggers dropped in this transaction, index stale
        self.erased = False  # personal data was erased: checkpoint the WAL after the commit
        self.forgotten: set[str] = set()  # its texts: no stale copy may stay in the files

    def _bulk_search(self, rows: int) -> None:
        """Index a large batch once at the end instead of row by row (same transaction, so a
        failed batch leaves the triggers and the index as they were)."""
        if self.bulk_search or rows < BULK_SEARCH_ROWS:
            return
        stored = self.conn.execute("SELECT count(*) FROM actors").fetchone()[0]
        if stored < 4 * rows:
            self.conn.execute("DROP TRIGGER actors_search_insert")
            self.conn.execute("DROP TRIGGER actors_search_update")
            self.bulk_search = True

    def finish(self) -> None:
        """Before COMMIT: rebuild the search index and restore its triggers after a bulk batch."""
        if self.bulk_search:
            self.conn.execute("INSERT INTO actors_search (actors_search) VALUES ('rebuild')")
            for trigger in SEARCH_TRIGGERS:
                self.conn.execute(trigger)
            self.bulk_search = False

    def fetch(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return get_rows(self.conn, record, ids)

    def all_areas(self) -> list[dict[str, Any]]:
        return all_rows(self.conn, "area")

    def ties_touching(self, actor_ids: list[str]) -> list[dict[str, Any]]:
        return ties_touching(self.conn, actor_ids, None)

    def version(self) -> int:
        return read_version(self.conn)

    def delete(self, record: str, record_id: str) -> bool:
        gone = self.conn.execute(f"DELETE FROM {TABLE[record]} WHERE id = ?", (record_id,)).rowcount
        return bool(gone)

    def forget(self, texts: set[str]) -> None:
        self.forgotten |= texts
        self.erased = True

    def rewrite_audit(self, record: str, record_id: str,
                      fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        rows = self.conn.execute("SELECT seq, data FROM audit WHERE record = ? AND record_id = ?",
                                 (record, record_id)).fetchall()
        for seq, data in rows:
            entry = json.loads(data)
            new = fn(entry)
            for side in ("before", "after"):
                self.forgotten |= (personal_text(record, entry.get(side))
                                   - personal_text(record, new.get(side)))
            entry["before"], entry["after"] = new.get("before"), new.get("after")
            self.conn.execute("UPDATE audit SET data = ? WHERE seq = ?", (dumps(entry), seq))
        self.erased = True
        return len(rows)

    def actors_using(self, record: str, record_id: str, limit: int) -> tuple[list[str], int]:
        table, column = ("actor_areas", "area_id") if record == "area" else ("actor_topics", "topic_id")
        total = self.conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                                  (record_id,)).fetchone()[0]
        rows = self.conn.execute(f"SELECT actor_id FROM {table} WHERE {column} = ? "
                                 f"ORDER BY actor_id LIMIT ?", (record_id, limit)).fetchall()
        return [r[0] for r in rows], int(total)

    def append_audit(self, rows: list[dict[str, Any]]) -> None:
        append_audit(self.conn, rows)

    def bump_version(self) -> int:
        return int(self.conn.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'version' RETURNING value").fetchone()[0])

    def write(self, record: str, rows: list[dict[str, Any]]) -> None:
        data = [json.dumps(r, ensure_ascii=False) for r in rows]
        ids = json.dumps([r["id"] for r in rows])
        if record == "actor":
            self._bulk_search(len(rows))
            self.conn.executemany(
                "INSERT INTO actors (id, kind, sector, sort_key, search, data) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, "
                "sector = excluded.sector, sort_key = excluded.sort_key, "
                "search = excluded.search, data = excluded.data",
                [(r["id"], r["kind"], sector_of(r["kind"]), search_key(r["name"]),
                  search_text(r["id"], r["name"], r.get("description"), " ".join(r.get("tags") or [])),
                  d) for r, d in zip(rows, data, strict=True)])
            for table in ("actor_areas", "actor_topics"):
                self.conn.execute(
                    f"DELETE FROM {table} WHERE actor_id IN (SELECT value FROM json_each(?))", (ids,))
            self.conn.executemany("INSERT INTO actor_areas (actor_id, area_id) VALUES (?, ?)",
                                  [(r["id"], a) for r in rows for a in r.get("areas") or []])
            self.conn.executemany("INSERT INTO actor_topics (actor_id, topic_id) VALUES (?, ?)",
                                  [(r["id"], t) for r in rows for t in r.get("topics") or []])
        elif record == "tie":
            self.conn.executemany(
                "INSERT INTO ties (id, source, target, kind, data) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                [(r["id"], r["source"], r["target"], r["kind"], d) for r, d in zip(rows, data, strict=True)])
        elif record == "area":
            self.conn.executemany(
                "INSERT INTO areas (id, parent, data) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET parent = excluded.parent, data = excluded.data",
                [(r["id"], r.get("parent"), d) for r, d in zip(rows, data, strict=True)])
        else:
            self.conn.executemany(
                "INSERT INTO topics (id, data) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                [(r["id"], d) for r, d in zip(rows, data, strict=True)])


def sector_of(kind: str) -> str | None:
    sector = ActorKind(kind).sector
    return sector.value if sector else None

