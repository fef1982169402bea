"""API load benchmark: a synthetic network behind ``quartiernetz serve``, many clients at once.

Generates a synthetic network (``loaders.generate``, 10,000 actors and 50,000 ties by default),
loads it into a fresh SQLite file, creates an admin token, starts the service (uvicorn,
``--workers`` processes, default 2) on a free loopback port, warms every process's caches with
each invitation question, and then runs ``--clients`` concurrent clients for ``--duration``
seconds, ``--runs`` times against the same server.

Client model: a closed loop, by default without think time (``--think S`` makes each client
pause a random time, exponential with mean S seconds, after each answer, as a person or a
polling system would). Each client holds one keep-alive connection
(raw HTTP/1.1 on asyncio streams, uvloop if installed) and sends its next request as soon as the
last one is answered; so at most ``--clients`` requests are in flight, and the latency includes
the time a request waits behind the others (with 50 clients, mean latency = 50 / throughput).
The mix:

- ``read``:   GET /api/v1/actors/{id} (a random actor)
- ``list``:   GET /api/v1/actors?area=<Kreis>&limit=50
- ``search``: GET /api/v1/actors?q=<part of a name>
- ``ego``:    GET /api/v1/analyses/ego/{id}?hops=2 (a random actor)
- ``invite``: POST /api/v1/invite (one of a few topic/area pairs, warm caches)

and prints requests per second and p50/p95/p99 latency per endpoint, the errors (any answer
that is not 2xx, or a failed request), and how much CPU the load generator and the server
processes used (in cores: 1.0 is one core busy for the whole run). Client and server share the
machine (2 cores here), and other jobs on it count too: the load average is printed.

    .venv/bin/python bench/api.py [--actors 10000] [--clients 50] [--duration 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.auth import hash_token, new_token  # noqa: E402
from graph.store.sqlite import SqliteStore  # noqa: E402
from loaders.generate import generate  # noqa: E402
from loaders.load import load_files  # noqa: E402

MIX = {"read": 3, "list": 2, "search": 2, "ego": 2, "invite": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(folder: Path, actors: int, ties: int | None) -> tuple[Path, str, dict]:
    started = time.perf_counter()
    generate(folder / "csv", actors=actors, seed=1, ties=ties)
    db = folder / "bench.db"
    with SqliteStore(db) as store:
        files = sorted((folder / "csv").glob("*.csv"))
        load_files(store, files)
        token = new_token()
        store.add_account("bench", role="admin", token_hash=hash_token(token))
        rows = store.list_actors(limit=1000).items
        ids = [a.id for offset in range(0, actors, 1000)
               for a in store.list_actors(limit=1000, offset=offset).items]
        stats = store.stats()
        kreise = [a.id for a in store.areas() if a.level.value == "kreis"]
        topics = [t.id for t in store.topics()]
    words = sorted({w for a in rows for w in a.name.split() if len(w) > 3})[:200]
    print(f"network: {sum(stats['actors'].values())} actors, {sum(stats['ties'].values())} ties "
          f"(generated and loaded in {time.perf_counter() - started:.1f} s)")
    return db, token, {"ids": ids or [a.id for a in rows], "kreise": kreise, "topics": topics,
                       "words": words or ["verein"]}


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "QUARTIERNETZ_DB": str(db), "QUARTIERNETZ_STORE": "sqlite"}
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    # the server's log goes to a file beside the database (a pipe nobody reads could fill up
    # and stall the server); a run with errors prints its tail
    log = open(db.parent / "server.log", "wb")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log,
                              cwd=Path(__file__).resolve().parents[1])
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
        if server.poll() is not None:
            raise RuntimeError((db.parent / "server.log").read_text("utf-8", "replace")[-4000:])
    server.terminate()
    raise RuntimeError("server did not start within 60 s")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children (uvicorn's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def warm_up(host: str, port: int, token: str, invites: list[dict], connections: int = 8,
                  rounds: int = 20) -> int:
    """Ask every invitation question over ``connections`` fresh connections at once, round
    after round, until a whole round is answered fast: then every server process has its
    snapshot and prepared network (the kernel hands new connections to any of them)."""
    async def one() -> float:
        connection = Connection(host, port, token)
        started = time.perf_counter()
        try:
            for body in invites:
                status = await connection.request("POST", "/api/v1/invite", body)
                if status != 200:
                    raise RuntimeError(f"warm-up invitation answered {status}")
        finally:
            connection.close()
        return time.perf_counter() - started

    for done in range(1, rounds + 1):
        slowest = max(await asyncio.gather(*(one() for _ in range(connections))))
        if slowest < 0.25 and done >= 3:
            return done
    return rounds


def request_for(kind: str, data: dict, rng: random.Random,
                invites: list[dict]) -> tuple[str, str, dict | None]:
    if kind == "read":
        return "GET", f"/api/v1/actors/{rng.choice(data['ids'])}", None
    if kind == "list":
        return "GET", f"/api/v1/actors?area={rng.choice(data['kreise'])}&limit=50", None
    if kind == "search":
        return "GET", f"/api/v1/actors?q={quote(rng.choice(data['words'])[:6])}&limit=20", None
    if kind == "ego":
        return "GET", f"/api/v1/analyses/ego/{rng.choice(data['ids'])}?hops=2", None
    return "POST", "/api/v1/invite", rng.choice(invites)


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator must cost
    far less than the server it measures (httpx spends about 6 ms of CPU per request here, the
    service itself about 3 ms for a read)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = time.perf_counter()

    #: uvicorn closes a keep-alive connection idle for 5 s; like a browser's connection pool,
    #: a connection idle nearly that long is not reused (else the server may close it just as
    #: the request goes out, which no client would count against the server)
    IDLE = 4.0

    async def request(self, method: str, path: str, body: dict | None = None) -> int:
        if self.writer is not None and time.perf_counter() - self.used > self.IDLE:
            self.close()
            self.writer = None
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = json.dumps(body).encode() if body is not None else b""
        extra = (f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
                 if body is not None else "")
        self.writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{extra}\r\n".encode() + payload)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        self.used = time.perf_counter()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def run_load(host: str, port: int, token: str, data: dict, clients: int, duration: float,
                   invites: list[dict], seed: int = 0, think: float = 0.0,
                   only: tuple[str, ...] = tuple(MIX)
                   ) -> tuple[dict[str, list[float]], dict[str, int], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    kinds = [k for k, n in MIX.items() for _ in range(n) if k in only]
    stop = time.perf_counter() + duration

    async def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = Connection(host, port, token)
        try:
            while time.perf_counter() < stop:
                kind = rng.choice(kinds)
                method, path, body = request_for(kind, data, rng, invites)
                started = time.perf_counter()
                try:
                    status = await connection.request(method, path, body)
                    ok = 200 <= status < 300
                    if not ok:
                        why[f"{kind} {method} {path.split('?')[0]} -> {status}"] += 1
                except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
                    ok = False
                    why[f"{kind} {method} {path.split('?')[0]} -> {type(exc).__name__}: {exc}"] += 1
                    connection.close()
                    connection = Connection(host, port, token)
                latencies[kind].append(time.perf_counter() - started)
                if not ok:
                    errors[kind] += 1
                if think > 0:  # a person reading the answer: exponential, mean ``think`` s
                    await asyncio.sleep(rng.expovariate(1 / think))
        finally:
            connection.close()

    why: Counter[str] = Counter()
    started = time.perf_counter()
    await asyncio.gather(*(worker(seed * 1000 + i) for i in range(clients)))
    for text, n in why.most_common(10):
        print(f"error x{n}: {text}")
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(coroutine):  # type: ignore[no-untyped-def]
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def report(run_no: int, args: argparse.Namespace, latencies: dict[str, list[float]],
           errors: dict[str, int], elapsed: float, client_cpu: float, server_cpu: float,
           load: tuple[float, float, float]) -> None:
    total = sum(len(v) for v in latencies.values())
    model = "no think time" if not args.think else f"think time {args.think:g} s"
    print(f"\nrun {run_no}: {args.clients} clients (closed loop, {model}), {args.workers} server "
          f"process(es), {elapsed:.0f} s, {total} requests, {total / elapsed:.0f} requests/s, "
          f"{sum(errors.values())} errors")
    print(f"CPU in cores: load generator {client_cpu / elapsed:.2f}, server {server_cpu / elapsed:.2f} "
          f"(of {os.cpu_count()}); load average before/after {load[0]:.1f} / {os.getloadavg()[0]:.1f}\n")
    print(f"{'endpoint':<8} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'mean ms':>8} {'errors':>7}")
    for kind in MIX:
        values = latencies.get(kind, [])
        ms = [v * 1000 for v in values]
        print(f"{kind:<8} {len(values):>9} {len(values) / elapsed:>7.0f} {percentile(ms, 50):>8.1f} "
              f"{percentile(ms, 95):>8.1f} {percentile(ms, 99):>8.1f} "
              f"{(statistics.mean(ms) if ms else float('nan')):>8.1f} {errors.get(kind, 0):>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=None, help="default: five per actor")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--runs", type=int, default=1, help="measurements against the same server")
    parser.add_argument("--only", default=",".join(MIX),
                        help="endpoints of the mix to ask (default all: " + ",".join(MIX) + ")")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause in seconds after each answer (default 0: no think time)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quartiernetz-bench-") as tmp:
        db, token, data = prepare(Path(tmp), args.actors, args.ties)
        port = free_port()
        server = start_server(db, port, args.workers)
        try:
            invites = [{"topics": [t], "areas": [k], "seats": 8}
                       for t, k in zip(data["topics"][:4], data["kreise"][:4], strict=False)]
            warm = time.perf_counter()
            rounds = run(warm_up("127.0.0.1", port, token, invites))
            print(f"warm-up (snapshot, prepared network, {len(invites)} invitations, in every server "
                  f"process): {time.perf_counter() - warm:.1f} s, {rounds} rounds")
            for run_no in range(1, args.runs + 1):
                load = os.getloadavg()
                client0, server0 = time.process_time(), process_tree_cpu(server.pid)
                latencies, errors, elapsed = run(run_load(
                    "127.0.0.1", port, token, data, args.clients, args.duration, invites, seed=run_no,
                    think=args.think, only=tuple(args.only.split(","))))
                client_cpu = time.process_time() - client0
                server_cpu = process_tree_cpu(server.pid) - server0
                report(run_no, args, latencies, errors, elapsed, client_cpu, server_cpu, load)
                if errors:
                    tail = (db.parent / "server.log").read_text("utf-8", "replace")[-3000:]
                    print(f"\nserver log (last lines):\n{tail}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
