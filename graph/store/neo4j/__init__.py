"""The Neo4j store: the same network in a Neo4j 5 database, through the official driver.

Also runs against ArcadeDB's Bolt plugin (the stand-in used in tests), so it keeps to the
portable subset of Cypher (see :mod:`graph.store.neo4j.queries`). Every write goes through
``execute_write`` (never an auto-commit ``run``) in ``UNWIND $rows`` batches of at most 5,000
that ``MERGE`` on our ids, so a transaction the driver retries cannot duplicate anything. Reads
are routed as reads. Records go in and come out as the same JSON-ready dicts as in the SQLite
store: dates and timestamps as ISO strings, lists as lists, missing optional fields as None,
``contact`` as a nested dict (stored as a JSON string: no map-valued properties).

This is the only package that imports ``neo4j``; its exceptions are translated here, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ConstraintError, DriverError, Neo4jError, TransientError

from graph.errors import StoreBusyError, StoreSchemaError, StoreUnavailableError
from graph.model import RECORD_TYPES, ActorKind, TieKind, search_key, search_text
from graph.store.base import Store, WriteOps
from graph.store.neo4j import queries as q

if TYPE_CHECKING:
    from graph.config import Settings

T = TypeVar("T")

#: The schema this code writes; a database with a higher number was made by a newer version.
SCHEMA_VERSION = 1
#: How often a write transaction is run when it fails on a uniqueness constraint.
_CONSTRAINT_RETRIES = 3
#: Rows per ``UNWIND $rows`` statement.
BATCH_SIZE = 5000


def _fields(record: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The keys of a stored record (as the SQLite store keeps them) and which are lists."""
    model = RECORD_TYPES[record]
    keys = [k for k in (*model.model_fields, *model.model_computed_fields) if k != "sector"]
    lists = frozenset(k for k, f in model.model_fields.items() if f.default_factory is list)
    return tuple(sorted(keys)), lists


_FIELDS = {record: _fields(record) for record in RECORD_TYPES}
_GET = {"actor": q.GET_ACTORS, "area": q.GET_AREAS, "topic": q.GET_TOPICS, "tie": q.GET_TIES}
_ALL = {"actor": q.ALL_ACTORS, "area": q.ALL_AREAS, "topic": q.ALL_TOPICS, "tie": q.ALL_TIES}
_WRITE = {"actor": q.WRITE_ACTORS, "area": q.WRITE_AREAS, "topic": q.WRITE_TOPICS}
_DELETE = {"actor": q.DELETE_ACTOR, "area": q.DELETE_AREA, "topic": q.DELETE_TOPIC,
           "tie": q.DELETE_TIE}
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_SCHEMA = (q.CREATE_ACTOR_ID, q.CREATE_AREA_ID, q.CREATE_TOPIC_ID, q.CREATE_META_KEY,
           q.CREATE_ACTOR_SORT, q.CREATE_ACTOR_KIND, *q.CREATE_TIE_ID.values(),
           q.CREATE_ACCOUNT_NAME, q.CREATE_ACCOUNT_TOKEN, q.CREATE_AUDIT_SEQ, q.CREATE_AUDIT_RECORD)
_AUDIT_JSON = ("before", "after", "detail")


class Neo4jStore(Store):
    """The network in a Neo4j database (``database=None``: the server's default one)."""

    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri = uri
        self.database = database
        if uri.split("://", 1)[0] not in _SCHEMES:
            raise StoreUnavailableError(target=uri, detail="the URI must start with one of "
                                        + ", ".join(f"{s}://" for s in _SCHEMES))
        try:
            self._driver = GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=10.0,
                max_transaction_retry_time=15.0)
        except (DriverError, Neo4jError, ValueError) as exc:
            raise StoreUnavailableError(target=uri, detail=_detail(exc)) from exc
        try:
            self.init()
        except BaseException:
            self._driver.close()
            raise

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(settings.neo4j_uri, settings.neo4j_user,
                   settings.neo4j_password.get_secret_value(), database=settings.neo4j_database)

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._driver.close()

    def init(self) -> None:
        """Constraints and indexes (``IF NOT EXISTS``), then the meta node; idempotent."""
        self.ping()
        for statement in _SCHEMA:  # schema changes: each in its own transaction
            self._write(partial(_consume, query=statement))
        row = self._write(lambda tx: tx.run(q.ENSURE_META, schema=SCHEMA_VERSION).single())
        found = row["schema"] if row is not None else None
        if found is None:
            raise StoreSchemaError(path=self._where(), detail="meta node without a schema number")
        if int(found) > SCHEMA_VERSION:
            raise StoreSchemaError("schema_too_new", path=self._where(), found=int(found),
                                   known=SCHEMA_VERSION)

    def ping(self) -> None:
        # An auto-commit read: fails at once instead of being retried like a transaction.
        with self._translated(), self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            session.run(q.PING).consume()

    def wipe(self) -> None:
        """Delete every node and relationship in the database (tests against a real Neo4j)."""
        while self._write(lambda tx: _total(tx, q.WIPE_BATCH, "deleted", batch=BATCH_SIZE)):
            pass

    # -- transactions ------------------------------------------------------------------------
    def _where(self) -> str:
        return f"{self.uri}/{self.database}" if self.database else self.uri

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except TransientError as exc:
            # A lock held by another transaction (or a deadlock), still there when the driver's
            # retries ran out: busy, not gone; nothing of this transaction was committed.
            raise StoreBusyError(seconds=f"{self.lock_wait:g}") from exc
        except (DriverError, Neo4jError) as exc:
            raise StoreUnavailableError(target=self._where(), detail=_detail(exc)) from exc

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated(), self._driver.session(database=self.database) as session:
            for attempt in range(1, _CONSTRAINT_RETRIES + 1):
                try:
                    return session.execute_write(work)
                except ConstraintError:
                    # ArcadeDB: two transactions MERGE-ing the same new id race and one gets a
                    # ConstraintError (Neo4j locks instead). The transaction was rolled back
                    # and MERGE is idempotent, so running it again is safe.
                    if attempt == _CONSTRAINT_RETRIES:
                        raise
            raise AssertionError("unreachable")

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated(), self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    # -- primitives --------------------------------------------------------------------------
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T:
        def work(tx: neo4j.ManagedTransaction) -> T:
            _lock(tx, self._where())
            return fn(_Neo4jOps(tx, self._where()))

        return self._write(work)

    def version(self) -> int:
        return self._read(_version)

    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        return self._read(lambda tx: _fetch(tx, record, ids))

    def _all(self, record: str) -> list[dict[str, Any]]:
        rows = self._read(lambda tx: _rows(tx, record, _ALL[record]))
        rows.sort(key=lambda row: row["id"])
        return rows

    def _query_actors(self, *, kinds, sectors, areas, topics, text, offset, limit):  # type: ignore[no-untyped-def]
        params = {"kinds": kinds or None, "sectors": sectors or None,
                  "areas": None if areas is None else list(areas), "topics": topics or None,
                  "text": text or None}

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], int]:
            total = _total(tx, q.COUNT_ACTORS, "total", **params)
            rows = _rows(tx, "actor", q.QUERY_ACTORS, **params, offset=offset, limit=limit)
            return rows, total

        return self._read(work)

    def _query_ties(self, *, actor, kinds, offset, limit):  # type: ignore[no-untyped-def]
        params: dict[str, Any] = {"kinds": kinds or None}
        if actor:
            params["actor"] = actor
            count, query = q.COUNT_ACTOR_TIES, q.QUERY_ACTOR_TIES
        else:
            count, query = q.COUNT_TIES, q.QUERY_TIES

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], int]:
            total = _total(tx, count, "total", **params)
            rows = _rows(tx, "tie", query, **params, offset=offset, limit=limit)
            return rows, total

        return self._read(work)

    # -- accounts and audit -------------------------------------------------------------------
    def _insert_account(self, row: dict[str, Any], token_hash: str) -> bool:
        props = {**row, "token_hash": token_hash, "areas": list(row.get("areas") or [])}

        def work(tx: neo4j.ManagedTransaction) -> bool:
            _lock(tx, self._where())
            return tx.run(q.INSERT_ACCOUNT, row=props).single() is not None

        return self._write(work)

    def _account_rows(self) -> list[dict[str, Any]]:
        return self._read(lambda tx: [_account(r["row"]) for r in tx.run(q.ALL_ACCOUNTS)])

    def _account_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, Any] | None:
            row = tx.run(q.ACCOUNT_BY_HASH, hash=token_hash).single()
            if row is None:
                return None
            return {**_account(row["row"]), "token_hash": row["token_hash"]}

        return self._read(work)

    def _replace_account(self, row: dict[str, Any]) -> bool:
        props = {k: v for k, v in row.items() if k != "token_hash"}
        props["areas"] = list(props.get("areas") or [])
        return self._write(lambda tx: tx.run(q.REPLACE_ACCOUNT, row=props).single() is not None)

    def _replace_token(self, row: dict[str, Any], token_hash: str) -> bool:
        props = {k: v for k, v in row.items() if k != "token_hash"}
        props["areas"] = list(props.get("areas") or [])
        return self._write(lambda tx: tx.run(q.REPLACE_TOKEN, row=props,
                                             hash=token_hash).single() is not None)

    def _append_audit(self, rows: list[dict[str, Any]]) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            _lock(tx, self._where())
            _append_audit(tx, rows)

        self._write(work)

    def _query_audit(self, filters: dict[str, Any], offset: int,
                     limit: int) -> tuple[list[dict[str, Any]], int]:
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], int]:
            total = _total(tx, q.COUNT_AUDIT, "total", **filters)
            rows = [_audit(r["row"]) for r in tx.run(q.QUERY_AUDIT, filters, offset=offset,
                                                      limit=limit)]
            return rows, total

        return self._read(work)

    def _rewrite_audit(self, record: str, record_id: str,
                       fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        def work(ops: WriteOps) -> int:
            return ops.rewrite_audit(record, record_id, fn)

        return self._run_write(work)


class _Neo4jOps:
    """Reads and writes inside one managed write transaction."""

    def __init__(self, tx: neo4j.ManagedTransaction, where: str) -> None:
        self.tx = tx
        self.where = where
        self.erased = False

    def fetch(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return _fetch(self.tx, record, ids) if ids else {}

    def all_areas(self) -> list[dict[str, Any]]:
        return _rows(self.tx, "area", q.ALL_AREAS)

    def ties_touching(self, actor_ids: list[str]) -> list[dict[str, Any]]:
        return _ties_touching(self.tx, actor_ids, None) if actor_ids else []

    def version(self) -> int:
        return _version(self.tx)

    def append_audit(self, rows: list[dict[str, Any]]) -> None:
        _append_audit(self.tx, rows)

    def delete(self, record: str, record_id: str) -> bool:
        params = {"id": record_id}
        if record == "tie":
            source = _tie_source(record_id)
            if source is None:
                return False
            params["source"] = source
        return bool(self.tx.run(_DELETE[record], params).data())

    def rewrite_audit(self, record: str, record_id: str,
                      fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        entries = [_audit(r["row"]) for r in self.tx.run(q.AUDIT_OF_RECORD, record=record,
                                                         record_id=record_id)]
        rows = []
        for entry in entries:
            new = fn(entry)
            rows.append({"seq": entry["seq"], "before": _json(new.get("before")),
                         "after": _json(new.get("after"))})
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
        total = _total(self.tx, q.COUNT_ACTORS, "total", **params)
        rows = _rows(self.tx, "actor", q.QUERY_ACTORS, **params, offset=0, limit=limit)
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
                by_kind.setdefault(TieKind(row["kind"]), []).append(_to_props(record, row))
            for kind, kind_rows in by_kind.items():
                self._unwind(q.WRITE_TIES[kind], kind_rows)
        else:
            self._unwind(_WRITE[record], [_to_props(record, row) for row in rows])

    def _unwind(self, query: str, rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), BATCH_SIZE):
            self.tx.run(query, rows=rows[start:start + BATCH_SIZE]).consume()


# -- helpers shared by reads and the write transaction ------------------------------------

def _consume(tx: neo4j.ManagedTransaction, query: str) -> None:
    tx.run(query).consume()


def _lock(tx: neo4j.ManagedTransaction, where: str) -> None:
    if tx.run(q.LOCK_META).single() is None:
        raise StoreSchemaError(path=where, detail="the meta node is missing; run init")


def _version(tx: neo4j.ManagedTransaction) -> int:
    row = tx.run(q.GET_VERSION).single()
    return int(row["version"]) if row is not None else 0


def _fetch(tx: neo4j.ManagedTransaction, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    unique = list(dict.fromkeys(ids))
    if record == "tie":
        keys = [{"id": i, "source": s} for i in unique if (s := _tie_source(i)) is not None]
        params: dict[str, Any] = {"keys": keys}
    else:
        params = {"ids": unique}
    return {row["id"]: row for row in _rows(tx, record, _GET[record], **params)}


def _ties_touching(tx: neo4j.ManagedTransaction, actor_ids: list[str],
                   kinds: list[str] | None) -> list[dict[str, Any]]:
    return _rows(tx, "tie", q.TIES_TOUCHING, ids=list(dict.fromkeys(actor_ids)),
                 kinds=kinds or None)


def _rows(tx: neo4j.ManagedTransaction, record: str, query: str,
          **params: Any) -> list[dict[str, Any]]:
    return [_from_props(record, r["row"]) for r in tx.run(query, params)]


def _total(tx: neo4j.ManagedTransaction, query: str, key: str, **params: Any) -> int:
    """The one number a counting query returns."""
    row = tx.run(query, params).single()
    return int(row[key]) if row is not None else 0


def _tie_source(tie_id: str) -> str | None:
    """The source actor named in a tie id (``kind:source:target``)."""
    parts = tie_id.split(":")
    return parts[1] if len(parts) == 3 else None


def _to_props(record: str, row: dict[str, Any]) -> dict[str, Any]:
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


def _from_props(record: str, props: dict[str, Any]) -> dict[str, Any]:
    """Properties back to the record dict: exactly the record's keys, None where absent."""
    keys, lists = _FIELDS[record]
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


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _append_audit(tx: neo4j.ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    props = [{**{k: v for k, v in r.items() if k != "seq"},
              **{k: _json(r.get(k)) for k in _AUDIT_JSON}} for r in rows]
    for start in range(0, len(props), BATCH_SIZE):
        tx.run(q.APPEND_AUDIT, rows=props[start:start + BATCH_SIZE]).consume()


def _audit(props: dict[str, Any]) -> dict[str, Any]:
    row = {k: props.get(k) for k in ("seq", "at", "user", "action", "record", "record_id")}
    row["seq"] = int(props["seq"])
    for key in _AUDIT_JSON:
        value = props.get(key)
        row[key] = json.loads(value) if isinstance(value, str) else ({} if key == "detail" else None)
    return row


def _account(props: dict[str, Any]) -> dict[str, Any]:
    return {"name": props["name"], "role": props["role"], "areas": list(props.get("areas") or []),
            "read_scoped": bool(props.get("read_scoped")), "created_at": props.get("created_at"),
            "revoked_at": props.get("revoked_at"), "expires_at": props.get("expires_at")}


def _detail(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{code}: {message}" if code else f"{type(exc).__name__}: {message}"
