"""The memory primitives (:class:`~graph.store.meetings.MemoryOps`) over one Neo4j
transaction, and the mixin that gives :class:`~graph.store.neo4j.Neo4jStore` its
:meth:`_memory_ops` and :meth:`_memory_read`.

An encounter is an ``:Encounter`` node (``id, type, day, forum, actors`` and the record as JSON
in ``data``); the evidence of a pair a ``:PairEvidence`` node keyed ``a|b``. No relationships:
every relationship in the graph is a tie. The statements are in :mod:`~graph.store.neo4j.queries`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import neo4j

from graph.store.neo4j import queries as q
from graph.store.neo4j.props import BATCH_SIZE
from graph.store.records import WriteOps

T = TypeVar("T")

#: The schema statements of the memory (run by :meth:`Neo4jStore.init`).
MEMORY_SCHEMA = (q.CREATE_ENCOUNTER_ID, q.CREATE_ENCOUNTER_DAY, q.CREATE_ENCOUNTER_FORUM,
                 q.CREATE_PAIR_KEY, q.CREATE_PAIR_COUNT)


def _present(row: dict[str, Any]) -> list[str]:
    return list(row["participants"] if row["type"] == "meeting" else row["actors"])


def _props(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "type": row["type"], "day": row["date"], "forum": row.get("forum"),
            "actors": _present(row), "data": json.dumps(row, ensure_ascii=False)}


def _key(a: str, b: str) -> str:
    return f"{a}|{b}"


class Neo4jMemoryOps:
    """The memory primitives on one managed transaction (a read or a write)."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx

    def insert_encounter(self, row: dict[str, Any]) -> None:
        self.tx.run(q.INSERT_ENCOUNTER, row=_props(row)).consume()

    def add_pairs(self, pairs: list[tuple[str, str]], day: str) -> None:
        rows = [{"key": _key(a, b), "a": a, "b": b} for a, b in pairs]
        if rows:
            self.tx.run(q.ADD_PAIRS, pairs=rows, day=day).consume()

    def insert_encounters(self, rows: list[dict[str, Any]]) -> None:
        props = [_props(row) for row in rows]
        for start in range(0, len(props), BATCH_SIZE):
            self.tx.run(q.INSERT_ENCOUNTERS, rows=props[start:start + BATCH_SIZE]).consume()

    def add_pair_counts(self, rows: list[tuple[str, str, int, str, str]]) -> None:
        pairs = [{"key": _key(a, b), "a": a, "b": b, "count": n, "first": first, "last": last}
                 for a, b, n, first, last in rows]
        for start in range(0, len(pairs), BATCH_SIZE):
            self.tx.run(q.ADD_PAIR_COUNTS, pairs=pairs[start:start + BATCH_SIZE]).consume()

    def encounters_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for start in range(0, len(ids), BATCH_SIZE):
            for r in self.tx.run(q.GET_ENCOUNTERS, ids=ids[start:start + BATCH_SIZE]):
                row = json.loads(r["data"])
                found[row["id"]] = row
        return found

    def encounters(self, *, type: str | None, actor: str | None, forum: str | None,  # noqa: A002
                   since: str | None, until: str | None, offset: int,
                   limit: int) -> tuple[list[dict[str, Any]], int]:
        params = {"type": type, "actor": actor, "forum": forum, "since": since, "until": until}
        row = self.tx.run(q.COUNT_ENCOUNTERS, params).single()
        total = int(row["total"]) if row is not None else 0
        rows = [json.loads(r["data"]) for r in self.tx.run(q.QUERY_ENCOUNTERS, params,
                                                          offset=offset, limit=limit)]
        return rows, total

    def encounter(self, encounter_id: str) -> dict[str, Any] | None:
        row = self.tx.run(q.GET_ENCOUNTER, id=encounter_id).single()
        return json.loads(row["data"]) if row is not None else None

    def suggestable(self, count: int, limit: int | None) -> list[dict[str, Any]]:
        rows = [_pair(r) for r in self.tx.run(q.PAIRS_AT_LEAST, count=count)]  # in rank order
        rows = [r for r in rows if r["dismissed_at"] is None or r["count"] > r["dismissed_at"]]
        if not rows:
            return []
        tied = {(r["source"], r["target"]) for r in self.tx.run(q.TIE_ENDS)}
        found = [r for r in rows if (r["a"], r["b"]) not in tied and (r["b"], r["a"]) not in tied]
        return found if limit is None else found[:limit]

    def pairs_of(self, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
        return [_pair(r) for r in self.tx.run(q.PAIRS_OF, keys=[_key(a, b) for a, b in keys])]

    def dismiss_pair(self, a: str, b: str) -> int | None:
        row = self.tx.run(q.DISMISS_PAIR, key=_key(a, b)).single()
        return int(row["count"]) if row is not None else None

    def last_contact(self, actor_ids: list[str]) -> dict[str, str]:
        return {r["id"]: r["day"] for r in self.tx.run(q.LAST_CONTACT, ids=actor_ids)
                if r["day"] is not None}

    def encounters_of(self, actor_id: str) -> list[dict[str, Any]]:
        return [json.loads(r["data"]) for r in self.tx.run(q.ENCOUNTERS_OF_ACTOR, id=actor_id)]

    def replace_encounters(self, rows: list[dict[str, Any]]) -> None:
        props = [{"id": p["id"], "actors": p["actors"], "data": p["data"]}
                 for p in map(_props, rows)]
        self.tx.run(q.REPLACE_ENCOUNTERS, rows=props).consume()

    def delete_encounters(self, ids: list[str]) -> None:
        self.tx.run(q.DELETE_ENCOUNTERS, ids=ids).consume()

    def delete_pairs_of(self, actor_id: str) -> None:
        self.tx.run(q.DELETE_PAIRS_OF, id=actor_id).consume()


def _pair(record: Any) -> dict[str, Any]:
    dismissed = record["dismissed_at"]
    return {"a": record["a"], "b": record["b"], "count": int(record["count"]),
            "first_seen": record["first_seen"], "last_seen": record["last_seen"],
            "dismissed_at": None if dismissed is None else int(dismissed)}


class Neo4jMemory:
    """What :class:`~graph.store.neo4j.Neo4jStore` adds for :class:`~graph.store.meetings.Memory`."""

    def _memory_ops(self, ops: WriteOps) -> Neo4jMemoryOps:
        return Neo4jMemoryOps(ops.tx)  # type: ignore[attr-defined]

    def _memory_read(self, fn: Callable[[Neo4jMemoryOps], T]) -> T:
        return self._read(lambda tx: fn(Neo4jMemoryOps(tx)))  # type: ignore[attr-defined, no-any-return]
