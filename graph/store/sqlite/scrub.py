"""After an erasure, no copy of the erased personal data stays in the SQLite files.

``secure_delete`` zeroes a row's bytes when SQLite deletes it, and the truncating checkpoint
removes the WAL; both are set by the store. But when SQLite rebalances a b-tree page (an insert
or update that moves rows between pages) it rebuilds the page without zeroing the gap between
its cell pointers and its cells: a copy of a row that moved can stay there, unreferenced, and
``secure_delete`` never sees it when the row itself is deleted later. In the crash test such a
copy was left in about one run in eight; in a 40-actor test network one contact person in 40 had
one. So after the checkpoint the database file is searched for the erased texts; when one is
still there and no stored record holds it, ``VACUUM`` rewrites the whole file from the stored
rows (the gap copies are not rows, so they are not copied) and the search index is rebuilt
(``VACUUM`` may renumber the rowids it indexes).
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import sqlite3
import time
from typing import Protocol

log = logging.getLogger("quartiernetz.store")

#: Tries of ``wal_checkpoint(TRUNCATE)`` (each waits up to :data:`CHECKPOINT_WAIT_MS` for readers).
CHECKPOINT_TRIES = 5
CHECKPOINT_WAIT_MS = 2000
#: Texts shorter than this are not searched for (too common to tell a copy from other data).
MIN_TEXT = 3


class _Store(Protocol):
    path: str

    def _alone(self):  # type: ignore[no-untyped-def]  # a context manager giving the write connection
        ...


def truncate_wal(conn: sqlite3.Connection) -> bool:
    """Checkpoint the WAL into the database file and truncate it; whether that completed."""
    restore = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        for _ in range(CHECKPOINT_TRIES):
            if not conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                return True
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {restore}")


def rewrite(conn: sqlite3.Connection) -> bool:
    """``VACUUM``: the database file written anew from the stored rows (no free pages, no
    leftovers in them), the search index rebuilt, the WAL truncated; whether the WAL was."""
    conn.execute("VACUUM")
    conn.execute("INSERT INTO actors_search (actors_search) VALUES ('rebuild')")
    return truncate_wal(conn)


def needle(text: str) -> bytes:
    """``text`` as the store writes it inside a JSON column (UTF-8, JSON escapes).

    >>> needle('Anna "Nani" Müller')
    b'Anna \\\\"Nani\\\\" M\\xc3\\xbcller'
    """
    return json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")


def found_in(path: str, texts: set[str]) -> set[str]:
    """Which of ``texts`` occur in the file at ``path``."""
    wanted = {t for t in texts if len(t) >= MIN_TEXT}
    if not wanted or not os.path.exists(path) or os.path.getsize(path) == 0:
        return set()
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return {t for t in wanted if data.find(needle(t)) >= 0}


def _stored(conn: sqlite3.Connection, text: str) -> bool:
    """Whether a stored record holds ``text`` (another actor's contact, say): then its bytes
    in the file are that record's, not a stale copy."""
    probe = needle(text).decode("utf-8")
    return conn.execute(
        "SELECT EXISTS (SELECT 1 FROM actors WHERE instr(data, ?1)) "
        "OR EXISTS (SELECT 1 FROM audit WHERE instr(data, ?1))", (probe,)).fetchone()[0] == 1


def scrub(store: _Store, texts: set[str]) -> None:
    """Make sure none of the erased ``texts`` is left in the database file (see the module)."""
    if not texts or store.path == ":memory:":
        return
    # searched without holding anything: no write can bring an erased text back
    found = found_in(store.path, texts)
    if not found:
        return
    with store._alone() as conn:
        left = {t for t in found if not _stored(conn, t)}
        if not left:
            return
        started = time.perf_counter()
        rewrite(conn)
        still = found_in(store.path, left) | found_in(store.path + "-wal", left)
    log.info("erased text left by a page rebalance removed from %s by VACUUM (%.2f s)",
             store.path, time.perf_counter() - started)
    if still:
        log.warning("%d erased texts are still in %s after VACUUM", len(still), store.path)
