"""Locks (SQLite): a write held by another process makes a write answer 503 with Retry-After
within the bounded wait, having written nothing (not later either); reads go on meanwhile; a
write that has the lock is not cut by the query timeout; the command line says once that it
waits, goes on when the lock is free, or gives up with a clear message (exit 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.api.conftest import make_api

ROOT = Path(__file__).resolve().parents[2]
NEW = {"id": "neu-verein", "name": "Neuer Verein", "kind": "association", "areas": ["hoengg"]}

_HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE meta SET value = value WHERE key = 'version'")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")


@contextmanager
def held(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the write lock of the SQLite file (a long write) until the end."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.communicate("\n", timeout=10)  # let go of the lock (and close the pipes)


@pytest.fixture
def api(seeded_sqlite) -> Iterator:
    seeded_sqlite.lock_wait = 1.0
    yield from make_api(seeded_sqlite, seeded=True)


def test_a_write_meeting_a_held_lock_is_503_and_never_stored(api):
    with held(Path(api.store.path)):
        started = time.perf_counter()
        refused = api.call("POST", "/api/v1/actors", json=NEW, who="editor")
        waited = time.perf_counter() - started
        read = time.perf_counter()
        listed = api.call("GET", "/api/v1/actors?limit=5", who="viewer")
        read = time.perf_counter() - read
    assert refused.status_code == 503, refused.text
    assert refused.headers["retry-after"] == "2"
    assert refused.json()["code"] == "store_busy"
    assert "gesperrt" in refused.json()["detail"]
    assert 0.9 < waited < 3.0  # the bounded wait (1 s here), not the old 10 s, not a 500
    assert listed.status_code == 200 and listed.json()["count"] == 4
    assert read < 0.5  # reads are not held up by the write lock
    time.sleep(0.5)  # the lock is free now: nothing written late either
    assert api.call("GET", "/api/v1/actors/neu-verein").status_code == 404
    assert api.store.audit_log(action="create", record_id="neu-verein").total == 0
    assert api.call("POST", "/api/v1/actors", json=NEW, who="editor").status_code == 201


def test_reads_go_on_during_a_long_write_in_this_process(api):
    store = api.store
    started, done = threading.Event(), threading.Event()

    def long_write() -> None:
        with store._transaction() as conn:  # the writer connection, as a long import holds it
            conn.execute("UPDATE meta SET value = value WHERE key = 'version'")
            started.set()
            done.wait(10)

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert started.wait(5)
        times = []
        for path in ("/api/v1/actors", "/api/v1/actors/gz-hoengg", "/api/v1/ties?limit=5"):
            t0 = time.perf_counter()
            assert api.call("GET", path, who="viewer").status_code == 200
            times.append(time.perf_counter() - t0)
        refused = api.call("PATCH", "/api/v1/actors/gz-hoengg", json={"description": "x"})
    finally:
        done.set()
        writer.join()
    assert max(times) < 0.5, times
    assert refused.status_code == 503 and refused.json()["code"] == "store_busy"
    assert api.call("GET", "/api/v1/actors/gz-hoengg").json()["description"] == "Gemeinschaftszentrum"


def test_a_write_is_not_cut_by_the_query_timeout(seeded_sqlite):
    rows = "\n".join(f"verein-{i},Verein {i},association,hoengg" for i in range(3000))
    csv = "id,name,kind,areas\n" + rows + "\n"
    for api in make_api(seeded_sqlite, seeded=True, QUARTIERNETZ_QUERY_TIMEOUT=0.2):
        answer = api.call("POST", "/api/v1/imports", files={"upload": ("actors.csv", csv)})
        assert answer.status_code == 200, answer.text
        assert answer.json()["counts"]["actor"]["created"] == 3000
        took = float(answer.headers["server-timing"].split("dur=")[1])
        assert took > 200  # milliseconds: longer than the 0.2 s timeout, answered all the same
    assert seeded_sqlite.list_actors(q="verein 2999").total == 1


def _cli(path: Path, *args: str, wait: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUARTIERNETZ_CLI_WRITE_WAIT": str(wait)}
    return subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()",
                             "--db", str(path), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_command_line_waits_for_the_lock_says_so_once_and_goes_on(seeded_sqlite, tmp_path):
    source = tmp_path / "actors.csv"
    source.write_text("id,name,kind,areas\nwartend,Wartender Verein,association,hoengg\n")
    path = Path(seeded_sqlite.path)
    with held(path):
        cli = _cli(path, "load", str(source), wait=30)
        assert cli.stderr is not None
        first = cli.stderr.readline()  # said while the lock is still held
        assert cli.poll() is None  # and still waiting
    out, err = cli.communicate(timeout=30)
    assert cli.returncode == 0, err
    assert first == ("Die Datenbank ist durch einen anderen Schreibvorgang gesperrt; warte "
                     "(höchstens 30 s) ...\n")
    assert "warte" not in err  # said once
    assert seeded_sqlite.get_actor("wartend").name == "Wartender Verein"


def test_the_command_line_gives_up_after_its_wait_with_a_clear_message(seeded_sqlite, tmp_path):
    source = tmp_path / "actors.csv"
    source.write_text("id,name,kind,areas\nwartend,Wartender Verein,association,hoengg\n")
    path = Path(seeded_sqlite.path)
    with held(path):
        started = time.perf_counter()
        cli = _cli(path, "load", str(source), wait=1)
        out, err = cli.communicate(timeout=30)
        took = time.perf_counter() - started
    assert cli.returncode == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err  # "waiting", then why it gave up
    assert "gesperrt" in lines[1] and "nichts wurde gespeichert" in lines[1]
    assert took < 15  # starting Python and the CLI takes a few seconds on a busy machine
    assert seeded_sqlite.list_actors(q="wartend").total == 0
