"""The one node style table (:data:`api.views.style.NODE_STYLE`) is what both pages draw.

In a real headless Chromium: the graph browser's legend swatches and mark icons and the nodes
vis-network holds, and an offline view page's nodes and legend, compared with the Python table.
No script keeps a copy of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from api.views.style import KIND_COLOURS, NODE_STYLE, OTHER_COLOUR
from graph.model import ActorKind
from tests.views.data import page_data

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MARKS = {m["mark"]: m for m in NODE_STYLE["marks"]}


def rgb(hex_colour: str) -> str:
    """A #rrggbb colour as the browser's computed style writes it."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def drawn(flags: int) -> dict[str, Any]:
    """What the table says a view page's node with ``flags`` looks like."""
    mark = next((m for m in NODE_STYLE["marks"] if flags & m["flag"]), None)
    look = mark or NODE_STYLE["plain"]
    return {"shape": look["shape"], "border": look["border"],
            "borderWidth": NODE_STYLE["markedBorderWidth"] if mark else NODE_STYLE["plain"]["borderWidth"]}


def computed(page: Any, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}').trim()")


def test_no_script_holds_a_copy_of_the_table():
    colours = {c.lower() for c in (*KIND_COLOURS.values(), OTHER_COLOUR)}
    colours |= {m["border"].lower() for m in NODE_STYLE["marks"]} | {NODE_STYLE["plain"]["border"].lower()}
    shapes = {m["shape"] for m in NODE_STYLE["marks"]}
    scripts = [*sorted((ROOT / "api" / "browser").glob("*.js")), ROOT / "api" / "views" / "page.js"]
    for script in scripts:
        text = script.read_text("utf-8").lower()
        assert [c for c in colours if c in text] == [], script.name
        assert [s for s in shapes if f'"{s}"' in text] == [], script.name
    css = (ROOT / "api" / "browser" / "app.css").read_text("utf-8")
    assert not re.search(r"\.k-[a-z_]+\s*\{", css)  # no colour rule per kind


@pytest.mark.parametrize(("view", "args"), [
    ("umfeld", ["--ego", "gz-wipkingen", "--hops", "2"]),
    ("runder-tisch", ["--invite", "--topic", "Jugend", "--area", "Kreis 10", "--seats", "8",
                      "--reach-isolated", "2"]),
])
def test_a_view_page_draws_its_nodes_and_legend_from_the_table(cli, open_view, tmp_path, view, args):
    out = tmp_path / f"{view}.html"
    result = cli("view", *args, "--as-of", "2025-06-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text("utf-8"))
    opened = open_view(out)
    page = opened.page
    opened.assert_clean()
    nodes = page.evaluate("""() => window.quartiernetz.nodes.get().map(n => ({
        id: n.id, shape: n.shape, border: n.color.border, background: n.color.background,
        borderWidth: n.borderWidth}))""")
    assert len(nodes) == len(data["nodes"])
    marked = 0
    for shown, row in zip(sorted(nodes, key=lambda n: n["id"]), data["nodes"], strict=True):
        want = drawn(row[5])
        assert {k: shown[k] for k in want} == want, row[0]
        assert shown["background"] in {*KIND_COLOURS.values(), OTHER_COLOUR}
        assert shown["background"] == data["colours"][row[1]]
        marked += want["shape"] != NODE_STYLE["plain"]["shape"]
    assert marked >= 2  # the centre or the seats, and more: the comparison saw marks
    # the legend: swatches in the table's colours, each mark in its table colour
    swatches = page.eval_on_selector_all(
        "#legend .swatch", "es => es.map(e => getComputedStyle(e).backgroundColor)")
    assert sorted(swatches) == sorted({rgb(c) for c in data["colours"]})
    for mark in NODE_STYLE["marks"]:
        selector = f"#legend .mark.m{mark['flag']}"
        if page.locator(selector).count() == 0:
            continue
        prop = {"triangle": "border-bottom-color", "star": "background-color"}.get(mark["shape"],
                                                                                 "border-top-color")
        assert computed(page, selector, prop) == rgb(mark["border"]), mark["mark"]
    shown_marks = {int(c[1:]) for c in page.eval_on_selector_all(
        "#legend .mark", "es => es.map(e => e.className.split(' ')[1])")}
    assert shown_marks & {m["flag"] for m in NODE_STYLE["marks"]}


def test_the_browser_draws_legend_and_marks_from_the_table(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?area=wipkingen&brokers=1&isolates=1", token=s.tokens["viewer"])
    page = opened.page
    page.wait_for_selector("#broker-list li")
    page.wait_for_selector("#legend li[data-mark='isolated']")
    # the model the page loaded is the Python table, unchanged
    assert page.evaluate("() => window.QN_MODEL.style") == NODE_STYLE
    # a swatch per kind, in the table's colour
    for kind in ActorKind:
        colour = computed(page, f"#legend li[data-kind='{kind.value}'] .swatch", "background-color")
        assert colour == rgb(KIND_COLOURS[kind.value]), kind.value
    # the mark icons: the table's shape and colour
    for item, name in (("broker", "broker"), ("isolated", "isolated")):
        mark = MARKS[name]
        selector = f"#legend li[data-mark='{item}'] .mark"
        assert mark["shape"] in page.get_attribute(selector, "class").split()
        prop = "border-bottom-color" if mark["shape"] == "triangle" else "border-top-color"
        assert computed(page, selector, prop) == rgb(mark["border"])
    # a broker as vis-network holds it: the table's shape, border and width, the kind's colour
    first = page.get_attribute("#broker-list li:first-child button", "data-actor")
    node = page.evaluate("""(id) => { const n = window.quartiernetz.nodes.get(id);
        return {shape: n.shape, border: n.color.border, background: n.color.background,
                borderWidth: n.borderWidth, kind: n.data.kind}; }""", first)
    assert node["shape"] == MARKS["broker"]["shape"]
    assert node["border"] == MARKS["broker"]["border"]
    assert node["borderWidth"] == NODE_STYLE["markedBorderWidth"]
    assert node["background"] == KIND_COLOURS[node["kind"]]
    opened.assert_clean()
