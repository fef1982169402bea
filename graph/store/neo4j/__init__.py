"""The Neo4j store: the same network in a Neo4j 5 database, through the official driver.

Also runs against ArcadeDB's Bolt plugin (the stand-in used in tests), so it keeps to the
portable subset of Cypher (see :mod:`graph.store.neo4j.queries`). Every write goes through
``execute_write`` (never an auto-commit ``run``) in ``UNWIND $rows`` batches of at most 5,000
that ``MERGE`` on our ids, so a transaction the driver retries cannot duplicate anything. Reads
are routed as reads. Records go in and come out as the same JSON-ready dicts as in the SQLite
store: dates and timestamps as ISO strings, lists as lists, missing optional fields as None,
``contact`` as a nested dict (stored as a JSON string: no map-valued properties).

This is the only package that imports ``neo4j``; its exceptions are translated here, once.
The statements are in :mod:`~graph.store.neo4j.queries`, the conversion of records to and from
properties in :mod:`~graph.store.neo4j.props`, the writes of one transaction in
:mod:`~graph.store.neo4j.ops`; this module holds the driver, sessions and transactions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ConstraintError, DriverError, Neo4jError, TransientError

from graph.errors import StoreBusyError, StoreSchemaError, StoreUnavailableError
from graph.store.base import Store, WriteOps
from graph.store.neo4j import queries as q
from graph.store.neo4j.meetings import MEMORY_SCHEMA, Neo4jMemory
from graph.store.neo4j.needs import NEED_SCHEMA, Neo4jNeeds
from graph.store.neo4j.ops import Neo4jOps
from graph.store.neo4j.props import (
    ALL,
    BATCH_SIZE,
    account_row,
    append_audit,
    audit_row,
    consume,
    count_of,
    detail_of,
    fetch,
    lock_meta,
    read_version,
    rows_of,
)
from graph.store.neo4j.surveys import SURVEY_SCHEMA, Neo4jSurveys  # h/survey-store

if TYPE_CHECKING:
    from graph.config import Settings

__all__ = ["BATCH_SIZE", "SCHEMA_VERSION", "Neo4jStore"]

T = TypeVar("T")

#: The schema this code writes; a database with a higher number was made by a newer version.
SCHEMA_VERSION = 1
#: How often a write transaction is run when it fails on a uniqueness constraint.
_CONSTRAINT_RETRIES = 3
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_SCHEMA = (q.CREATE_ACTOR_ID, q.CREATE_AREA_ID, q.CREATE_TOPIC_ID, q.CREATE_META_KEY,
           q.CREATE_ACTOR_SORT, q.CREATE_ACTOR_KIND, *q.CREATE_TIE_ID.values(),
           q.CREATE_ACCOUNT_NAME, q.CREATE_ACCOUNT_TOKEN, q.CREATE_AUDIT_SEQ, q.CREATE_AUDIT_RECORD,
           *NEED_SCHEMA, *MEMORY_SCHEMA,  # NEED_SCHEMA: h/needs; MEMORY_SCHEMA: h/memory
           *SURVEY_SCHEMA)  # h/survey-store


class Neo4jStore(Neo4jNeeds, Neo4jMemory, Neo4jSurveys, Store):  # h/needs, h/memory, h/survey-store
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
            raise StoreUnavailableError(target=uri, detail=detail_of(exc)) from exc
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
            self._write(partial(consume, query=statement))
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
        while self._write(lambda tx: count_of(tx, q.WIPE_BATCH, "deleted", batch=BATCH_SIZE)):
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
            raise StoreUnavailableError(target=self._where(), detail=detail_of(exc)) from exc

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
            lock_meta(tx, self._where())
            return fn(Neo4jOps(tx, self._where()))

        return self._write(work)

    def version(self) -> int:
        return self._read(read_version)

    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        return self._read(lambda tx: fetch(tx, record, ids))

    def _all(self, record: str) -> list[dict[str, Any]]:
        rows = self._read(lambda tx: rows_of(tx, record, ALL[record]))
        rows.sort(key=lambda row: row["id"])
        return rows

    def _query_actors(self, *, kinds, sectors, areas, topics, text, offset, limit):  # type: ignore[no-untyped-def]
        params = {"kinds": kinds or None, "sectors": sectors or None,
                  "areas": None if areas is None else list(areas), "topics": topics or None,
                  "text": text or None}

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], int]:
            total = count_of(tx, q.COUNT_ACTORS, "total", **params)
            rows = rows_of(tx, "actor", q.QUERY_ACTORS, **params, offset=offset, limit=limit)
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
            total = count_of(tx, count, "total", **params)
            rows = rows_of(tx, "tie", query, **params, offset=offset, limit=limit)
            return rows, total

        return self._read(work)

    # -- accounts and audit -------------------------------------------------------------------
    def _insert_account(self, row: dict[str, Any], token_hash: str) -> bool:
        props = {**row, "token_hash": token_hash, "areas": list(row.get("areas") or [])}

        def work(tx: neo4j.ManagedTransaction) -> bool:
            lock_meta(tx, self._where())
            return tx.run(q.INSERT_ACCOUNT, row=props).single() is not None

        return self._write(work)

    def _account_rows(self) -> list[dict[str, Any]]:
        return self._read(lambda tx: [account_row(r["row"]) for r in tx.run(q.ALL_ACCOUNTS)])

    def _account_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, Any] | None:
            row = tx.run(q.ACCOUNT_BY_HASH, hash=token_hash).single()
            if row is None:
                return None
            return {**account_row(row["row"]), "token_hash": row["token_hash"]}

        return self._read(work)

    def _account_by_name(self, name: str) -> dict[str, Any] | None:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, Any] | None:
            row = tx.run(q.ACCOUNT_BY_NAME, name=name).single()
            if row is None:
                return None
            return {**account_row(row["row"]), "token_hash": row["token_hash"]}

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
            lock_meta(tx, self._where())
            append_audit(tx, rows)

        self._write(work)

    def _query_audit(self, filters: dict[str, Any], offset: int,
                     limit: int) -> tuple[list[dict[str, Any]], int]:
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], int]:
            total = count_of(tx, q.COUNT_AUDIT, "total", **filters)
            rows = [audit_row(r["row"]) for r in tx.run(q.QUERY_AUDIT, filters, offset=offset,
                                                      limit=limit)]
            return rows, total

        return self._read(work)

    def _rewrite_audit(self, record: str, record_id: str,
                       fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        def work(ops: WriteOps) -> int:
            return ops.rewrite_audit(record, record_id, fn)

        return self._run_write(work)

