"""The need finder ("Wer ist zuständig?") and the introduction path ("Weg zu …") in the graph
browser, in a real headless Chromium against a real server (Zurich sample), as a coordinator
uses them: by role, accessible name and actor names. What the page shows is compared with the
API's answer to the same question; how long each answer takes to show is printed. Screenshots:
docs/screenshots/need.png, path.png, path-unreachable.png."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.views.test_browser_map import SHOTS, serious_violations

pytestmark = pytest.mark.browser


def api(s: Any, method: str, path: str, **kw: Any) -> Any:
    r = httpx.request(method, s.url + path, headers={"Authorization": f"Bearer {s.tokens['viewer']}"},
                      timeout=60, **kw)
    assert r.status_code == 200, r.text
    return r.json()


def answered(page: Any, selector: str, action: Any) -> float:
    """Do ``action`` and wait until ``selector`` carries a new answer; seconds it took."""
    page.evaluate("(sel) => document.querySelector(sel).removeAttribute('data-answered')", selector)
    t0 = time.perf_counter()
    action()
    page.wait_for_selector(f"{selector}[data-answered]", state="attached", timeout=30_000)
    return time.perf_counter() - t0


def test_need_panel_lists_the_apis_actors_with_reasons_and_a_click_selects_one(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/", token=s.tokens["viewer"], ready="map")
    page = opened.page
    panel = page.get_by_role("region", name="Wer ist zuständig?")
    panel.locator("summary").click()
    panel.get_by_label("Thema").select_option("jugend")
    panel.get_by_label("Gebiet").select_option("kreis-10")
    took = answered(page, "#need-list", lambda: panel.get_by_role("button", name="Suchen").click())
    print(f"\nneed (Jugend, Kreis 10): answer shown after {took * 1000:.0f} ms "  # noqa: T201
          f"(fetch and render {page.evaluate('window.quartiernetz.timings.need'):.0f} ms)")
    want = api(s, "POST", "/api/v1/need?lang=de", json={"topic": "jugend", "area": "kreis-10", "top": 10})
    assert want, "the sample has actors for Jugend in Kreis 10"
    shown = page.eval_on_selector_all(
        "#need-list > li", """(els) => els.map(e => ({id: e.dataset.actor,
            name: e.querySelector('button').textContent,
            reasons: Array.from(e.querySelectorAll('.reasons li')).map(li => li.textContent)}))""")
    assert shown == [{"id": r["id"], "name": r["name"], "reasons": r["reasons"]} for r in want]
    # a keyword narrows or reorders: the page still shows what the API answers
    panel.get_by_label("Stichwort").fill("Treff")
    answered(page, "#need-list", lambda: panel.get_by_role("button", name="Suchen").click())
    keyed = api(s, "POST", "/api/v1/need?lang=de",
                json={"topic": "jugend", "area": "kreis-10", "keywords": ["Treff"], "top": 10})
    assert page.eval_on_selector_all("#need-list > li", "(els) => els.map(e => e.dataset.actor)") == \
        [r["id"] for r in keyed]
    assert serious_violations(page, "#need-panel") == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "need.png"))
    # a click on an actor of the answer: the network opens with the actor selected
    first = keyed[0] if keyed else want[0]
    if not keyed:
        panel.get_by_label("Stichwort").fill("")
        answered(page, "#need-list", lambda: panel.get_by_role("button", name="Suchen").click())
    panel.get_by_role("button", name=first["name"], exact=True).click()
    page.wait_for_selector(f"#details[data-actor='{first['id']}']", state="visible", timeout=30_000)
    assert page.is_visible("#graph") and page.inner_text("#d-name") == first["name"]
    assert page.evaluate("() => window.quartiernetz.state.selected") == first["id"]
    assert page.evaluate("(id) => window.quartiernetz.network.getSelectedNodes().includes(id)", first["id"])
    opened.assert_clean()


KONRAD = "/api/v1/analyses/path?source=gz-wipkingen&target=katholische-pfarrei-st-konrad"
NEAREST = "(els) => els.map(e => [e.dataset.actor, e.querySelector('.sub').textContent])"


def path_shown(page: Any) -> list[dict[str, str]]:
    return list(page.eval_on_selector_all(
        "#path-result .hops > li", """(els) => els.map(e => ({from: e.dataset.from, to: e.dataset.to,
            text: e.querySelector('.sub').textContent}))"""))


def test_path_by_name_hops_as_the_api_drawn_unreachable_shows_nearest_and_english(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?actor=gz-wipkingen", token=s.tokens["viewer"])
    page = opened.page
    page.wait_for_selector("#details[data-actor='gz-wipkingen']", state="visible")
    target = page.get_by_label("Weg zu …")
    # the picker offers names as one types (never an id to type)
    target.fill("St. Konrad")
    page.wait_for_selector("#p-target-list option[value='Katholische Pfarrei St. Konrad']", state="attached")
    target.fill("Katholische Pfarrei St. Konrad")
    took = answered(page, "#path-result", lambda: page.get_by_role("button", name="Weg zeigen").click())
    print(f"\npath GZ Wipkingen -> St. Konrad: shown and drawn after {took * 1000:.0f} ms")  # noqa: T201
    want = api(s, "GET", KONRAD + "&lang=de")
    assert want["found"] and len(want["hops"]) >= 2
    assert path_shown(page) == [{"from": h["from"], "to": h["to"], "text": h["text"]} for h in want["hops"]]
    assert "Weg von GZ Wipkingen zu Katholische Pfarrei St. Konrad" in page.inner_text("#path-result")
    ids = ["gz-wipkingen"] + [h["to"] for h in want["hops"]]
    drawn = page.evaluate("""(ids) => ({present: ids.every(id => window.quartiernetz.nodes.get(id)),
                                         selected: window.quartiernetz.network.getSelectedNodes()})""", ids)
    assert drawn["present"] and sorted(drawn["selected"]) == sorted(ids)
    ties = [h["tie"] for h in want["hops"] if h["tie"]]
    assert sorted(page.evaluate("() => window.quartiernetz.network.getSelectedEdges()")) == sorted(ties)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "path.png"))

    # a name nobody has: said plainly, the earlier answer is not left standing as if it were this one
    target.fill("Niemand Sowieso")
    page.get_by_role("button", name="Weg zeigen").click()
    page.wait_for_selector("#path-error:has-text('Niemand Sowieso')")
    assert "Kein Akteur heisst «Niemand Sowieso»" in page.inner_text("#path-error")
    assert path_shown(page) == []

    # no path: "nicht erreichbar" and the API's nearest reachable actors
    target.fill("Pro Infirmis Zürich")
    took = answered(page, "#path-result", lambda: page.get_by_role("button", name="Weg zeigen").click())
    print(f"path GZ Wipkingen -> Pro Infirmis (unreachable): shown after {took * 1000:.0f} ms")  # noqa: T201
    none = api(s, "GET", "/api/v1/analyses/path?source=gz-wipkingen&target=pro-infirmis-zuerich&lang=de")
    assert not none["found"] and none["nearest"]
    assert page.get_by_text("nicht erreichbar", exact=True).is_visible()
    assert path_shown(page) == []
    assert page.eval_on_selector_all("#path-result .nearest > li", NEAREST) == \
        [[n["id"], n["text"]] for n in none["nearest"]]
    assert serious_violations(page, "#details") == []
    page.screenshot(path=str(SHOTS / "path-unreachable.png"))

    # English once: the answer shown is asked anew in English, then a path in English
    page.evaluate("() => document.querySelector('#path-result').removeAttribute('data-answered')")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("#path-result[data-answered]", state="attached")
    none_en = api(s, "GET", "/api/v1/analyses/path?source=gz-wipkingen&target=pro-infirmis-zuerich&lang=en")
    assert page.get_by_text("not reachable", exact=True).is_visible()
    assert page.eval_on_selector_all("#path-result .nearest > li", NEAREST) == \
        [[n["id"], n["text"]] for n in none_en["nearest"]]
    target = page.get_by_label("Path to …")
    target.fill("Katholische Pfarrei St. Konrad")
    took = answered(page, "#path-result", lambda: page.get_by_role("button", name="Show path").click())
    print(f"path in English: shown after {took * 1000:.0f} ms")  # noqa: T201
    en = api(s, "GET", KONRAD + "&lang=en")
    assert path_shown(page) == [{"from": h["from"], "to": h["to"], "text": h["text"]} for h in en["hops"]]
    assert en["hops"][0]["text"] != want["hops"][0]["text"]
    assert "Path from GZ Wipkingen to Katholische Pfarrei St. Konrad" in page.inner_text("#path-result")
    assert page.get_by_role("region", name="Who is responsible?").is_visible()
    opened.assert_clean()
