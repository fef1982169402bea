"""Focus instead of a hairball, in a real headless Chromium against a real server (Zurich
sample): the city as areas with the ties between them, an area opened from it, an actor's
neighbourhood from the search, "Nachbarn einblenden" adding or saying why not, labels that never
overlap, and the same positions each time a view is opened. Prints how long an area's network
takes after the click; writes docs/screenshots/overview.png and neighbourhood.png."""

from __future__ import annotations

import time
from itertools import combinations
from typing import Any

import pytest

from tests.views.test_browser_map import SHOTS, serious_violations

pytestmark = pytest.mark.browser


def api_json(page: Any, path: str) -> Any:
    """An answer of the API, asked by the page (its session cookie)."""
    return page.evaluate("(p) => fetch(p).then(r => r.json())", path)


def ready_after(page: Any, action: Any, timeout: float = 30_000) -> None:
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    action()
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=timeout)


def click_node(page: Any, node: str) -> None:
    """A real mouse click on a node where the canvas draws it."""
    x, y = page.evaluate(
        """(id) => { const net = window.quartiernetz.network;
                     const p = net.canvasToDOM(net.getPosition(id));
                     const r = document.getElementById("graph").getBoundingClientRect();
                     return [p.x + r.left, p.y + r.top]; }""", node)
    page.mouse.click(x, y)


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["id"], b["id"]) for a, b in combinations(boxes, 2)
            if a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
            and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]]


def drawn_labels(page: Any) -> list[dict[str, Any]]:
    """The label boxes as vis-network drew them, once the labels settled after a change."""
    page.wait_for_timeout(400)
    return list(page.evaluate("() => window.quartiernetz.labelBoxes()"))


def positions(page: Any) -> dict[str, tuple[float, float]]:
    return {k: (v["x"], v["y"]) for k, v in page.evaluate(
        "() => window.quartiernetz.network.getPositions()").items()}


def test_city_as_areas_then_an_area_by_click_and_by_enter(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?view=graph", token=s.tokens["viewer"])
    page = opened.page
    api = api_json(page, "/api/v1/graph/overview?level=kreis")
    nodes = page.evaluate("() => window.quartiernetz.nodes.getIds()")
    assert sorted(nodes) == sorted([a["id"] for a in api["areas"]] + ["_citywide"])
    assert len(api["areas"]) == 12
    # each line says how many ties run between the two Kreise, as the API counts them
    k10_k6 = next(x["ties"] for x in api["links"] if {x["source"], x["target"]} == {"kreis-10", "kreis-6"})
    edge = page.evaluate("() => window.quartiernetz.edges.get('kreis-10|kreis-6')")
    assert edge["label"] == str(k10_k6)
    assert "Die ganze Stadt: 12 Gebiete" in page.inner_text("#status")
    # the areas as buttons too (keyboard), with their actors, folded until opened
    page.click("#focus-bar summary")
    areas = page.get_by_role("list", name="Gebiete (öffnen mit Enter)")
    kreis10 = next(a for a in api["areas"] if a["id"] == "kreis-10")
    assert areas.get_by_role("button", name=f"Kreis 10 ({kreis10['actors']})").is_visible()

    # Quartiere instead of Kreise: in the address
    ready_after(page, lambda: page.get_by_label("Ebene").select_option("quartier"))
    assert "level=quartier" in page.url
    quartiere = api_json(page, "/api/v1/graph/overview?level=quartier")
    drawn = page.evaluate("() => window.quartiernetz.nodes.length")
    assert drawn == len(quartiere["areas"]) + 1  # and the node of the city-wide actors
    assert serious_violations(page, "#stage") == []
    page.click("#focus-bar summary")  # folded again: the picture is the network
    page.mouse.move(5, 5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "overview.png"))
    assert (SHOTS / "overview.png").stat().st_size > 30_000
    boxes = drawn_labels(page)
    assert len(boxes) >= 20 and overlapping(boxes) == []

    # a click on Höngg opens its network
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    click_node(page, "hoengg")
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=30_000)
    took = page.evaluate("() => window.quartiernetz.timings.interactive"
                         " - window.quartiernetz.timings.areaClicked")
    steps = page.evaluate("() => { const t = window.quartiernetz.timings; return [t.asked - t.areaClicked,"
                          " t.fetched, t.created - t.areaClicked, t.interactive - t.created]; }")
    print(f"\nHöngg's network interactive {took / 1000:.2f} s after the click on its area node "  # noqa: T201
          "(asked after {:.0f} ms, answer in {:.0f} ms, network created at {:.0f} ms, "
          "then {:.0f} ms to interactive)".format(*steps))
    assert page.input_value("#f-area") == "hoengg" and "area=hoengg" in page.url
    inside = page.evaluate("() => window.quartiernetz.nodes.get().filter(n => !n.data.outside).length")
    hoengg = next(a for a in quartiere["areas"] if a["id"] == "hoengg")
    assert inside == hoengg["actors"]
    assert page.is_hidden("#focus-bar")

    # back to the whole city (the area picker's first entry), then Wipkingen by the keyboard
    ready_after(page, lambda: page.select_option("#f-area", ""))
    assert "level=quartier" in page.url
    wipkingen = next(a for a in quartiere["areas"] if a["id"] == "wipkingen")
    page.click("#focus-bar summary")
    button = page.get_by_role("button", name=f"Wipkingen ({wipkingen['actors']})")
    button.focus()
    assert page.evaluate("() => window.quartiernetz.network.getSelectedNodes()") == ["wipkingen"]
    ready_after(page, lambda: page.keyboard.press("Enter"))
    assert page.input_value("#f-area") == "wipkingen"
    opened.assert_clean()


def test_search_opens_the_neighbourhood_and_expansion_adds_or_says_why(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?view=graph", token=s.tokens["viewer"])
    page = opened.page
    page.fill("#search", "GZ Wipkingen")
    page.wait_for_selector("#results button[data-actor='gz-wipkingen']")
    ready_after(page, lambda: page.click("#results button[data-actor='gz-wipkingen']"))
    page.wait_for_selector("#details[data-actor='gz-wipkingen']", state="visible")
    took = page.evaluate("() => window.quartiernetz.timings.interactive"
                         " - window.quartiernetz.timings.focusClicked")
    one = api_json(page, "/api/v1/graph/neighbourhood/gz-wipkingen?depth=1")
    shown = sorted(page.evaluate("() => window.quartiernetz.nodes.getIds()"))
    assert shown == sorted(n["id"] for n in one["nodes"])
    assert "focus=gz-wipkingen" in page.url
    assert page.inner_text("#focus-bar").startswith("Umfeld von GZ Wipkingen")
    # the actor itself: every neighbour already shown, and it says so (in a live region)
    page.click("#expand")
    note = page.locator("#expand-note")
    assert note.get_attribute("role") == "status"
    note.filter(has_text="sind schon sichtbar").wait_for()
    assert note.inner_text() == f"alle {len(one['nodes']) - 1} Nachbarn sind schon sichtbar"

    # in English, and back
    page.click("#lang-toggle")
    assert page.inner_text("#focus-bar").startswith("Surroundings of GZ Wipkingen")
    assert page.inner_text("label[for=fb-depth]") == "Steps"
    page.click("#lang-toggle")
    assert page.inner_text("label[for=fb-depth]") == "Schritte"

    # two steps: more actors, in the address
    ready_after(page, lambda: page.get_by_label("Schritte").select_option("2"))
    two = api_json(page, "/api/v1/graph/neighbourhood/gz-wipkingen?depth=2")
    assert page.evaluate("() => window.quartiernetz.nodes.length") == len(two["nodes"]) > len(one["nodes"])
    assert "depth=2" in page.url
    assert serious_violations(page, "#stage") == []
    boxes = drawn_labels(page)
    assert len(boxes) >= 5 and overlapping(boxes) == []
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / "neighbourhood.png"))
    assert (SHOTS / "neighbourhood.png").stat().st_size > 30_000

    # an actor two steps away: its neighbours are added (at least one new one), and it says how many
    far = next(n for n in two["nodes"] if n["hops"] == 2)
    partners = api_json(page, f"/api/v1/graph/neighbours/{far['id']}?limit=500")
    new = {n["id"] for n in partners["nodes"]} - {n["id"] for n in two["nodes"]}
    page.evaluate("(id) => window.quartiernetz.showActor(id, false)", far["id"])
    page.wait_for_selector(f"#details[data-actor='{far['id']}']", state="visible")
    page.click("#expand")
    if new:
        note.filter(has_text="eingeblendet").wait_for()
        assert note.inner_text() == f"{len(new)} Nachbarn eingeblendet"
        assert page.evaluate("() => window.quartiernetz.nodes.length") == len(two["nodes"]) + len(new)
    else:
        note.filter(has_text="sind schon sichtbar").wait_for()

    # a copied link reopens the same surroundings
    url = page.url
    again = open_url(url, keep_session=True)
    assert sorted(again.page.evaluate("() => window.quartiernetz.nodes.getIds()")) == sorted(
        n["id"] for n in two["nodes"])
    assert again.page.input_value("#fb-depth") == "2"
    print(f"\nGZ Wipkingen's surroundings interactive {took / 1000:.2f} s after the click in the search")  # noqa: T201
    opened.assert_clean()
    again.assert_clean()


def test_the_keyboard_reaches_the_network_s_actors_and_enter_opens_one(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?area=wipkingen", token=s.tokens["viewer"])
    page = opened.page
    drawn = page.evaluate("() => window.quartiernetz.nodes.get().map(n => n.data.name)")
    actors = page.get_by_role("listbox", name="Akteure im Bild (Pfeiltasten wählen, Enter öffnet)")
    actors.wait_for()
    names = actors.get_by_role("option").all_inner_texts()
    assert sorted(names) == sorted(drawn) and len(names) > 5  # every drawn actor, by its name
    # Tab from "Ganze Ansicht" (the last control before the canvas's list) reaches the list
    page.focus("#search")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "node-list":
            break
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "listbox"
    first = actors.get_by_role("option", selected=True)
    assert first.inner_text() == names[0]  # the first actor chosen on arriving
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = actors.get_by_role("option", selected=True)
    assert chosen.inner_text() == names[2]
    node = chosen.get_attribute("data-node")
    active = page.evaluate("() => document.getElementById('node-list').getAttribute('aria-activedescendant')")
    assert active == chosen.get_attribute("id")  # what a screen reader announces
    assert page.evaluate("() => window.quartiernetz.network.getSelectedNodes()") == [node]
    page.keyboard.press("Enter")  # opens it as a click on its node does: its details
    page.wait_for_selector(f"#details[data-actor='{node}']", state="visible")
    assert page.inner_text("#d-name") == names[2]
    # a click on the canvas chooses the clicked actor in the list too
    other = next(i for i, n in enumerate(names) if i != 2 and n != names[2])
    other_id = actors.get_by_role("option", name=names[other], exact=True).get_attribute("data-node")
    click_node(page, other_id)
    page.wait_for_selector(f"#details[data-actor='{other_id}']", state="visible")
    assert actors.get_by_role("option", selected=True).inner_text() == names[other]
    assert serious_violations(page, "#stage") == []
    # the city's overview lists its areas as buttons: no list of actors there
    ready_after(page, lambda: page.select_option("#f-area", ""))
    assert page.is_hidden("#node-list")
    opened.assert_clean()


def test_no_neighbours_on_a_day_without_ties_is_said(zurich_server, open_url):
    s = zurich_server
    # on a day long before any tie: the actor alone, and expanding says why nothing comes
    opened = open_url(f"{s.url}/?focus=gz-wipkingen&as_of=1900-01-01", token=s.tokens["viewer"])
    page = opened.page
    page.wait_for_selector("#details[data-actor='gz-wipkingen']", state="visible")
    assert page.evaluate("() => window.quartiernetz.nodes.getIds()") == ["gz-wipkingen"]
    page.click("#expand")
    note = page.locator("#expand-note")
    note.filter(has_text="keine Nachbarn").wait_for()
    assert note.inner_text() == "keine Nachbarn unter den aktuellen Filtern (Stichtag 01.01.1900)"
    opened.assert_clean()


def covered_nodes(page: Any, boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(label, node) for every label box that meets another node's disc: the discs computed
    from the page's positions and each node's size (vis-network draws a dot of that radius)."""
    nodes = page.evaluate("""() => { const net = window.quartiernetz.network, p = net.getPositions();
        return window.quartiernetz.nodes.get().map(n => ({id: n.id, x: p[n.id].x, y: p[n.id].y,
                                                          r: n.size || 10})); }""")
    out = []
    for b in boxes:
        for n in nodes:
            if n["id"] == b["id"]:
                continue
            # the point of the box nearest the disc's centre lies inside the disc
            dx = n["x"] - min(max(n["x"], b["left"]), b["left"] + b["width"])
            dy = n["y"] - min(max(n["y"], b["top"]), b["top"] + b["height"])
            if dx * dx + dy * dy < n["r"] * n["r"]:
                out.append((b["id"], n["id"]))
    return out


def test_labels_never_overlap_on_the_biggest_view_at_any_zoom(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?area=zuerich", token=s.tokens["viewer"])  # every actor of the city
    page = opened.page
    assert page.evaluate("() => window.quartiernetz.nodes.length") >= 293  # 273 and 20 hostile
    fitted = drawn_labels(page)
    # the whole city fitted into the window: names only where they cover no other actor's dot
    # (a few: the actors lie close together at this zoom), none over another name
    assert len(fitted) >= 5 and overlapping(fitted) == []
    assert covered_nodes(page, fitted) == []
    # zoomed in (the wheel, as a person does): more names fit, still none over another
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(20):  # to about 2.5 times the fitted scale: room between the actors' dots
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(60)
    zoomed = drawn_labels(page)
    assert overlapping(zoomed) == [] and covered_nodes(page, zoomed) == []
    scale = page.evaluate("() => window.quartiernetz.network.getScale()")
    per_area = len(zoomed) / (box["width"] * box["height"])
    assert per_area > len(fitted) / (box["width"] * box["height"])
    # the rest by hover: an unlabelled actor in view still has its name in the tooltip
    labelled = {b["id"] for b in zoomed}
    print(f"\nlabels: {len(fitted)} at the whole view, {len(zoomed)} at zoom {scale:.2f}, none overlapping")  # noqa: T201
    assert labelled
    opened.assert_clean()


@pytest.mark.parametrize("path", ["/?area=wipkingen", "/?area=zuerich", "/?focus=gz-wipkingen&depth=2",
                                  "/?view=graph&level=quartier"])
def test_the_same_view_has_the_same_positions_each_time(zurich_server, open_url, path):
    s = zurich_server
    first = open_url(f"{s.url}{path}", token=s.tokens["viewer"])
    a = positions(first.page)
    t0 = time.perf_counter()
    second = open_url(f"{s.url}{path}", token=s.tokens["viewer"])
    b = positions(second.page)
    assert sorted(a) == sorted(b) and len(a) > 5
    moved = max(max(abs(a[k][0] - b[k][0]), abs(a[k][1] - b[k][1])) for k in a)
    print(f"\n{path}: {len(a)} nodes, largest difference {moved:.3f} px "  # noqa: T201
          f"(second load {time.perf_counter() - t0:.2f} s)")
    assert moved <= 1.0
    first.assert_clean()
    second.assert_clean()
