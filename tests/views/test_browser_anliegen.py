"""The "Anliegen" panel of the graph browser in a real headless Chromium against a real server
(the Zurich sample with its illustrative needs): the needs of an area with status and age, as
the API answers them for the same question."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.views.test_browser_map import serious_violations

pytestmark = pytest.mark.browser


def api(s: Any, path: str) -> Any:
    r = httpx.get(s.url + path, headers={"Authorization": f"Bearer {s.tokens['viewer']}"},
                  timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def shown(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all("#anliegen-list > li[data-need]", """(els) => els.map(e => ({
        id: e.dataset.need, title: e.querySelector('strong').textContent,
        status: e.querySelector('.need-status').textContent}))""")


def test_anliegen_panel_lists_the_needs_of_an_area_with_status_and_age(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/", token=s.tokens["viewer"], ready="map")
    page = opened.page
    panel = page.get_by_role("region", name="Anliegen")
    panel.locator("summary").click()
    panel.get_by_label("Gebiet").select_option("kreis-10")

    def listed() -> None:
        page.evaluate("() => document.getElementById('anliegen-list')"
                      ".removeAttribute('data-answered')")
        panel.get_by_role("button", name="Anzeigen").click()
        page.wait_for_selector("#anliegen-list[data-answered]", state="attached",
                               timeout=30_000)

    listed()
    want = api(s, "/api/v1/anliegen?area=kreis-10&open=true&limit=200")
    assert want["count"] == 2  # Höngg (neu) and Wipkingen (in Bearbeitung); the done one not
    labels = {"neu": "neu", "in_bearbeitung": "in Bearbeitung"}
    assert shown(page) == [{"id": n["id"], "title": n["title"],
                            "status": f"{labels[n['status']]} · seit {n['age_days']} Tagen"}
                           for n in want["data"]]
    assert page.locator("#anliegen-count").text_content() == "2 Anliegen"
    panel.get_by_label("nur offene").uncheck()
    listed()
    every = api(s, "/api/v1/anliegen?area=kreis-10&limit=200")
    assert [r["id"] for r in shown(page)] == [n["id"] for n in every["data"]]
    assert "erledigt" in " ".join(r["status"] for r in shown(page))
    assert serious_violations(page, "#anliegen-panel") == []  # axe: labels, contrast, roles
    assert opened.errors == []
