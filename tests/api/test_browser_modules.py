"""The graph browser's script as ES modules: every module app.js reaches is served from the
service with a JavaScript content type (a browser refuses a module script otherwise), under the
same strict CSP; the imports form no cycle; none is over about 400 lines; no data into innerHTML.
"""

from __future__ import annotations

import re
from graphlib import CycleError, TopologicalSorter
from importlib import resources

from api.routes.browser import CSP, MODULES, STATIC

IMPORT = re.compile(r'^import \{[^}]*\} from "\./([\w-]+\.js)";[ \t]*(?://.*)?$', re.M)


def _source(name: str) -> str:
    return (resources.files("api") / "browser" / name).read_text("utf-8")


def _imports() -> dict[str, set[str]]:
    """Each module reachable from app.js, with the modules it imports."""
    graph: dict[str, set[str]] = {}
    todo = ["app.js"]
    while todo:
        name = todo.pop()
        if name not in graph:
            graph[name] = set(IMPORT.findall(_source(name)))
            todo.extend(graph[name])
    return graph


def test_every_module_app_js_reaches_is_listed_and_only_those():
    assert set(_imports()) == set(MODULES)
    assert set(MODULES) <= set(STATIC)


def test_the_modules_import_no_cycle_and_stay_small():
    graph = _imports()
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as cycle:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"import cycle among the browser modules: {cycle.args[1]}") from None
    assert order[0] == "state.js" and order[-1] == "app.js"
    for name in graph:
        text = _source(name)
        assert len(text.splitlines()) <= 400, name
        # data only ever as text: no HTML parsed from strings anywhere
        assert not re.search(r"\.(inner|outer)HTML\b|insertAdjacentHTML|document\.write", text), name


def test_the_page_loads_app_js_as_a_module_and_each_module_is_served_as_javascript(sqlite_api):
    page = sqlite_api.call("GET", "/", who=None)
    assert page.headers["content-security-policy"] == CSP
    assert '<script type="module" src="/static/app.js"></script>' in page.text
    assert "<script>" not in page.text  # no inline script
    for name in MODULES:
        answer = sqlite_api.call("GET", f"/static/{name}", who=None)
        assert answer.status_code == 200, name
        assert answer.headers["content-type"] == "text/javascript; charset=utf-8", name
        assert answer.headers["x-content-type-options"] == "nosniff", name
        assert answer.text == _source(name)
    assert sqlite_api.call("GET", "/static/main.js", who=None).status_code == 404
