"""The embedded store: one SQLite file, nothing else to install.

WAL journal, ``synchronous=FULL``, foreign keys on, ``secure_delete`` on (deleted content is
overwritten, whatever the build's default), a schema version (``PRAGMA user_version``) with
migrations, and every batch in one ``BEGIN IMMEDIATE`` transaction.

Connections: one writer connection per store (writes of this process take turns on it, and wait
at most :attr:`~graph.store.base.Store.lock_wait` seconds for the lock, here or in another
process, before :class:`~graph.errors.StoreBusyError`: nothing written), and one read
connection per thread, so that reads go on while a long write runs (WAL). After a write that
erased personal data, the WAL is checkpointed and truncated (``wal_checkpoint(TRUNCATE)``), so
the erased text is neither in the database file nor in the ``-wal`` file. Each table keeps the full
record as JSON in ``data`` plus the columns that queries filter and sort on; list fields that are
filtered on (an actor's areas and topics) also have join tables with foreign keys.

The schema and its migrations are in :mod:`~graph.store.sqlite.schema`, the SQL of reads and
the audit append in :mod:`~graph.store.sqlite.rows`, the writes of one transaction in
:mod:`~graph.store.sqlite.ops`; this module holds the connections, the write lock and the
transactions.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import StoreBusyError, StoreSchemaError, StoreUnavailableError
from graph.store.base import Store, WriteOps
from graph.store.sqlite.meetings import SqliteMemory
from graph.store.sqlite.needs import SqliteNeeds
from graph.store.sqlite.ops import SqliteOps
from graph.store.sqlite.rows import (
    all_rows,
    append_audit,
    busy,
    dumps,
    get_rows,
    query_actors,
    read_version,
)
from graph.store.sqlite.schema import BULK_SEARCH_ROWS, MIGRATIONS, SCHEMA_VERSION, statements
from graph.store.sqlite.scrub import rewrite, scrub, truncate_wal
from graph.store.sqlite.surveys import SqliteSurveys  # h/survey-store

__all__ = ["BULK_SEARCH_ROWS", "MIGRATIONS", "SCHEMA_VERSION", "SqliteStore"]

T = TypeVar("T")

log = logging.getLogger("quartiernetz.store")

#: Milliseconds a read waits for a lock (only WAL recovery or a checkpoint can make it wait).
READ_BUSY_MS = 10_000
#: Seconds :meth:`SqliteStore.close` waits for a read still running on a connection.
CLOSE_WAIT = 30.0



# SqliteNeeds: h/needs; SqliteMemory: h/memory; SqliteSurveys: h/survey-store
class SqliteStore(SqliteNeeds, SqliteMemory, SqliteSurveys, Store):
    """The network in one SQLite file (``path``; ``":memory:"`` for a throwaway one)."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        self._memory = self.path == ":memory:"
        self._write_lock = threading.RLock()
        self._local = threading.local()
        #: every thread's read connection with the lock it holds while using it, so that
        #: :meth:`close` never closes a connection under a running query (a segfault in
        #: sqlite3: an abandoned query thread can still run when the app shuts down)
        self._readers: list[tuple[sqlite3.Connection, threading.RLock]] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        if not self._memory:
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreUnavailableError(target=self.path, detail=f"folder {parent} does not exist")
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")
            self._conn.execute("PRAGMA secure_delete = ON")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            self._conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            if busy(exc):
                raise StoreBusyError(seconds=f"{READ_BUSY_MS / 1000:g}") from exc
            raise StoreSchemaError(path=self.path, detail=str(exc)) from exc
        self.journal_mode = mode
        self.init()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close every connection, each once no query runs on it (a read still running in a
        thread given up on is waited for, up to :data:`CLOSE_WAIT` seconds, else left open)."""
        with self._readers_lock:
            self._closed = True
            readers, self._readers = self._readers, []
        for conn, in_use in readers:
            if in_use.acquire(timeout=CLOSE_WAIT):
                try:
                    conn.close()
                finally:
                    in_use.release()
        with self._write_lock:
            self._conn.close()

    def init(self) -> None:
        with self._write_lock:
            try:
                found = self._conn.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in self._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.DatabaseError as exc:
                raise StoreSchemaError(path=self.path, detail=str(exc)) from exc
            if found > SCHEMA_VERSION:
                raise StoreSchemaError("schema_too_new", path=self.path, found=found,
                                       known=SCHEMA_VERSION)
            if found == 0 and tables:
                raise StoreSchemaError(path=self.path,
                                       detail=f"has other tables: {', '.join(sorted(tables))}")
            for number in range(found, SCHEMA_VERSION):
                with self._transaction():
                    for statement in statements(MIGRATIONS[number]):
                        self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {number + 1}")

    def ping(self) -> None:
        try:
            with self._reader() as conn:
                conn.execute("SELECT 1").fetchone()
        except sqlite3.Error as exc:
            raise StoreUnavailableError(target=self.path, detail=str(exc)) from exc

    # -- connections -------------------------------------------------------------------------
    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """This thread's read connection (the writer's, under its lock, for ``:memory:``)."""
        if self._memory:
            with self._write_lock:
                yield self._conn
            return
        found = getattr(self._local, "reader", None)
        if found is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")
            conn.execute("PRAGMA query_only = ON")
            found = (conn, threading.RLock())  # re-entrant: a read may call another read
            with self._readers_lock:
                if self._closed:
                    conn.close()
                    raise StoreUnavailableError(target=self.path, detail="the store is closed")
                self._readers.append(found)
            self._local.reader = found
        conn, in_use = found
        with in_use:
            if self._closed:
                raise StoreUnavailableError(target=self.path, detail="the store is closed")
            try:
                yield conn
            except sqlite3.OperationalError as exc:
                if busy(exc):
                    raise StoreBusyError(seconds=f"{READ_BUSY_MS / 1000:g}") from exc
                raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` on the writer connection, waiting at most :attr:`lock_wait`
        seconds in all (for this process's other writes, then for another process's lock)."""
        wait = float(self.lock_wait)
        deadline = time.monotonic() + wait
        told = False

        def waiting() -> None:
            nonlocal told
            if not told and self.on_lock_wait is not None:
                self.on_lock_wait(wait)
            told = True

        if not self._write_lock.acquire(blocking=False):
            waiting()
            if not self._write_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                raise StoreBusyError(seconds=f"{wait:g}")
        try:
            conn = self._conn
            first = True
            while True:
                left = deadline - time.monotonic()
                # The first try waits a moment only, so that a long wait is announced.
                ms = int(max(0.0, min(left, 0.2 if first else 1.0)) * 1000)
                conn.execute(f"PRAGMA busy_timeout = {ms}")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if not busy(exc):
                        raise
                    if deadline - time.monotonic() <= 0:
                        raise StoreBusyError(seconds=f"{wait:g}") from exc
                    waiting()
                    first = False
                finally:
                    conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except BaseException:  # a deferred foreign key fails only here
                    conn.execute("ROLLBACK")
                    raise
        finally:
            self._write_lock.release()

    @contextmanager
    def _alone(self) -> Iterator[sqlite3.Connection]:
        """The write connection with this process's reads held back: each read connection's
        lock is taken, so a read still running finishes first and new ones wait (new read
        connections wait on the list's lock)."""
        with self._write_lock, self._readers_lock:
            held = [in_use for _, in_use in self._readers if in_use.acquire(timeout=CLOSE_WAIT)]
            try:
                yield self._conn
            finally:
                for in_use in held:
                    in_use.release()

    def _checkpoint(self) -> None:
        """Move the WAL into the database file and truncate it (after an erasure).

        A truncating checkpoint completes only when no connection reads the WAL, so this
        process's reads are held back meanwhile (:meth:`_alone`): under concurrent reads it
        otherwise failed now and then, and an acknowledged delete left the erased text on disk
        (seen in the crash test). Readers in other processes can still delay it: then it is
        retried, and a warning says so.
        """
        with self._alone() as conn:
            if truncate_wal(conn):
                return
        log.warning("the WAL of %s could not be truncated after an erasure (another "
                    "process reads it); it will be at the next checkpoint", self.path)

    def compact(self) -> tuple[int, int]:
        """Write the database file anew (``VACUUM``, the search index rebuilt, the WAL
        truncated): no free page and no leftover copy of a deleted row stays. Waits for this
        process's reads; the file's size in bytes before and after."""
        before = os.path.getsize(self.path)
        with self._alone() as conn:
            rewrite(conn)
        return before, os.path.getsize(self.path)

    # -- primitives --------------------------------------------------------------------------
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T:
        with self._transaction() as conn:
            ops = SqliteOps(self, conn)
            result = fn(ops)
            ops.finish()
        if ops.erased and not self._memory:
            self._checkpoint()
            scrub(self, ops.forgotten)
        return result

    def version(self) -> int:
        with self._reader() as conn:
            return read_version(conn)

    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        with self._reader() as conn:
            return get_rows(conn, record, ids)

    def _all(self, record: str) -> list[dict[str, Any]]:
        with self._reader() as conn:
            return all_rows(conn, record)

    def _query_actors(self, *, kinds, sectors, areas, topics, text, offset, limit):  # type: ignore[no-untyped-def]
        with self._reader() as conn:
            return query_actors(conn, kinds=kinds, sectors=sectors, areas=areas, topics=topics,
                                 text=text, offset=offset, limit=limit)

    def _query_ties(self, *, actor, kinds, offset, limit):  # type: ignore[no-untyped-def]
        where, params = [], []
        if actor:
            where.append("(source = ? OR target = ?)")
            params += [actor, actor]
        if kinds:
            where.append("kind IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(kinds))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._reader() as conn:
            total = conn.execute(f"SELECT count(*) FROM ties {clause}", params).fetchone()[0]
            rows = conn.execute(f"SELECT data FROM ties {clause} ORDER BY id LIMIT ? OFFSET ?",
                                [*params, limit, offset]).fetchall()
        return [json.loads(r[0]) for r in rows], total

    # -- accounts and audit -------------------------------------------------------------------
    def _insert_account(self, row: dict[str, Any], token_hash: str) -> bool:
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO accounts (name, token_hash, data) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING", (row["name"], token_hash, dumps(row)))
            return cur.rowcount == 1

    def _account_rows(self) -> list[dict[str, Any]]:
        with self._reader() as conn:
            rows = conn.execute("SELECT data FROM accounts ORDER BY name").fetchall()
        return [json.loads(r[0]) for r in rows]

    def _account_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        with self._reader() as conn:
            row = conn.execute("SELECT data, token_hash FROM accounts WHERE token_hash = ?",
                               (token_hash,)).fetchone()
        return {**json.loads(row[0]), "token_hash": row[1]} if row else None

    def _account_by_name(self, name: str) -> dict[str, Any] | None:
        with self._reader() as conn:
            row = conn.execute("SELECT data, token_hash FROM accounts WHERE name = ?",
                               (name,)).fetchone()
        return {**json.loads(row[0]), "token_hash": row[1]} if row else None

    def _replace_account(self, row: dict[str, Any]) -> bool:
        with self._transaction() as conn:
            cur = conn.execute("UPDATE accounts SET data = ? WHERE name = ?",
                               (dumps(row), row["name"]))
            return cur.rowcount == 1

    def _replace_token(self, row: dict[str, Any], token_hash: str) -> bool:
        with self._transaction() as conn:
            cur = conn.execute("UPDATE accounts SET data = ?, token_hash = ? WHERE name = ?",
                               (dumps(row), token_hash, row["name"]))
            return cur.rowcount == 1

    def _append_audit(self, rows: list[dict[str, Any]]) -> None:
        with self._transaction() as conn:
            append_audit(conn, rows)

    def _query_audit(self, filters: dict[str, Any], offset: int,
                     limit: int) -> tuple[list[dict[str, Any]], int]:
        columns = {"user": "account = ?", "action": "action = ?", "record": "record = ?",
                   "record_id": "record_id = ?", "since": "at >= ?", "until": "at <= ?"}
        where = [columns[k] for k, v in filters.items() if v is not None]
        params: list[Any] = [v for v in filters.values() if v is not None]
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._reader() as conn:
            total = conn.execute(f"SELECT count(*) FROM audit {clause}", params).fetchone()[0]
            rows = conn.execute(
                f"SELECT seq, data FROM audit {clause} ORDER BY seq DESC LIMIT ? OFFSET ?",
                [*params, limit, offset]).fetchall()
        return [{"seq": seq, **json.loads(data)} for seq, data in rows], total

    def _rewrite_audit(self, record: str, record_id: str,
                       fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        def work(ops: WriteOps) -> int:
            return ops.rewrite_audit(record, record_id, fn)

        return self._run_write(work)


