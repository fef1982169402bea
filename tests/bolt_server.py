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
        raise BoltServerError("arcadedb_embedded is not installed (pip install arcadedb-embedded)")
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
        self.root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="arcadedb-bolt-"))
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

    def start(self) -> BoltServer:
        """Start the server; return once Bolt answers ``RETURN 1`` on database ``g``.

        On failure raises BoltServerError with the tail of the server log; the root
        folder (with ``server.log``) is then kept for inspection.
        """
        if self.proc is not None:
            return self
        t0 = time.monotonic()
        for attempt in range(3):  # a free port can be taken by someone else meanwhile
            try:
                self._spawn()
                self._wait_ready(time.monotonic())
                break
            except BaseException as exc:
                log = self.log_tail(200)
                in_use = "Address already in use" in log or "Unable to listen" in log
                self.stop(keep_root=True)
                if not (isinstance(exc, BoltServerError) and in_use and attempt < 2):
                    raise
        self.startup_seconds = time.monotonic() - t0
        return self

    def _spawn(self) -> None:
        self.http_port = _free_port()
        self.bolt_port = _free_port()
        while self.bolt_port == self.http_port:
            self.bolt_port = _free_port()
        self.log_path.write_bytes(b"")  # fresh log for this attempt
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
            fatal = self._fatal_log_line()
            if fatal:  # the JVM may stay alive after a failed start; do not wait for it
                raise BoltServerError(
                    f"ArcadeDB failed to start: {fatal}\n--- tail of {self.log_path} ---\n{self.log_tail()}"
                )
            if _port_open(self.bolt_port):
                try:  # auto-commit run: no driver-side retries that could hang here
                    with (
                        GraphDatabase.driver(
                            self.uri,
                            auth=self.auth,
                            connection_timeout=2,
                            connection_acquisition_timeout=3,
                            max_transaction_retry_time=0,
                        ) as drv,
                        drv.session(database=DEFAULT_DATABASE) as session,
                    ):
                        record = session.run("RETURN 1 AS one").single()
                        if record is not None and record["one"] == 1:
                            return
                except Exception as exc:  # port open but database not there yet
                    last_error = exc
            time.sleep(0.1)
        raise BoltServerError(
            f"ArcadeDB Bolt server not ready after {self._startup_timeout:g} s "
            f"(bolt port {self.bolt_port}, last error: {last_error!r})\n"
            f"--- tail of {self.log_path} ---\n{self.log_tail()}"
        )

    _FATAL_MARKERS = ("Unable to listen", "Address already in use", 'Exception in thread "main"')

    def _fatal_log_line(self) -> str | None:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return None
        for line in text.splitlines():
            if any(marker in line for marker in self._FATAL_MARKERS):
                return line.strip()
        return None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0, keep_root: bool = False) -> None:
        """SIGTERM the server by PID, SIGKILL it after ``timeout`` s; remove the temp root."""
        proc, self.proc = self.proc, None
        if proc is not None:
            atexit.unregister(self.stop)
            if proc.poll() is None:
                _signal(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    _signal(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._own_root and proc is not None and not keep_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> BoltServer:
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


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


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
