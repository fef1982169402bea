"""``/docs`` (Swagger UI served by the service itself) in a real headless Chromium against a real
uvicorn server: it renders every operation under the browser's Content-Security-Policy with no
console error and no request to another host, takes the token the graph browser holds for the
tab, and keeps nothing in ``localStorage``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.store.sqlite import SqliteStore
from tests.views.conftest import Served, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory) -> Iterator[Served]:
    store = SqliteStore(tmp_path_factory.mktemp("docs") / "docs.db")
    store.apply({"areas": [{"id": "zuerich", "name": "Zürich", "level": "city"}],
                 "actors": [{"id": "gz", "name": "GZ", "kind": "institution", "areas": ["zuerich"]}]})
    try:
        yield from serve(store)
    finally:
        store.close()


def test_docs_renders_offline_under_the_csp_and_keeps_the_token_out_of_storage(docs_server, open_url):
    s = docs_server
    opened = open_url(f"{s.url}/docs", ready=None, token=s.tokens["viewer"])
    page = opened.page
    page.wait_for_selector(".opblock", timeout=30_000)
    operations = page.locator(".opblock").count()
    assert operations >= 30
    opened.assert_clean()  # no CSP violation (console error), no request leaving the machine
    assert all(u.startswith(s.url) for u in opened.requests), opened.requests
    # the tab's token (from /login) is used for "Try it out", held in memory only
    page.click(".opblock-summary-path[data-path='/api/v1/me']")
    page.click("button.try-out__btn")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/me"), timeout=10_000) as answer:
        page.click("button.execute")
    assert answer.value.status == 200  # sent with the tab's token
    assert answer.value.json()["name"] == "browser-viewer"
    assert page.evaluate("() => window.localStorage.length") == 0
    opened.assert_clean()
