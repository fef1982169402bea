"""'Ähnliche Akteure' in an actor's details (issue 14 item 4), in a real headless Chromium against
a real server on the Zurich sample: the list is the API's answer, each with its reasons, and a
click opens that actor."""

from __future__ import annotations

import httpx
import pytest

from tests.views.test_browser_map import serious_violations

pytestmark = pytest.mark.browser


def test_similar_actors_in_the_details_are_the_apis_and_open_on_click(zurich_server, open_url):
    s = zurich_server
    want = httpx.get(s.url + "/api/v1/analyses/similar/gz-wipkingen?top=5",
                     headers={"Authorization": f"Bearer {s.tokens['viewer']}"}, timeout=60).json()
    assert len(want) == 5 and want[0]["reasons"]
    opened = open_url(f"{s.url}/?area=wipkingen&actor=gz-wipkingen", token=s.tokens["viewer"])
    page = opened.page
    region = page.get_by_role("region", name="Ähnliche Akteure")
    region.get_by_role("button", name=want[0]["name"]).wait_for(timeout=30_000)
    names = region.get_by_role("button").all_text_contents()
    assert names == [r["name"] for r in want]
    assert "; ".join(want[0]["reasons"]) in region.get_by_role("listitem").first.text_content()
    assert serious_violations(page, "#d-similar") == []
    region.get_by_role("button", name=want[0]["name"]).click()
    page.wait_for_function("(id) => document.getElementById('details').dataset.actor === id",
                           arg=want[0]["id"], timeout=30_000)
    assert opened.errors == []
