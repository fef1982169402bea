"""The start view: the city's map in a real headless Chromium against a real server (Zurich
sample). Asserts what a coordinator sees through roles and accessible names; prints how long
the map takes to be interactive after login and saves docs/screenshots/map.png."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Any, selector: str) -> list[str]:
    """axe-core's serious and critical violations inside ``selector`` (axe evaluated through
    the DevTools protocol: the page's CSP lets no script in that the server did not send)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: npm ci --prefix tests/axe")
    page.evaluate(AXE.read_text("utf-8"))
    found = page.evaluate(
        """(sel) => axe.run(document.querySelector(sel)).then(r => r.violations
             .filter(v => v.impact === "serious" || v.impact === "critical")
             .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")))""",
        selector)
    return list(found)


def test_map_keyboard_to_a_quartier_kennzahl_and_legend(zurich_server, open_url):
    s = zurich_server
    start = time.perf_counter()
    opened = open_url(f"{s.url}/login#token={s.tokens['viewer']}", ready="map")
    after_login = time.perf_counter() - start
    page = opened.page
    assert page.url == f"{s.url}/"
    first = page.evaluate("() => window.quartiernetz.timings")
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    page.reload()
    page.wait_for_selector("html[data-ready='map']", state="attached")
    warm = page.evaluate("() => window.quartiernetz.timings")
    print(f"\nmap fully usable {after_login:.2f} s after opening the login link; in the page's "  # noqa: T201
          f"clock: first draw {first['mapDrawn'] / 1000:.2f} s after navigation (waiting "
          f"{first['mapFetched'] / 1000:.2f} s for /api/v1/map once asked), fully usable "
          f"{first['mapInteractive'] / 1000:.2f} s (the rest of the page loaded after the draw); "
          f"reloaded: first draw {warm['mapDrawn'] / 1000:.2f} s, fully usable "
          f"{warm['mapInteractive'] / 1000:.2f} s")
    # the map is drawn before the rest of the page is asked for; data-ready="map" when all of it
    # is usable
    assert first["mapDrawn"] <= first["workspaceAsked"] < first["mapInteractive"]
    assert page.evaluate("() => performance.getEntriesByName(location.origin + '/static/workspace.js')"
                         ".every(e => e.startTime >= window.quartiernetz.timings.mapDrawn)")

    # the page came with its session (the cookie login.js got): no second round trip to ask for
    # it before the map, and vis-network only after the map was drawn
    session = page.evaluate("() => JSON.parse(document.querySelector('meta[name=qn-session]').content)")
    assert session["account"] == "browser-viewer" and session["csrf"]
    assert [u for u in opened.requests if u.endswith("/api/v1/session")] == [f"{s.url}/api/v1/session"]
    assert page.evaluate("() => performance.getEntriesByName(location.origin + '/static/vis-network.min.js')"
                         ".every(e => e.startTime > window.quartiernetz.timings.mapInteractive)")
    karte = page.get_by_role("group", name="Karte der Quartiere")
    assert karte.is_visible()
    quartiere = karte.get_by_role("button")
    assert quartiere.count() == 34
    hoengg = karte.get_by_role("button", name="Höngg", exact=True)
    assert hoengg.get_attribute("tabindex") == "0"
    assert not page.is_visible("#graph")

    # hover: the name and the figure (Höngg's actors, as the API counts them)
    figures = page.evaluate("() => fetch('/api/v1/map').then(r => r.json())")  # the session cookie
    hoengg.hover()
    tip = page.locator("#map-tip")
    assert tip.is_visible()
    assert tip.inner_text() == f"Höngg · Akteure: {figures['figures']['hoengg']['actors']}"

    # the legend: classes of the figure; changing "Kennzahl" changes it
    legend = page.inner_text("#map-legend")
    assert legend.startswith("Akteure")
    page.get_by_label("Kennzahl").select_option("isolated")
    page.wait_for_function("() => document.getElementById('map-legend').textContent.startsWith('isolierte')")
    assert page.inner_text("#map-legend") != legend and "figure=isolated" in page.url
    karte = page.get_by_role("group", name="Karte der Quartiere")
    karte.get_by_role("button", name="Höngg", exact=True).hover()
    isolated = figures["figures"]["hoengg"]["isolated"]
    assert page.inner_text("#map-tip") == f"Höngg · isolierte Akteure: {isolated}"
    assert serious_violations(page, "#map-view") == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / "map.png"))
    assert (SHOTS / "map.png").stat().st_size > 30_000

    # the keyboard reaches a Quartier (Tab from the "Einteilung" select), Enter opens its network
    page.get_by_label("Einteilung").focus()
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert first == "Rathaus"  # the first Quartier by the city's number (11)
    for _ in range(33):   # on to Höngg, the 33rd by number (101)
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Höngg":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Höngg"
    assert page.is_visible("#map-tip") and page.inner_text("#map-tip").startswith("Höngg")
    page.keyboard.press("Enter")
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=30_000)
    opened_in = page.evaluate("() => window.quartiernetz.timings.interactive"
                              " - window.quartiernetz.timings.areaClicked")
    print(f"Höngg's network interactive {opened_in / 1000:.2f} s after Enter")  # noqa: T201
    assert page.is_visible("#graph") and not page.is_visible("#map-view")
    assert page.input_value("#f-area") == "hoengg" and "area=hoengg" in page.url
    shown = page.evaluate("() => window.quartiernetz.nodes.get().filter(n => !n.data.outside).length")
    assert shown == figures["figures"]["hoengg"]["actors"]

    # other divisions: each area drawn as the union of the Quartiere it covers
    page.get_by_role("button", name="Karte").click()
    page.wait_for_selector("html[data-ready='map']", state="attached")
    page.get_by_label("Einteilung").select_option("sozialregionen")
    regions = [a for a in figures["areas"] if a["scheme"] == "sozialregionen"]
    karte = page.get_by_role("group", name="Karte der Quartiere")
    assert karte.get_by_role("button").count() == len(regions) == 5
    waidberg = karte.get_by_role("button", name="Sozialregion Waidberg", exact=True)
    assert waidberg.locator("path").count() == len(
        next(a for a in regions if a["id"] == "sozialregion-waidberg")["quartiere"])
    waidberg.hover()
    # still the figure picked before
    assert page.inner_text("#map-tip") == ("Sozialregion Waidberg · isolierte Akteure: "
                                           f"{figures['figures']['sozialregion-waidberg']['isolated']}")

    # back to the map, in English
    page.click("#lang-toggle")
    assert page.get_by_role("group", name="Map of the Quartiere").is_visible()
    assert page.inner_text("label[for=m-figure]") == "Figure"
    opened.assert_clean()
    assert opened.dialogs == []


def test_map_for_a_read_scoped_account_has_figures_only_for_its_areas(zurich_server, open_url):
    from api.auth import hash_token

    s = zurich_server
    token = "qn_browser-map-reader10"
    s.store.add_account("browser-map-reader10", role="editor", areas=["kreis-10"], read_scoped=True,
                        token_hash=hash_token(token))
    opened = open_url(f"{s.url}/", token=token, ready="map")
    page = opened.page
    karte = page.get_by_role("group", name="Karte der Quartiere")
    assert karte.get_by_role("button").count() == 34  # the geometry is the city's public data
    affoltern = page.get_by_role("button", name="Affoltern", exact=True)
    affoltern.hover()
    assert page.inner_text("#map-tip") == "Affoltern · Akteure: keine Angabe"
    assert affoltern.get_attribute("aria-disabled") == "true"
    affoltern.click(force=True)  # not an area it may read: nothing opens (no 403 asked for)
    page.wait_for_timeout(300)
    assert page.is_visible("#map-view") and page.get_attribute("html", "data-ready") == "map"
    assert not [u for u in opened.requests if "/api/v1/graph" in u]
    page.get_by_role("button", name="Wipkingen", exact=True).hover()
    assert page.inner_text("#map-tip").startswith("Wipkingen · Akteure: ")
    assert "keine Angabe" not in page.inner_text("#map-tip")
    opened.assert_clean()


def test_round_table_and_search_from_the_map_open_the_network(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/", token=s.tokens["viewer"], ready="map")
    page = opened.page
    # the round table composed on the map: the table's area opens, the seats are drawn on it
    page.click("#table-open")
    for field, name in (("#i-topic", "Jugend"), ("#i-area", "Kreis 10")):
        page.fill(field, name)
        page.press(field, "Enter")
    page.fill("#i-seats", "4")
    page.click("#invite-form button[type=submit]")
    page.wait_for_selector("#table-answer[data-answered]", state="attached")
    assert page.is_visible("#graph") and not page.is_visible("#map-view")
    assert page.input_value("#f-area") == "kreis-10"
    seats = page.eval_on_selector_all("#seats > li", "(els) => els.map(e => e.dataset.actor)")
    assert len(seats) == 4
    assert page.evaluate("(ids) => ids.every(id => window.quartiernetz.nodes.get(id))", seats)
    # the workspace closed (the filter column back), on the map an actor found by the search
    # opens in the network
    page.get_by_role("button", name="Schliessen").click()
    page.get_by_role("button", name="Karte").click()
    page.wait_for_selector("html[data-ready='map']", state="attached")
    page.fill("#search", "Wipkingen")
    page.click("#results button[data-actor='gz-wipkingen']")
    page.wait_for_selector("#details[data-actor='gz-wipkingen']", state="visible")
    assert page.is_visible("#graph") and page.inner_text("#d-name") == "GZ Wipkingen"
    opened.assert_clean()


def test_actions_before_the_rest_of_the_page_arrives_are_held_and_done(zurich_server, chromium, open_url):
    """The map is drawn before workspace.js (search, round table, the network) has arrived: what
    the coordinator does meanwhile is not lost but done once it is there, and data-ready="map"
    (the page usable) waits for it."""
    s = zurich_server
    waiting: list[Any] = []
    chromium.route("**/static/workspace.js", lambda route: waiting.append(route))  # held back
    try:
        opened = open_url(f"{s.url}/", token=s.tokens["viewer"], ready=None)
        page = opened.page
        page.wait_for_function("() => window.quartiernetz && window.quartiernetz.timings.mapDrawn")
        page.wait_for_function("() => document.querySelector('[aria-busy=true]') !== null")
        karte = page.get_by_role("group", name="Karte der Quartiere")
        assert karte.get_by_role("button").count() == 34  # drawn, the rest not yet there
        assert page.get_attribute("html", "data-ready") is None
        assert page.get_attribute("#left", "aria-busy") == "true"
        page.fill("#search", "Wipkingen")
        page.press("#search", "Enter")
        page.get_by_role("button", name="Runder Tisch").click()
        karte.get_by_role("button", name="Höngg", exact=True).click()
        page.wait_for_timeout(200)
        assert page.is_visible("#map-view") and page.is_hidden("#table-panel")
        assert page.url == f"{s.url}/"  # the search form was not sent as a page load
        assert waiting, "workspace.js was not asked for after the map's first drawing"
    finally:
        chromium.unroute("**/static/workspace.js")
    for route in waiting:
        route.continue_()
    # done in order once the page is usable: the search, the round table opened, Höngg's network
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=30_000)
    assert page.get_attribute("#left", "aria-busy") is None
    assert page.locator("#results button[data-actor='gz-wipkingen']").count() == 1
    assert page.get_by_role("region", name="Runder Tisch").is_visible()
    assert page.is_visible("#graph") and page.input_value("#f-area") == "hoengg"
    timings = page.evaluate("() => window.quartiernetz.timings")
    assert timings["mapDrawn"] < timings["usable"] <= timings["areaClicked"]
    opened.assert_clean()
