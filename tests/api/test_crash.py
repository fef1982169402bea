"""Crash tests (SQLite, real processes, ``kill -9``): every acknowledged delete is complete (gone,
logged, its contact person erased from every audit entry and from the database files), every
delete is all or nothing, and an import killed midway stored all or nothing;
``PRAGMA integrity_check`` is ok after each crash.

The figures of a run are logged (``-o log_cli=true --log-cli-level=INFO``) for the README.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from api.auth import hash_token
from graph.errors import NotFoundError
from graph.store.base import ERASED, Audit
from graph.store.sqlite import SqliteStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger(__name__)
TOKEN = "qn_crash-admin-token"
ACTORS = 40
RUNS = 10
CLIENTS = 4


def _contact(i: int) -> str:
    return f"Kontaktperson-{i:03d}-Xqz"  # unique: found in the files only as this actor's


def _cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()", *args],
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, **kwargs)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A network whose actors each have a contact person and an audit history (create and
    update), and an admin account."""
    path = tmp_path_factory.mktemp("crash") / "template.db"
    store = SqliteStore(path)
    store.apply({"areas": [{"id": "hoengg", "name": "Höngg", "level": "quartier"}]})
    actors = [{"id": f"a{i:03d}", "name": f"Verein {i}", "kind": "association", "areas": ["hoengg"],
               "contact": {"name": _contact(i), "email": f"k{i}@example.ch"}} for i in range(ACTORS)]
    ties = [{"source": f"a{i:03d}", "target": f"a{(i + 1) % ACTORS:03d}", "kind": "informs"}
            for i in range(ACTORS)]
    store.apply({"actors": actors, "ties": ties}, audit=Audit("seed", "create"))
    store.apply({"actors": [{**a, "description": "aktiv"} for a in actors]},
                audit=Audit("seed", "update"))
    store.add_account("admin", role="admin", token_hash=hash_token(TOKEN))
    store.close()
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raw(path: Path) -> bytes:
    return b"".join(Path(str(path) + s).read_bytes() for s in ("", "-wal")
                    if Path(str(path) + s).exists())


def _where(path: Path, text: str) -> list[str]:
    """Which file holds ``text`` and what surrounds it (for the failure message)."""
    found = []
    for suffix in ("", "-wal"):
        data = Path(str(path) + suffix).read_bytes() if Path(str(path) + suffix).exists() else b""
        at = data.find(text.encode())
        if at >= 0:
            found.append(f"{path.name}{suffix} at {at} of {len(data)}: {data[max(0, at - 300):at + 60]!r}")
    return found


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _delete_until_killed(base: str, server: subprocess.Popen, kill_after: int) -> set[str]:
    """Concurrent DELETEs of every actor; ``kill -9`` the server once ``kill_after`` were
    acknowledged. The ids answered 204."""
    todo: queue.Queue[str] = queue.Queue()
    for i in range(ACTORS):
        todo.put(f"a{i:03d}")
    acked: set[str] = set()
    lock = threading.Lock()
    enough = threading.Event()

    def client() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"},
                          timeout=10) as http:
            while not todo.empty():
                actor = todo.get()
                try:
                    answer = http.delete(f"/actors/{actor}")
                except httpx.HTTPError:
                    return  # the server is gone
                if answer.status_code == 204:
                    with lock:
                        acked.add(actor)
                        if len(acked) >= kill_after:
                            enough.set()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    enough.wait(30)
    server.send_signal(signal.SIGKILL)
    server.wait(10)
    for t in threads:
        t.join(15)
    with lock:
        return set(acked)


def _wait_for(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120  # generous: a loaded CI machine starts Python slowly
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError("the server did not answer within 120 s")


def _start(template: Path, path: Path) -> tuple[subprocess.Popen, str]:
    shutil.copyfile(template, path)
    port = _free_port()
    server = _cli("--db", str(path), "serve", "--port", str(port),
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}/api/v1"


#: Servers started ahead of their run (starting Python and the app is most of a run's time).
AHEAD = 2


def _check_after_crash(path: Path, acked: set[str], run: int) -> int:
    """Every acknowledged delete complete, every delete all or nothing; how many committed."""
    assert acked, f"run {run}: no delete was acknowledged before the kill"
    assert _integrity(path) == "ok"
    # the files as the crash left them, once reopened (a restart) and checkpointed: no copy of
    # an acknowledged delete's contact person (also none left by a page rebalance: scrub.py)
    with SqliteStore(path) as reopened:
        reopened._checkpoint()
    raw = _raw(path)
    traces = sorted(a for a in acked if _contact(int(a[1:])).encode() in raw)
    assert not traces, (f"run {run}: erased contact still in the files for {traces}: "
                        f"{_where(path, _contact(int(traces[0][1:])))}")
    store = SqliteStore(path)
    try:
        deleted = set()
        for i in range(ACTORS):
            actor = f"a{i:03d}"
            entries = store.audit_log(record_id=actor, limit=10).items
            try:
                store.get_actor(actor)
            except NotFoundError:
                deleted.add(actor)
                # all or nothing: gone means logged and erased, acknowledged or not
                assert [e["action"] for e in entries] == ["delete", "update", "create"], actor
                assert {str(s["contact"]) for e in entries for s in (e["before"], e["after"])
                        if s is not None} == {ERASED}, actor
            else:
                assert [e["action"] for e in entries] == ["update", "create"], actor
        assert acked <= deleted
        ties = {t.id for t in store.list_ties(limit=1000).items}
        assert not [t for t in ties if {t.split(":")[1], t.split(":")[2]} & deleted]
        assert len(ties) == ACTORS - len({f"a{i:03d}" for i in range(ACTORS)} & deleted) * 2 + len(
            [i for i in range(ACTORS)
             if f"a{i:03d}" in deleted and f"a{(i + 1) % ACTORS:03d}" in deleted])
    finally:
        store.close()
    return len(deleted)


def test_kill_9_during_concurrent_deletes_leaves_every_acknowledged_delete_complete(template,
                                                                                   tmp_path):
    started, total_acked, total_deleted = time.perf_counter(), 0, 0
    paths = [tmp_path / f"run{run}.db" for run in range(RUNS)]
    servers = [_start(template, paths[run]) for run in range(min(AHEAD, RUNS))]
    try:
        for run in range(RUNS):
            server, base = servers[run]
            _wait_for(base, server)
            acked = _delete_until_killed(base, server, kill_after=3 + run % 6)
            if run + AHEAD < RUNS:
                servers.append(_start(template, paths[run + AHEAD]))
            total_deleted += _check_after_crash(paths[run], acked, run)
            total_acked += len(acked)
    finally:
        for server, _ in servers:
            if server.poll() is None:
                server.kill()
                server.wait(10)
    log.info("crash deletes: %d kill -9 runs, %d acknowledged deletes (%d committed), %.1f s",
             RUNS, total_acked, total_deleted, time.perf_counter() - started)


def test_kill_9_during_a_cli_import_stores_all_or_nothing(template, tmp_path):
    source = tmp_path / "actors.csv"
    rows = [f"imp-{i},Importierter Verein {i},association,hoengg" for i in range(20_000)]
    source.write_text("id,name,kind,areas\n" + "\n".join(rows) + "\n")
    outcomes = []
    started = time.perf_counter()
    for run, delay in enumerate((0.0, 0.6)):
        path = tmp_path / f"import{run}.db"
        shutil.copyfile(template, path)
        wal = Path(str(path) + "-wal")
        cli = _cli("--db", str(path), "load", str(source), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
        # Kill once the import has begun writing (its WAL grows), a little later each run.
        deadline = time.monotonic() + 60
        while (not wal.exists() or wal.stat().st_size == 0) and cli.poll() is None:
            assert time.monotonic() < deadline, "the import did not start writing"
            time.sleep(0.01)
        time.sleep(delay)
        cli.send_signal(signal.SIGKILL)
        cli.wait(10)
        assert _integrity(path) == "ok"
        store = SqliteStore(path)
        try:
            imported = store.list_actors(q="importierter verein", limit=1).total
            assert imported in (0, 20_000), f"run {run}: {imported} of 20,000 stored"
            assert store.stats()["actors"]["association"] == ACTORS + imported
            outcomes.append(imported)
        finally:
            store.close()
    log.info("crash imports: %d kill -9 runs of a 20,000-actor import, outcomes %s, %.1f s",
             len(outcomes), outcomes, time.perf_counter() - started)
