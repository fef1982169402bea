"""Records to and from Neo4j properties, and the reads shared by the store and its write
transaction (each over one managed transaction ``tx``)."""

from __future__ import annotations

import json
from typing import Any

import neo4j

from graph.errors import StoreSchemaError
from graph.model import RECORD_TYPES, ActorKind, search_key, search_text
from graph.store.neo4j import queries as q

#: Rows per ``UNWIND $rows`` statement.
BATCH_SIZE = 5000


def fields_of(record: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The keys of a stored record (as the SQLite store keeps them) and which are lists."""
    model = RECORD_TYPES[record]
    keys = [k for k in (*model.model_fields, *model.model_computed_fields) if k != "sector"]
    lists = frozenset(k for k, f in model.model_fields.items() if f.default_factory is list)
    return tuple(sorted(keys)), lists


FIELDS = {record: fields_of(record) for record in RECORD_TYPES}
GET = {"actor": q.GET_ACTORS, "area": q.GET_AREAS, "topic": q.GET_TOPICS, "tie": q.GET_TIES}
ALL = {"actor": q.ALL_ACTORS, "area": q.ALL_AREAS, "topic": q.ALL_TOPICS, "tie": q.ALL_TIES}
AUDIT_JSON = ("before", "after", "detail")


def consume(tx: neo4j.ManagedTransaction, query: str) -> None:
    tx.run(query).consume()


def lock_meta(tx: neo4j.ManagedTransaction, where: str) -> None:
    if tx.run(q.LOCK_META).single() is None:
        raise StoreSchemaError(path=where, detail="the meta node is missing; run init")


def read_version(tx: neo4j.ManagedTransaction) -> int:
    row = tx.run(q.GET_VERSION).single()
    return int(row["version"]) if row is not None else 0


def fetch(tx: neo4j.ManagedTransaction, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    unique = list(dict.fromkeys(ids))
    if record == "tie":
        keys = [{"id": i, "source": s} for i in unique if (s := tie_source(i)) is not None]
        params: dict[str, Any] = {"keys": keys}
    else:
        params = {"ids": unique}
    return {row["id"]: row for row in rows_of(tx, record, GET[record], **params)}


def ties_touching(tx: neo4j.ManagedTransaction, actor_ids: list[str],
                   kinds: list[str] | None) -> list[dict[str, Any]]:
    return rows_of(tx, "tie", q.TIES_TOUCHING, ids=list(dict.fromkeys(actor_ids)),
                 kinds=kinds or None)


def rows_of(tx: neo4j.ManagedTransaction, record: str, query: str,
          **params: Any) -> list[dict[str, Any]]:
    return [from_props(record, r["row"]) for r in tx.run(query, params)]


def count_of(tx: neo4j.ManagedTransaction, query: str, key: str, **params: Any) -> int:
    """The one number a counting query returns."""
    row = tx.run(query, params).single()
    return int(row[key]) if row is not None else 0


def tie_source(tie_id: str) -> str | None:
    """The source actor named in a tie id (``kind:source:target``)."""
    parts = tie_id.split(":")
    return parts[1] if len(parts) == 3 else None


def to_props(record: str, row: dict[str, Any]) -> dict[str, Any]:
    """A record as node/relationship properties: flat, ``contact`` as JSON, search columns."""
    props = dict(row)
    if record == "actor":
        contact = props.get("contact")
        props["contact"] = (None if contact is None
                            else json.dumps(contact, ensure_ascii=False, sort_keys=True))
        sector = ActorKind(props["kind"]).sector
        props["sector"] = sector.value if sector else None
        props["sort_key"] = search_key(props["name"])
        props["search"] = search_text(props["id"], props["name"], props.get("description"),
                                      " ".join(props.get("tags") or []))
    return props


def from_props(record: str, props: dict[str, Any]) -> dict[str, Any]:
    """Properties back to the record dict: exactly the record's keys, None where absent."""
    keys, lists = FIELDS[record]
    row: dict[str, Any] = {}
    for key in keys:
        value = props.get(key)
        if value is None and key in lists:
            value = []
        elif isinstance(value, list | tuple):
            value = list(value)
        row[key] = value
    if record == "actor" and isinstance(row.get("contact"), str):
        row["contact"] = json.loads(row["contact"])
    return row


def json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def append_audit(tx: neo4j.ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    props = [{**{k: v for k, v in r.items() if k != "seq"},
              **{k: json_text(r.get(k)) for k in AUDIT_JSON}} for r in rows]
    for start in range(0, len(props), BATCH_SIZE):
        tx.run(q.APPEND_AUDIT, rows=props[start:start + BATCH_SIZE]).consume()


def audit_row(props: dict[str, Any]) -> dict[str, Any]:
    row = {k: props.get(k) for k in ("seq", "at", "user", "action", "record", "record_id")}
    row["seq"] = int(props["seq"])
    for key in AUDIT_JSON:
        value = props.get(key)
        row[key] = json.loads(value) if isinstance(value, str) else ({} if key == "detail" else None)
    return row


def account_row(props: dict[str, Any]) -> dict[str, Any]:
    return {"name": props["name"], "role": props["role"], "areas": list(props.get("areas") or []),
            "read_scoped": bool(props.get("read_scoped")), "created_at": props.get("created_at"),
            "revoked_at": props.get("revoked_at"), "expires_at": props.get("expires_at")}


def detail_of(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{code}: {message}" if code else f"{type(exc).__name__}: {message}"
