"""The write operations of one managed Neo4j write transaction (:class:`~graph.store.base.WriteOps`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j

from graph.errors import StoreSchemaError
from graph.model import TieKind
from graph.store.neo4j import queries as q
from graph.store.neo4j.props import (
    BATCH_SIZE,
    append_audit,
    audit_row,
    count_of,
    fetch,
    json_text,
    read_version,
    rows_of,
    tie_source,
    ties_touching,
    to_props,
)

WRITE = {"actor": q.WRITE_ACTORS, "area": q.WRITE_AREAS, "topic": q.WRITE_TOPICS}
DELETE = {"actor": q.DELETE_ACTOR, "area": q.DELETE_AREA, "topic": q.DELETE_TOPIC,
          "tie": q.DELETE_TIE}


class Neo4jOps:
    """Reads and writes inside one managed write transaction."""

    def __init__(self, tx: neo4j.ManagedTransaction, where: str) -> None:
        self.tx = tx
        self.where = where
        self.erased = False

    def fetch(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return fetch(self.tx, record, ids) if ids else {}

    def all_areas(self) -> list[dict[str, Any]]:
        return rows_of(self.tx, "area", q.ALL_AREAS)

    def ties_touching(self, actor_ids: list[str]) -> list[dict[str, Any]]:
        return ties_touching(self.tx, actor_ids, None) if actor_ids else []

    def version(self) -> int:
        return read_version(self.tx)

    def append_audit(self, rows: list[dict[str, Any]]) -> None:
        append_audit(self.tx, rows)

    def delete(self, record: str, record_id: str) -> bool:
        params = {"id": record_id}
        if record == "tie":
            source = tie_source(record_id)
            if source is None:
                return False
            params["source"] = source
        return bool(self.tx.run(DELETE[record], params).data())

    def rewrite_audit(self, record: str, record_id: str,
                      fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        entries = [audit_row(r["row"]) for r in self.tx.run(q.AUDIT_OF_RECORD, record=record,
                                                         record_id=record_id)]
        rows = []
        for entry in entries:
            new = fn(entry)
            rows.append({"seq": entry["seq"], "before": json_text(new.get("before")),
                         "after": json_text(new.get("after"))})
        if rows:
            self.tx.run(q.REWRITE_AUDIT, rows=rows).consume()
        self.erased = True
        return len(rows)

    def forget(self, texts: set[str]) -> None:
        """Nothing to do here: the server's storage is the database's own (see docs/operations.md)."""

    def actors_using(self, record: str, record_id: str, limit: int) -> tuple[list[str], int]:
        params = {"kinds": None, "sectors": None, "text": None,
                  "areas": [record_id] if record == "area" else None,
                  "topics": [record_id] if record == "topic" else None}
        total = count_of(self.tx, q.COUNT_ACTORS, "total", **params)
        rows = rows_of(self.tx, "actor", q.QUERY_ACTORS, **params, offset=0, limit=limit)
        return [r["id"] for r in rows], total

    def bump_version(self) -> int:
        row = self.tx.run(q.BUMP_VERSION).single()
        if row is None:
            raise StoreSchemaError(path=self.where, detail="the meta node is missing; run init")
        return int(row["version"])

    def write(self, record: str, rows: list[dict[str, Any]]) -> None:
        if record == "tie":
            by_kind: dict[TieKind, list[dict[str, Any]]] = {}
            for row in rows:
                by_kind.setdefault(TieKind(row["kind"]), []).append(to_props(record, row))
            for kind, kind_rows in by_kind.items():
                self._unwind(q.WRITE_TIES[kind], kind_rows)
        else:
            self._unwind(WRITE[record], [to_props(record, row) for row in rows])

    def _unwind(self, query: str, rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), BATCH_SIZE):
            self.tx.run(query, rows=rows[start:start + BATCH_SIZE]).consume()

