"""The network's memory in the graph browser, in a real headless Chromium against a real server
(its own copy of the Zurich sample, since these tests write): "Treffen erfassen" by names,
"Vorgeschlagene Beziehungen" confirmed, "Was hat sich verändert?" as the API answers it, and a
forum's "Gremium: Zustand" in its details. By role and accessible name; axe on the new regions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from graph.store.sqlite import SqliteStore
from loaders.sample import load_sample
from tests.views.conftest import Served, serve
from tests.views.test_browser_map import serious_violations

pytestmark = pytest.mark.browser

FORUM = "begleitgruppe"


@pytest.fixture(scope="module")
def memory_server(tmp_path_factory) -> Iterator[Served]:
    store = SqliteStore(tmp_path_factory.mktemp("memory") / "zh.db")
    load_sample(store, "zurich")
    try:
        yield from serve(store)
    finally:
        store.close()


def api(s: Served, path: str) -> Any:
    r = httpx.get(s.url + path, headers={"Authorization": f"Bearer {s.tokens['editor']}"},
                  timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def open_app(s: Served, open_url: Any) -> Any:
    opened = open_url(f"{s.url}/", token=s.tokens["editor"], ready="map")
    opened.page.wait_for_selector("#record-panel:not([hidden])", state="attached", timeout=30_000)
    return opened


def members(s: Served) -> list[dict[str, Any]]:
    """Two members of the forum with plain names (typed as a coordinator types them)."""
    rows = api(s, f"/api/v1/forums/{FORUM}/health")["members"]
    plain = [m for m in rows if "(" not in m["name"]]
    assert len(plain) >= 2, rows
    return plain[:2]


def test_record_a_meeting_by_names_in_a_few_steps(memory_server, open_url):
    s = memory_server
    opened = open_app(s, open_url)
    page = opened.page
    who = members(s)
    forum_name = api(s, f"/api/v1/actors/{FORUM}")["name"]
    before = api(s, f"/api/v1/meetings?forum={FORUM}&limit=1000")["count"]
    panel = page.get_by_role("region", name="Treffen erfassen")
    steps = 0
    started = time.perf_counter()
    panel.locator("summary").click()
    steps += 1
    panel.get_by_label("Titel").fill("Begleitgruppe November")
    steps += 1
    people = panel.get_by_role("combobox", name="Teilnehmende")
    for m in who:
        people.fill(m["name"])
        people.press("Enter")
        steps += 2
        panel.get_by_role("button", name=f"{m['name']} entfernen").wait_for()
    panel.get_by_label("Gremium (optional)").fill(forum_name)
    steps += 1
    panel.get_by_role("button", name="Speichern").click()
    steps += 1
    status = panel.get_by_role("status").filter(has_text="Treffen gespeichert")
    status.wait_for(timeout=30_000)
    took = time.perf_counter() - started
    print(f"\nrecording a meeting: {steps} steps (clicks and typed fields), {took:.2f} s in the test")  # noqa: T201
    assert steps <= 8
    after = api(s, f"/api/v1/meetings?forum={FORUM}&limit=1000")
    assert after["count"] == before + 1
    saved = [m for m in after["data"] if m["title"] == "Begleitgruppe November"]
    assert len(saved) == 1
    assert sorted(saved[0]["participants"]) == sorted(m["id"] for m in who)
    assert saved[0]["date"] == date.today().isoformat()
    # the form is cleared for the next one
    assert panel.get_by_label("Titel").input_value() == ""
    assert page.locator("#m-people-chips li").count() == 0
    assert serious_violations(page, "#record-panel") == []
    assert opened.errors == []
    opened.assert_clean()


def test_bad_input_shows_the_german_message_next_to_the_field_and_stores_nothing(memory_server, open_url):
    s = memory_server
    opened = open_app(s, open_url)
    page = opened.page
    who = members(s)
    meetings = api(s, "/api/v1/meetings?limit=1")["count"]
    panel = page.get_by_role("region", name="Treffen erfassen")
    panel.locator("summary").click()
    panel.get_by_label("Titel").fill("Allein")
    people = panel.get_by_role("combobox", name="Teilnehmende")
    people.fill(who[0]["name"])
    people.press("Enter")
    panel.get_by_role("button", name=f"{who[0]['name']} entfernen").wait_for()
    panel.get_by_role("button", name="Speichern").click()
    error = page.locator("#m-err-participants")
    error.filter(has_text="zwei").wait_for(timeout=30_000)   # "mindestens zwei ..."
    assert "ß" not in error.text_content()
    # the message is the field's description (read with the field)
    assert "m-err-participants" in people.get_attribute("aria-describedby")
    assert page.locator("#m-status").text_content() == ""
    assert panel.get_by_label("Titel").input_value() == "Allein"   # kept to correct
    # a day in the future: the message next to Datum
    panel.get_by_label("Datum").fill((date.today() + timedelta(days=3)).isoformat())
    people.fill(who[1]["name"])
    people.press("Enter")
    panel.get_by_role("button", name=f"{who[1]['name']} entfernen").wait_for()
    panel.get_by_role("button", name="Speichern").click()
    page.locator("#m-err-date").filter(has_text="Zukunft").wait_for(timeout=30_000)
    assert api(s, "/api/v1/meetings?limit=1")["count"] == meetings
    assert opened.errors == []


DRAWN = """([a, b]) => window.quartiernetz.edges && window.quartiernetz.edges.get().some(
    e => (e.from === a && e.to === b) || (e.from === b && e.to === a))"""


def drawn(page: Any, a: str, b: str) -> bool:
    return bool(page.evaluate(DRAWN, [a, b]))


def test_confirm_a_suggested_tie(memory_server, open_url):
    s = memory_server
    opened = open_app(s, open_url)
    page = opened.page
    first = api(s, "/api/v1/ties/suggested")[0]
    pair = f"{first['source_name']} – {first['target_name']}"
    # the source's surroundings drawn: after the confirmation the tie is in the network
    page.get_by_role("searchbox", name="Suche").fill(first["source_name"])
    page.locator(f"#results button[data-actor='{first['source']}']").click()
    page.wait_for_function("id => window.quartiernetz.state.selected === id && "
                           "window.quartiernetz.nodes && window.quartiernetz.nodes.get(id)",
                           arg=first["source"], timeout=30_000)
    assert not drawn(page, first["source"], first["target"])
    panel = page.get_by_role("region", name="Vorgeschlagene Beziehungen")
    panel.locator("summary").click()
    page.wait_for_selector("#suggested-list[data-answered]", state="attached", timeout=30_000)
    row = panel.locator(f"li[data-suggestion='{first['id']}']")
    assert first["text"] in row.text_content()
    assert serious_violations(page, "#suggested-panel") == []
    panel.get_by_role("button", name=f"Beziehung {pair} bestätigen").click()
    panel.get_by_role("status").filter(has_text="bestätigt").wait_for(timeout=30_000)
    assert row.count() == 0
    page.wait_for_function(DRAWN, arg=[first["source"], first["target"]], timeout=30_000)
    ties = api(s, f"/api/v1/ties?actor={first['source']}&limit=1000")
    ends = {(t["source"], t["target"]) for t in ties["data"]}
    assert (first["source"], first["target"]) in ends or (first["target"], first["source"]) in ends
    assert first["id"] not in [x["id"] for x in api(s, "/api/v1/ties/suggested")]
    assert opened.errors == []


def test_record_a_contact_with_the_note_warning(memory_server, open_url):
    s = memory_server
    opened = open_app(s, open_url)
    page = opened.page
    who = members(s)[0]
    before = api(s, f"/api/v1/contacts?actor={who['id']}&limit=1000")["count"]
    panel = page.get_by_role("region", name="Treffen erfassen")
    panel.locator("summary").click()
    panel.get_by_role("radio", name="Kontakt").check()
    assert panel.get_by_role("textbox", name="Titel").is_hidden()
    panel.get_by_label("Art", exact=True).select_option(label="Telefon")
    actors = panel.get_by_role("combobox", name="Akteure")
    actors.fill(who["name"])
    actors.press("Enter")
    panel.get_by_role("button", name=f"{who['name']} entfernen").wait_for()
    note = panel.get_by_role("textbox", name="Notiz")
    assert note.is_visible()
    warning = panel.get_by_text("nicht für Personendaten")
    assert warning.is_visible()
    assert "m-note-warning" in note.get_attribute("aria-describedby")
    note.fill("Termin für Begehung vereinbart")
    panel.get_by_role("button", name="Speichern").click()
    panel.get_by_role("status").filter(has_text="Kontakt gespeichert").wait_for(timeout=30_000)
    after = api(s, f"/api/v1/contacts?actor={who['id']}&limit=1000")
    assert after["count"] == before + 1
    saved = [c for c in after["data"] if c["note"] == "Termin für Begehung vereinbart"]
    assert len(saved) == 1 and saved[0]["kind"] == "telefon" and saved[0]["actors"] == [who["id"]]
    assert note.input_value() == ""
    assert serious_violations(page, "#record-panel") == []
    assert opened.errors == []


def test_the_changes_panel_counts_what_the_api_counts(memory_server, open_url):
    s = memory_server
    opened = open_app(s, open_url)
    page = opened.page
    since = (date.today() - timedelta(days=365)).isoformat()
    last = api(s, "/api/v1/ties/suggested")[-1]   # a tie begun ten days ago (over the API)
    r = httpx.post(f"{s.url}/api/v1/ties", json={
        "source": last["source"], "target": last["target"], "kind": "cooperates_with",
        "since": (date.today() - timedelta(days=10)).isoformat()},
        headers={"Authorization": f"Bearer {s.tokens['editor']}"}, timeout=60)
    assert r.status_code == 201, r.text
    panel = page.get_by_role("region", name="Was hat sich verändert?")
    panel.locator("summary").click()
    assert panel.get_by_label("seit").input_value() == since   # one year ago by default
    panel.get_by_role("button", name="Anzeigen").click()
    page.wait_for_selector("#changes-list[data-answered]", state="attached", timeout=30_000)
    want = api(s, f"/api/v1/changes?since={since}")
    shown = page.eval_on_selector_all("#changes-list [data-change]", """(els) => Object.fromEntries(
        els.map(e => [e.dataset.change, e.querySelector('.change-count').textContent]))""")
    keys = ("ties_gained", "ties_lost", "became_isolated", "stopped_brokering",
            "forums_lost_sector", "needs_opened", "needs_closed")
    assert shown == {k: str(len(want[k])) for k in keys}
    assert len(want["ties_gained"]) >= 1 and len(want["needs_opened"]) >= 1
    assert serious_violations(page, "#changes-panel") == []
    # a name is clickable: the actor is selected
    gained = panel.locator("[data-change=ties_gained]")
    name = gained.get_by_role("button", name=last["source_name"], exact=True).first
    name.click()
    page.wait_for_function("id => window.quartiernetz.state.selected === id", arg=last["source"],
                           timeout=30_000)
    # the area chosen in the filters: its changes
    page.evaluate("() => document.getElementById('changes-list').removeAttribute('data-answered')")
    page.locator("#f-area").select_option("kreis-10")
    panel.get_by_role("button", name="Anzeigen").click()
    page.wait_for_selector("#changes-list[data-answered]", state="attached", timeout=30_000)
    assert panel.locator("#c-area").text_content() == api(s, "/api/v1/areas/kreis-10")["name"]
    local = api(s, f"/api/v1/changes?since={since}&area=kreis-10")
    shown = page.eval_on_selector_all("#changes-list [data-change]", """(els) => Object.fromEntries(
        els.map(e => [e.dataset.change, e.querySelector('.change-count').textContent]))""")
    assert shown == {k: str(len(local[k])) for k in keys}
    assert local["needs_opened"] != want["needs_opened"]   # the area's, not the city's
    assert opened.errors == []


def test_a_forum_shows_its_health(memory_server, open_url):
    s = memory_server
    opened = open_app(s, open_url)
    page = opened.page
    health = api(s, f"/api/v1/forums/{FORUM}/health")
    page.get_by_role("searchbox", name="Suche").fill("Begleitgruppe")
    page.locator(f"#results button[data-actor='{FORUM}']").click()   # the forum's surroundings
    box = page.get_by_role("region", name="Gremium: Zustand")
    page.wait_for_selector("#d-forum[data-answered]", state="attached", timeout=30_000)
    text = box.text_content()
    for m in health["members"]:
        assert m["name"] in text
    assert page.locator("#d-forum .forum-members li").count() == len(health["members"])
    assert ("Sektoren fehlen" in text) and ("Sektoren vertreten" in text)
    assert serious_violations(page, "#d-forum") == []
    assert opened.errors == []


def test_the_memory_panels_speak_english(memory_server, open_url):
    s = memory_server
    opened = open_url(f"{s.url}/?lang=en", token=s.tokens["editor"], ready="map")
    page = opened.page
    page.wait_for_selector("#record-panel:not([hidden])", state="attached", timeout=30_000)
    for name in ("Record a meeting", "Suggested ties", "What has changed?"):
        page.get_by_role("region", name=name).wait_for(state="attached")
    panel = page.get_by_role("region", name="Record a meeting")
    panel.locator("summary").click()
    panel.get_by_role("radio", name="Contact").check()
    assert panel.get_by_text("Notes are not for personal data").is_visible()
    assert panel.get_by_role("button", name="Save").is_visible()
    assert opened.errors == []
