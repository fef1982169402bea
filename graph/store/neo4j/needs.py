"""Needs (Anliegen) in the Neo4j store: the primitives of :class:`~graph.store.needs.NeedStore`
(statements in :mod:`graph.store.neo4j.queries`, ``(:Need)`` nodes)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import neo4j

from graph.store.neo4j import queries as q
from graph.store.neo4j.props import BATCH_SIZE, count_of
from graph.store.records import WriteOps

T = TypeVar("T")

#: The schema statements of needs (run by Neo4jStore.init with the others).
NEED_SCHEMA = (q.CREATE_NEED_ID, q.CREATE_NEED_STATUS)


def _tx(ops: WriteOps) -> neo4j.ManagedTransaction:
    return ops.tx  # type: ignore[attr-defined,no-any-return]


def _rows(result: Any) -> list[dict[str, Any]]:
    return [json.loads(r["data"]) for r in result]


def _props(row: dict[str, Any]) -> dict[str, Any]:
    named = set(row.get("proposed") or []) | set(row.get("confirmed") or [])
    named |= {a["actor"] for a in row.get("assigned") or []}
    named |= {s["actor"] for s in row.get("history") or [] if s.get("actor")}
    if row.get("raised_by"):
        named.add(row["raised_by"])
    return {"id": row["id"], "status": row["status"], "raised_on": row["raised_on"],
            "areas": list(row["areas"]), "topics": list(row["topics"]),
            "actors": sorted(named), "data": json.dumps(row, ensure_ascii=False, sort_keys=True)}


class Neo4jNeeds:
    """The need primitives over the driver (mixed into Neo4jStore)."""

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:  # Neo4jStore's
        raise NotImplementedError

    def _need_fetch(self, ops: WriteOps, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in _rows(_tx(ops).run(q.GET_NEEDS, ids=ids))}

    def _need_write(self, ops: WriteOps, rows: list[dict[str, Any]]) -> None:
        props = [_props(r) for r in rows]
        for start in range(0, len(props), BATCH_SIZE):
            _tx(ops).run(q.WRITE_NEEDS, rows=props[start:start + BATCH_SIZE]).consume()

    def _needs_naming(self, ops: WriteOps, actor_id: str) -> list[dict[str, Any]]:
        return _rows(_tx(ops).run(q.NEEDS_NAMING, actor=actor_id))

    def _need_get(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return self._read(lambda tx: {r["id"]: r for r in _rows(tx.run(q.GET_NEEDS, ids=ids))})

    def _need_all(self) -> list[dict[str, Any]]:
        return self._read(lambda tx: _rows(tx.run(q.ALL_NEEDS)))

    def _need_query(self, *, statuses: list[str] | None, areas: list[str] | None,
                    topics: list[str] | None, raised_before: str | None, offset: int,
                    limit: int) -> tuple[list[dict[str, Any]], int]:
        params = {"statuses": statuses, "areas": areas, "topics": topics or None,
                  "before": raised_before}

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], int]:
            total = count_of(tx, q.COUNT_NEEDS, "total", **params)
            return _rows(tx.run(q.QUERY_NEEDS, params, offset=offset, limit=limit)), total

        return self._read(work)
