"""Fixtures for the view tests: the Zurich sample in a real SQLite file, the CLI on it, and a
real headless Chromium (Debian's ``chromium``, driven by Playwright; never ``playwright install``).

A page opened with :func:`open_view` records every request, console message, page error and
dialog; :meth:`Opened.assert_clean` fails on any request to a non-loopback host and on any
console error.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analysis import CACHE
from graph.store.sqlite import SqliteStore
from loaders.sample import load_sample

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="session")
def zurich_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("zurich") / "zh.db"
    store = SqliteStore(path)
    try:
        load_sample(store, "zurich")
    finally:
        store.close()
    return path


@pytest.fixture
def cli(zurich_db, monkeypatch):
    monkeypatch.delenv("QUARTIERNETZ_LANG", raising=False)
    CACHE.clear()
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["--db", str(zurich_db), *args])


def non_loopback(url: str) -> bool:
    """True for a request that leaves the machine (anything but file:, data:, blob:, about:
    and http(s)/ws(s) to a loopback host)."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about", "chrome-error"):
        return False
    return (parts.hostname or "") not in LOOPBACK


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def watch(self) -> None:
        """Record the page's requests, console messages and errors; dismiss (and record) dialogs."""
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        self.page.on("dialog", dialog)

    def assert_clean(self) -> None:
        outside = [u for u in self.requests if non_loopback(u)]
        assert outside == [], f"requests to other hosts: {outside}"
        bad = [text for kind, text in self.console if kind == "error"]
        assert bad == [] and self.errors == [], f"console errors: {bad} {self.errors}"


@pytest.fixture(scope="session")
def chromium(tmp_path_factory) -> Iterator[Any]:
    """One browser context per session, with a fresh profile directory."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 820}, service_workers="block",
            locale="de-CH", timezone_id="Europe/Zurich")  # as a coordinator's browser

        def guard(route: Any) -> None:
            # never let a request leave the machine (it is recorded by the page's listener)
            if non_loopback(route.request.url):
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        yield context
        context.close()


@pytest.fixture
def open_view(chromium) -> Iterator[Any]:
    pages: list[Any] = []

    def open_(path: Path, *, wait_ready: bool = True, timeout: float = 30_000) -> Opened:
        page = chromium.new_page()
        pages.append(page)
        opened = Opened(page)
        opened.watch()
        page.goto(Path(path).resolve().as_uri())
        if wait_ready:
            page.wait_for_selector("html[data-ready='1']", state="attached", timeout=timeout)
        return opened

    yield open_
    for page in pages:
        page.close()


def hover_tooltip(page: Any, index: int) -> str:
    """Move the mouse onto node ``index`` and return the tooltip's text as the page shows it."""
    page.evaluate(
        """(i) => { const net = window.quartiernetz.network;
                    net.moveTo({position: net.getPosition(i), scale: 2, animation: false}); }""", index)
    page.wait_for_timeout(50)
    x, y = page.evaluate(
        """(i) => {
             const net = window.quartiernetz.network;
             const p = net.canvasToDOM(net.getPosition(i));
             const r = document.getElementById("graph").getBoundingClientRect();
             return [p.x + r.left, p.y + r.top];
           }""", index)
    page.mouse.move(x + 30, y + 30)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible' && t.innerText.length > 0; }", timeout=5000)
    text = page.evaluate("() => document.querySelector('div.vis-tooltip').innerText")
    # away again (to the canvas's corner), and empty the tooltip so the next read is fresh
    box = page.evaluate("() => { const r = document.getElementById('graph').getBoundingClientRect();"
                        " return [r.left + 2, r.top + 2]; }")
    page.mouse.move(box[0], box[1], steps=2)
    page.evaluate("() => { const t = document.querySelector('div.vis-tooltip'); t.innerText = '';"
                  " t.style.visibility = 'hidden'; }")
    return str(text)


# -- the graph browser: a real uvicorn server on a loopback port -------------------------------

#: Tokens of the browser test accounts (the store keeps only their hashes).
BROWSER_TOKENS = {"viewer": "qn_browser-viewer-token", "editor": "qn_browser-editor-token"}


@dataclass
class Served:
    """A running API server: its base URL, its store and a token per role."""

    url: str
    store: Any
    tokens: dict[str, str]


def serve(store: Any, tokens: dict[str, str] | None = None) -> Iterator[Served]:
    """Run the app on ``store`` with uvicorn in a background thread on a free loopback port,
    with an account per role in ``tokens`` (role -> token)."""
    import socket
    import threading
    import time

    import uvicorn

    from api.app import create_app
    from api.auth import hash_token
    from graph.config import Settings

    tokens = dict(tokens or BROWSER_TOKENS)
    for role, token in tokens.items():
        store.add_account(f"browser-{role}", role=role, token_hash=hash_token(token))
    app = create_app(Settings(QUARTIERNETZ_QUERY_TIMEOUT=60), store=store,  # type: ignore[call-arg]
                     warm=True)  # as `quartiernetz serve` starts
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on", ws="none"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    # as a server that has been running a while when the first coordinator comes: its start
    # view prepared (create_app(warm=True)), not still computing it while the page loads
    app.state.warmed.wait(60)
    try:
        yield Served(f"http://127.0.0.1:{port}", store, tokens)
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def zurich_server(tmp_path_factory) -> Iterator[Served]:
    """The Zurich sample (plus 20 actors with hostile names in their own area) behind a real
    server, with a viewer and an editor token."""
    from tests.views.data import HOSTILE

    path = tmp_path_factory.mktemp("browser") / "zh.db"
    store = SqliteStore(path)
    load_sample(store, "zurich")
    hostile = [{"id": f"xss-{i:02d}", "name": name, "kind": "association", "areas": ["xss-quartier"],
                "description": HOSTILE[(i + 7) % len(HOSTILE)],
                "website": 'https://example.org/"><img src=x onerror=alert(99)>'}
               for i, name in enumerate(HOSTILE)]
    ties = [{"source": f"xss-{i:02d}", "target": f"xss-{i + 1:02d}", "kind": "cooperates_with", "weight": 3,
             "note": HOSTILE[i]} for i in range(len(HOSTILE) - 1)]
    store.apply({"areas": [{"id": "xss-quartier", "name": "Testquartier <b>fett</b>", "level": "quartier",
                            "parent": "zuerich"}],
                 "actors": hostile, "ties": ties})
    try:
        yield from serve(store)
    finally:
        store.close()


@pytest.fixture
def open_url(chromium) -> Iterator[Any]:
    """Open an http URL in a fresh tab that records requests, console, errors and dialogs (as
    :func:`open_view` does for files); waits for ``html[data-ready]`` unless told not to. With
    ``token`` the tab starts logged in (the token in its sessionStorage, which boot.js exchanges
    for the session cookie). Each tab starts without the cookies of earlier ones unless
    ``keep_session`` (a copied link opened in another tab of the same browser)."""
    pages: list[Any] = []

    def open_(url: str, *, ready: str | None = "1", token: str | None = None,
              timeout: float = 30_000, keep_session: bool = False) -> Opened:
        if not keep_session:  # each test starts signed out (the context's cookies are shared)
            chromium.clear_cookies()
        page = chromium.new_page()
        pages.append(page)
        opened = Opened(page)
        if token:  # as if logged in before, in this tab (the login link has its own test)
            page.add_init_script(f"sessionStorage.setItem('qn-token', {json.dumps(token)})")
        opened.watch()
        page.goto(url)
        if ready:
            page.wait_for_selector(f"html[data-ready='{ready}']", state="attached", timeout=timeout)
        return opened

    yield open_
    for page in pages:
        page.close()
