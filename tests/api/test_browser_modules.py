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
#: A module loaded later, with ``import("./name.js")`` (app.js: workspace.js after the map).
DYNAMIC = re.compile(r'\bimport\("\./([\w-]+\.js)"\)')
#: What the map (the start view) is drawn from: app.js and the modules it imports itself.
MAP_PATH = {"app.js", "state.js", "i18n.js", "page.js", "api.js", "map.js"}


def _source(name: str) -> str:
    return (resources.files("api") / "browser" / name).read_text("utf-8")


def _imports(dynamic: bool = True) -> dict[str, set[str]]:
    """Each module reachable from app.js, with the modules it imports (with ``dynamic``, those
    it loads later with ``import()`` too)."""
    graph: dict[str, set[str]] = {}
    todo = ["app.js"]
    while todo:
        name = todo.pop()
        if name not in graph:
            text = _source(name)
            graph[name] = set(IMPORT.findall(text)) | (set(DYNAMIC.findall(text)) if dynamic else set())
            todo.extend(graph[name])
    return graph


def test_every_module_app_js_reaches_is_listed_and_only_those():
    assert set(_imports()) == set(MODULES)
    assert set(MODULES) <= set(STATIC)


def test_the_map_is_drawn_from_five_modules_and_the_page_preloads_only_those(sqlite_api):
    """The start view's critical path: app.js imports only what the map needs; workspace.js (the
    rest) is loaded with import() by app.js alone, and no module of the map's imports another."""
    assert set(_imports(dynamic=False)) == MAP_PATH
    loaded_later = {name: set(DYNAMIC.findall(_source(name))) for name in MODULES}
    assert loaded_later == {name: ({"workspace.js"} if name == "app.js" else set()) for name in MODULES}
    # app.js asks for all of the rest at once (modulepreload links) when it imports workspace.js
    later = re.search(r"var LATER = \[([^\]]*)\]", _source("app.js"))
    assert later and set(re.findall(r'"([\w-]+\.js)"', later.group(1))) == set(MODULES) - MAP_PATH
    page = sqlite_api.call("GET", "/", who=None).text
    preloaded = set(re.findall(r'<link rel="modulepreload" href="/static/([\w-]+\.js)">', page))
    assert preloaded == MAP_PATH - {"app.js"}


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
