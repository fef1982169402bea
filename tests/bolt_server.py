"""A throwaway ArcadeDB server with the Bolt plugin, standing in for Neo4j in tests.

Runs the Java server shipped inside the ``arcadedb-embedded`` wheel (its own JRE and
jars) as a subprocess on free loopback ports, in a temporary root folder, and stops it
by PID (SIGTERM, then SIGKILL). See tests/BOLT_NOTES.md for what Cypher works there.
Only the standard library is needed here; ``neo4j`` is imported lazily by the
readiness check.
"""

from __future__ import annotations

import atexit
import base64
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_DATABASE = "g"


class BoltServerError(RuntimeError):
    """The server did not start, or an HTTP admin command failed."""


def arcadedb_package_dir() -> Path:
    """Folder of the installed ``arcadedb_embedded`` package (not imported: that starts a JVM)."""
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise BoltServerError(
            "arcadedb_embedded is not installed (pip install arcadedb-embedded)"
        )
    pkg = Path(next(iter(spec.submodule_search_locations)))
    if not (pkg / "jre" / "bin" / "java").exists() or not (pkg / "jars").is_dir():
        raise BoltServerError(f"{pkg} has no jre/bin/java or jars/ folder")
    return pkg


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BoltServer:
    """ArcadeDB server process with Bolt on 127.0.0.1.

    ``BoltServer().start()`` returns once ``RETURN 1`` runs over Bolt on database
    ``g``; ``stop()`` ends the process (also done at interpreter exit) and removes
    the temporary root folder. Usable as a context manager.
    """

    def __init__(
        self,
        password: str = "quartiernetz-test",
        startup_timeout: float = 60.0,
        heap: str = "512m",
        root: str | os.PathLike | None = None,
    ) -> None:
        if len(password) < 8:
            raise ValueError("ArcadeDB needs a root password of 8+ characters")
        self._password = password
        self._startup_timeout = startup_timeout
        self._heap = heap
        self._own_root = root is None
        self.root = Path(root) if root is not None else Path(
            tempfile.mkdtemp(prefix="arcadedb-bolt-")
        )
        self.http_port = 0
        self.bolt_port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = self.root / "server.log"
        self._log_file = None
        self.startup_seconds: float | None = None

    # -- connection details -------------------------------------------------
    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def user(self) -> str:
        return "root"

    @property
    def password(self) -> str:
        return self._password

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self._password)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    # -- lifecycle ------------------------------------------------------------
    def command(self) -> list[str]:
        pkg = arcadedb_package_dir()
        return [
            str(pkg / "jre" / "bin" / "java"),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            f"-Xmx{self._heap}",
            "-cp",
            str(pkg / "jars" / "*"),
            f"-Darcadedb.server.rootPath={self.root}",
            f"-Darcadedb.server.rootPassword={self._password}",
            "-Darcadedb.server.mode=development",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            f"-Darcadedb.server.defaultDatabases={DEFAULT_DATABASE}[root]",
            f"-Darcadedb.bolt.defaultDatabase={DEFAULT_DATABASE}",
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def start(self) -> "BoltServer":
        if self.proc is not None:
            return self
        t0 = time.monotonic()
        self.http_port = _free_port()
        self.bolt_port = _free_port()
        while self.bolt_port == self.http_port:
            self.bolt_port = _free_port()
        self._log_file = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.command(),
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the test runner does not hit it twice
        )
        atexit.register(self.stop)
        try:
            self._wait_ready(t0)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0
        return self

    def _wait_ready(self, t0: float) -> None:
        from neo4j import GraphDatabase  # lazy: only the readiness check needs it

        deadline = t0 + self._startup_timeout
        last_error: BaseException | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BoltServerError(
                    f"ArcadeDB exited with code {self.proc.returncode} during start-up\n"
                    f"--- tail of {self.log_path} ---\n{self.log_tail()}"
                )
            if _port_open(self.bolt_port):
                try:
                    with GraphDatabase.driver(
                        self.uri, auth=self.auth, connection_timeout=2
                    ) as drv:
                        records, _, _ = drv.execute_query(
                            "RETURN 1 AS one", database_=DEFAULT_DATABASE
                        )
                        if records and records[0]["one"] == 1:
                            return
                except Exception as exc:  # port open but database not there yet
                    last_error = exc
            time.sleep(0.1)
        raise BoltServerError(
            f"ArcadeDB Bolt server not ready after {self._startup_timeout:.0f} s "
            f"(bolt port {self.bolt_port}, last error: {last_error!r})\n"
            f"--- tail of {self.log_path} ---\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the server by PID, SIGKILL it after ``timeout`` s; remove the temp root."""
        proc, self.proc = self.proc, None
        if proc is not None:
            atexit.unregister(self.stop)
            if proc.poll() is None:
                try:
                    os.kill(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=timeout)
                except ProcessLookupError:
                    pass
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._own_root and proc is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "BoltServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- HTTP admin ------------------------------------------------------------
    def server_command(self, command: str, timeout: float = 30.0) -> dict:
        """POST ``{"command": ...}`` to /api/v1/server as root; return the JSON answer."""
        req = urllib.request.Request(
            f"{self.http_url}/api/v1/server",
            data=json.dumps({"command": command}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": "Basic "
                + base64.b64encode(f"{self.user}:{self._password}".encode()).decode(),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read().decode() or "{}"
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            raise BoltServerError(f"{command!r} failed: HTTP {exc.code}: {detail}") from None
        return json.loads(body)

    def create_database(self, name: str) -> str:
        """Create an empty database ``name`` (letters, digits, _ only); return the name."""
        _check_name(name)
        self.server_command(f"create database {name}")
        return name

    def drop_database(self, name: str) -> None:
        _check_name(name)
        self.server_command(f"drop database {name}")

    def list_databases(self) -> list[str]:
        req = urllib.request.Request(
            f"{self.http_url}/api/v1/databases",
            headers={
                "Authorization": "Basic "
                + base64.b64encode(f"{self.user}:{self._password}".encode()).decode()
            },
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return list(json.loads(resp.read().decode())["result"])


def _check_name(name: str) -> None:
    if not name or not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"database name must be ASCII letters, digits or _: {name!r}")


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


__doc__ += """

Usage
-----
    from tests.bolt_server import BoltServer        # or import by path
    from neo4j import GraphDatabase

    with BoltServer() as srv:                       # ~1-2 s until RETURN 1 answers
        db = srv.create_database("t_store_1")       # one fresh database per test
        with GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password)) as drv:
            drv.execute_query("CREATE (:Actor {id: 'a1'})", database_=db)
            with drv.session(database=db) as s:
                s.execute_write(lambda tx: tx.run("MATCH (a:Actor) RETURN a").data())
        srv.drop_database(db)

A pytest fixture would typically create one BoltServer per session (scope="session")
and one database per test (uuid-based name such as ``"t_" + uuid4().hex[:12]``).
Always pass the database name (``database_=`` / ``session(database=)``): without it
the server uses its default database "g".
"""
