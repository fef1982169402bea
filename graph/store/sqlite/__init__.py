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
from graph.model import ActorKind, search_key, search_text
from graph.store.audit import personal_text
from graph.store.base import Store, WriteOps
from graph.store.sqlite.scrub import rewrite, scrub, truncate_wal

T = TypeVar("T")

log = logging.getLogger("quartiernetz.store")

#: Milliseconds a read waits for a lock (only WAL recovery or a checkpoint can make it wait).
READ_BUSY_MS = 10_000
#: Seconds :meth:`SqliteStore.close` waits for a read still running on a connection.
CLOSE_WAIT = 30.0

_TABLE = {"actor": "actors", "tie": "ties", "area": "areas", "topic": "topics"}

# Each migration takes the schema from version i to i + 1; never edit one that has shipped.
#: The triggers that keep the search index in step row by row. A large batch drops them for its
#: transaction and rebuilds the index once at the end (:class:`_SqliteOps`): at 100,000 actors
#: row-by-row indexing took about 8.5 s, one rebuild 2.5 s.
_SEARCH_TRIGGERS = (
    """CREATE TRIGGER actors_search_insert AFTER INSERT ON actors BEGIN
        INSERT INTO actors_search (rowid, search) VALUES (new.rowid, new.search);
    END;""",
    """CREATE TRIGGER actors_search_update AFTER UPDATE OF search ON actors
        WHEN new.search IS NOT old.search BEGIN
        INSERT INTO actors_search (actors_search, rowid, search)
            VALUES ('delete', old.rowid, old.search);
        INSERT INTO actors_search (rowid, search) VALUES (new.rowid, new.search);
    END;""",
)
#: Bulk indexing for a batch that writes at least this many actors in one write call, when the
#: store holds fewer than four times as many (else the row-by-row triggers are cheaper).
BULK_SEARCH_ROWS = 1000

MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta (key, value) VALUES ('version', 0);
    CREATE TABLE areas (
        id TEXT PRIMARY KEY,
        parent TEXT REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
        data TEXT NOT NULL
    );
    CREATE TABLE topics (id TEXT PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        sector TEXT,
        sort_key TEXT NOT NULL,
        search TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX actors_kind ON actors (kind);
    CREATE INDEX actors_sort ON actors (sort_key, id);
    CREATE TABLE actor_areas (
        actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        area_id TEXT NOT NULL REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (actor_id, area_id)
    ) WITHOUT ROWID;
    CREATE INDEX actor_areas_area ON actor_areas (area_id);
    CREATE TABLE actor_topics (
        actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        topic_id TEXT NOT NULL REFERENCES topics (id) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (actor_id, topic_id)
    ) WITHOUT ROWID;
    CREATE INDEX actor_topics_topic ON actor_topics (topic_id);
    CREATE TABLE ties (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        target TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        kind TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX ties_source ON ties (source);
    CREATE INDEX ties_target ON ties (target);
    CREATE INDEX ties_kind ON ties (kind);
    """,
    # 2: API accounts (token stored as a hash) and the append-only audit log
    """
    CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        record TEXT,
        record_id TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX audit_record ON audit (record, record_id);
    CREATE INDEX audit_account ON audit (account);
    """,
    # 3: a trigram index over the actors' search text, so that free text does not scan every
    # actor (13 ms at 10,000 actors; see _query_actors). It indexes actors.rowid: after a
    # VACUUM (which may renumber rowids) run INSERT INTO actors_search (actors_search)
    # VALUES ('rebuild').
    """
    CREATE VIRTUAL TABLE actors_search USING fts5(
        search, content = 'actors', content_rowid = 'rowid', tokenize = 'trigram'
    );
    CREATE TRIGGER actors_search_delete AFTER DELETE ON actors BEGIN
        INSERT INTO actors_search (actors_search, rowid, search)
            VALUES ('delete', old.rowid, old.search);
    END;
    """ + "\n".join(_SEARCH_TRIGGERS) + """
    INSERT INTO actors_search (actors_search) VALUES ('rebuild');
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class SqliteStore(Store):
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
            if _busy(exc):
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
                    for statement in _statements(MIGRATIONS[number]):
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
                if _busy(exc):
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
                    if not _busy(exc):
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
            ops = _SqliteOps(self, conn)
            result = fn(ops)
            ops.finish()
        if ops.erased and not self._memory:
            self._checkpoint()
            scrub(self, ops.forgotten)
        return result

    def version(self) -> int:
        with self._reader() as conn:
            return _version(conn)

    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        with self._reader() as conn:
            return _get(conn, record, ids)

    def _all(self, record: str) -> list[dict[str, Any]]:
        with self._reader() as conn:
            return _all(conn, record)

    def _query_actors(self, *, kinds, sectors, areas, topics, text, offset, limit):  # type: ignore[no-untyped-def]
        with self._reader() as conn:
            return _query_actors(conn, kinds=kinds, sectors=sectors, areas=areas, topics=topics,
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
                "ON CONFLICT DO NOTHING", (row["name"], token_hash, _dumps(row)))
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

    def _replace_account(self, row: dict[str, Any]) -> bool:
        with self._transaction() as conn:
            cur = conn.execute("UPDATE accounts SET data = ? WHERE name = ?",
                               (_dumps(row), row["name"]))
            return cur.rowcount == 1

    def _replace_token(self, row: dict[str, Any], token_hash: str) -> bool:
        with self._transaction() as conn:
            cur = conn.execute("UPDATE accounts SET data = ?, token_hash = ? WHERE name = ?",
                               (_dumps(row), token_hash, row["name"]))
            return cur.rowcount == 1

    def _append_audit(self, rows: list[dict[str, Any]]) -> None:
        with self._transaction() as conn:
            _append_audit(conn, rows)

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


def _busy(exc: BaseException) -> bool:
    """Whether SQLite said the database is locked (busy) by another connection."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc)


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])


def _get(conn: sqlite3.Connection, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    sql = f"SELECT data FROM {_TABLE[record]} WHERE id IN (SELECT value FROM json_each(?))"
    rows = conn.execute(sql, (json.dumps(ids),)).fetchall()
    return {d["id"]: d for d in (json.loads(r[0]) for r in rows)}


def _all(conn: sqlite3.Connection, record: str) -> list[dict[str, Any]]:
    # One JSON array built by SQLite and decoded in one call: a third faster than one
    # json.loads per row at 50,000 ties (the snapshot's largest cost).
    sql = (f"SELECT '[' || group_concat(data, ',') || ']' "
           f"FROM (SELECT data FROM {_TABLE[record]} ORDER BY id)")
    text = conn.execute(sql).fetchone()[0]
    return json.loads(text) if text else []


def _query_actors(conn, *, kinds, sectors, areas, topics, text, offset, limit):  # type: ignore[no-untyped-def]
    where, params = [], []
    if kinds:
        where.append("kind IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(kinds))
    if sectors:
        where.append("sector IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sectors))
    if areas is not None:
        # IN over the join table, not a correlated EXISTS: 1.8 ms instead of 31 ms for a
        # count over 10,000 actors (measured by the API benchmark).
        where.append("id IN (SELECT actor_id FROM actor_areas "
                     "WHERE area_id IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(areas))
    if topics:
        where.append("id IN (SELECT actor_id FROM actor_topics "
                     "WHERE topic_id IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(topics))
    indexed = text is not None and len(text) >= 3
    if indexed:
        # The trigram index: the actors whose search text holds the query's trigrams one
        # after the other, i.e. holds the query (both are already case- and accent-folded).
        # Shorter queries have no trigram and scan with instr().
        where.append("rowid IN (SELECT rowid FROM actors_search WHERE actors_search MATCH ?)")
        params.append('"' + text.replace('"', '""') + '"')
    elif text:
        where.append("instr(search, ?) > 0")
        params.append(text)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    count = f"SELECT count(*) FROM actors {clause}"
    if indexed and len(where) == 1:  # only the text: count in the trigram index alone
        count = "SELECT count(*) FROM actors_search WHERE actors_search MATCH ?"
    if where and not kinds and not sectors:
        # Every filter is on id or rowid: walk the (sort_key, id) index in order and read
        # whole rows only for the page, instead of sorting every match with its data
        # (0.6 ms instead of 2.4 ms for 50 of 843 actors in a Kreis; 1-6 ms instead of
        # 13 ms for a word in 3,000 of 10,000 actors).
        page = (f"SELECT data FROM actors WHERE rowid IN (SELECT rowid FROM actors INDEXED BY "
                f"actors_sort {clause} ORDER BY sort_key, id LIMIT ? OFFSET ?) "
                f"ORDER BY sort_key, id")
    else:
        page = f"SELECT data FROM actors {clause} ORDER BY sort_key, id LIMIT ? OFFSET ?"
    total = conn.execute(count, params).fetchone()[0]
    rows = (conn.execute(page, [*params, limit, offset]).fetchall()
            if total > offset and limit else [])
    return [json.loads(r[0]) for r in rows], total


def _ties_touching(conn: sqlite3.Connection, actor_ids: list[str],
                   kinds: list[str] | None) -> list[dict[str, Any]]:
    if not actor_ids:
        return []
    ids = json.dumps(actor_ids)
    sql = ("SELECT data FROM ties WHERE (source IN (SELECT value FROM json_each(?)) "
           "OR target IN (SELECT value FROM json_each(?)))")
    params: list[Any] = [ids, ids]
    if kinds:
        sql += " AND kind IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(kinds))
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    return [json.loads(r[0]) for r in rows]


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _append_audit(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO audit (at, account, action, record, record_id, data) VALUES (?, ?, ?, ?, ?, ?)",
        [(r["at"], r["user"], r["action"], r.get("record"), r.get("record_id"),
          _dumps({k: v for k, v in r.items() if k != "seq"})) for r in rows])


class _SqliteOps:
    """Reads and writes inside one open SQLite transaction."""

    def __init__(self, store: SqliteStore, conn: sqlite3.Connection) -> None:
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
            for trigger in _SEARCH_TRIGGERS:
                self.conn.execute(trigger)
            self.bulk_search = False

    def fetch(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return _get(self.conn, record, ids)

    def all_areas(self) -> list[dict[str, Any]]:
        return _all(self.conn, "area")

    def ties_touching(self, actor_ids: list[str]) -> list[dict[str, Any]]:
        return _ties_touching(self.conn, actor_ids, None)

    def version(self) -> int:
        return _version(self.conn)

    def delete(self, record: str, record_id: str) -> bool:
        gone = self.conn.execute(f"DELETE FROM {_TABLE[record]} WHERE id = ?", (record_id,)).rowcount
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
            self.conn.execute("UPDATE audit SET data = ? WHERE seq = ?", (_dumps(entry), seq))
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
        _append_audit(self.conn, rows)

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
                [(r["id"], r["kind"], _sector(r["kind"]), search_key(r["name"]),
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


def _sector(kind: str) -> str | None:
    sector = ActorKind(kind).sector
    return sector.value if sector else None


def _statements(script: str) -> list[str]:
    """The statements of a script (a trigger's body holds ``;`` too: split where one ends)."""
    statements, part = [], ""
    for piece in script.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                statements.append(part.strip())
            part = ""
    return statements
