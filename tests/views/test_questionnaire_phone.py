"""The survey questionnaire (issue 17, item 2) in a real headless Chromium on a phone viewport
(390 x 844) against a real server with the Zurich sample: filled in with the keyboard only
(Tab, Space, Enter, arrow keys), an error shown beside its field and announced, sent, the
thank-you view; axe-core without serious or critical violations on both; the English switch;
hostile names shown literally without a dialog. Prints how long the questionnaire takes to
become interactive; saves docs/screenshots/questionnaire.png (its top),
questionnaire-partner.png (a partner filled in) and questionnaire-thanks.png."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from graph.store.base import Audit
from graph.store.sqlite import SqliteStore
from loaders.sample import load_sample
from tests.views.conftest import Opened, Served, serve
from tests.views.test_browser_map import SHOTS, serious_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
XSS = "<img src=x onerror=alert(1)>"
MESSAGE = "Danke, dass Sie sich zehn Minuten Zeit nehmen. Fragen: Quartierkoordination Kreis 10."
HOSTILE_MESSAGE = "Bitte bis Ende Monat. <script>alert(2)</script>\n<b>fett</b>"


@pytest.fixture(scope="module")
def survey_server(tmp_path_factory) -> Iterator[tuple[Served, str, str]]:
    """The Zurich sample with an actor named like an attack in Wipkingen, behind a real server,
    and two surveys of Wipkingen: a plain one, and one whose title and message are attacks."""
    before = os.environ.get("QUARTIERNETZ_SURVEY_KEY")
    os.environ["QUARTIERNETZ_SURVEY_KEY"] = "browser-survey-key-0123456789abcdef0123"
    store = SqliteStore(tmp_path_factory.mktemp("survey") / "zh.db")
    load_sample(store, "zurich")
    store.apply({"actors": [{"id": "xss-wipkingen", "name": XSS, "kind": "association",
                             "areas": ["wipkingen"]}]})
    until = date.today() + timedelta(days=30)
    survey = store.create_survey("Netzwerk Wipkingen 2027", until, areas=["wipkingen"],
                                 message=MESSAGE, audit=Audit("browser-editor", "create"))
    hostile = store.create_survey("<img src=x onerror=alert(3)> Umfrage", until,
                                  areas=["wipkingen"], message=HOSTILE_MESSAGE,
                                  audit=Audit("browser-editor", "create"))
    try:
        for served in serve(store):
            yield served, survey.id, hostile.id
    finally:
        store.close()
        if before is None:
            os.environ.pop("QUARTIERNETZ_SURVEY_KEY", None)
        else:
            os.environ["QUARTIERNETZ_SURVEY_KEY"] = before


def link(served: Served, survey_id: str, actor: str) -> str:
    answer = httpx.get(f"{served.url}/api/v1/surveys/{survey_id}/links", timeout=30,
                       headers={"Authorization": f"Bearer {served.tokens['editor']}"})
    assert answer.status_code == 200, answer.text
    return {row["actor"]: row["url"] for row in answer.json()}[actor]


def open_phone(chromium: Any, url: str) -> tuple[Opened, float]:
    """A new phone-sized tab on ``url``, waiting until the questionnaire is interactive;
    the seconds that took."""
    chromium.clear_cookies()
    page = chromium.new_page()
    page.set_viewport_size(PHONE)
    opened = Opened(page)
    opened.watch()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=30_000)
    return opened, time.perf_counter() - started


def tab_to(page: Any, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector`` (the keyboard's way there)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def focused(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.id"))


def test_a_partner_list_filled_in_with_the_keyboard_on_a_phone(survey_server, chromium):
    served, survey_id, _ = survey_server
    url = link(served, survey_id, "quartierverein-wipkingen")
    opened, took = open_phone(chromium, url)
    page = opened.page
    timings = page.evaluate("() => window.questionnaire.timings")
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    started = time.perf_counter()
    page.reload()
    page.wait_for_selector("html[data-ready='1']", state="attached")
    again = time.perf_counter() - started
    warm = page.evaluate("() => window.questionnaire.timings")
    print(f"\nquestionnaire interactive {took * 1000:.0f} ms after opening the link "  # noqa: T201
          f"(page clock: {timings['sinceNavigation']:.0f} ms from navigation, its form data "
          f"there at {timings['formFetched']:.0f} ms); reloaded {again * 1000:.0f} ms "
          f"(page clock {warm['sinceNavigation']:.0f} ms)")
    assert page.get_by_role("heading", level=1).inner_text() == "Netzwerk Wipkingen 2027"
    assert page.locator("#q-message").inner_text() == MESSAGE  # literally, as text
    assert page.get_by_label("Name der Organisation", exact=True).input_value() == \
        "Quartierverein Wipkingen"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page, "body") == []

    # the first partner: typed, Enter; the row is a group named after the partner
    tab_to(page, "#pick")
    page.keyboard.type("GZ Wipkingen")
    page.keyboard.press("Enter")
    row = page.get_by_role("group", name="GZ Wipkingen", exact=True)
    assert row.is_visible()
    assert page.evaluate("() => document.activeElement.labels[0].textContent") == \
        "Wir arbeiten zusammen"  # focus moved into the new row
    page.keyboard.press("Space")
    tab_to(page, "input[type=radio]")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 1 -> 2 -> 3 -> 4
    strength = row.get_by_role("group", name="Wie stark ist die Beziehung?")
    assert strength.get_by_role("radio", name="4").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")
    assert row.get_by_label("Wie oft haben Sie Kontakt?").input_value() == "woechentlich"
    page.keyboard.press("Tab")
    page.keyboard.type("2019")

    # the second: the actor with the hostile name, shown literally; no strength yet
    tab_to(page, "#pick")
    page.keyboard.type(XSS)
    page.keyboard.press("Enter")
    second = page.get_by_role("group", name=XSS, exact=True)
    assert second.is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "Wir informieren sie"
    assert second.get_by_role("checkbox", name="Wir informieren sie").is_checked()

    # send: the missing strength is named beside the field, announced, and focused
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    assert "Bitte prüfen Sie 1 Angabe(n)" in alert.inner_text() and XSS in alert.inner_text()
    error = second.locator(".weight + .error")
    assert error.inner_text() == "Wählen Sie eine Stärke von 1 bis 5."
    weight = second.get_by_role("group", name="Wie stark ist die Beziehung?")
    assert weight.get_attribute("aria-invalid") == "true"
    assert "-weight-error" in (weight.get_attribute("aria-describedby") or "")
    assert page.evaluate("() => document.activeElement.type") == "radio"
    page.keyboard.press("ArrowRight")  # focused on 1 unchecked: 2
    assert weight.get_by_role("radio", name="2").is_checked()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "questionnaire.png"))
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "questionnaire-partner.png"))
    assert serious_violations(page, "body") == []

    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    thanks = page.get_by_role("heading", name="Vielen Dank!")
    thanks.wait_for(state="visible")
    assert focused(page) == "thanks-h"
    text = page.locator("#thanks-view").inner_text()
    assert "Ihre Antworten sind abgesendet (2 Partner)" in text
    assert "Im Netzwerk ändert sich nichts, bevor eine Koordinatorin" in text
    assert "über denselben Link ändern" in text
    assert serious_violations(page, "body") == []
    page.screenshot(path=str(SHOTS / "questionnaire-thanks.png"))

    saved = served.store.answer_of(survey_id, "quartierverein-wipkingen")
    assert saved.state == "submitted"
    assert [(p.actor, p.kind.value, p.weight, p.frequency, p.since and p.since.isoformat())
            for p in saved.partners] == [
        ("gz-wipkingen", "cooperates_with", 4, "woechentlich", "2019-01-01"),
        ("xss-wipkingen", "informs", 2, None, None)]
    # revising (keyboard again): back to the form, the answers as sent, the title focused
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Antworten ändern"
    page.keyboard.press("Enter")
    assert focused(page) == "q-title"
    assert page.get_by_role("group", name=XSS, exact=True).is_visible()
    assert opened.dialogs == []
    opened.assert_clean()
    assert not any("/api/v1" in u for u in opened.requests)  # the questionnaire asks /s/ only


def test_english_switch_hostile_texts_and_a_proposed_partner(survey_server, chromium):
    served, _, survey_id = survey_server
    url = link(served, survey_id, "gz-wipkingen")
    opened, _ = open_phone(chromium, url)
    page = opened.page
    # a title and a message written as attacks: shown as the text they are
    assert page.get_by_role("heading", level=1).inner_text() == "<img src=x onerror=alert(3)> Umfrage"
    assert page.locator("#q-message").inner_text() == HOSTILE_MESSAGE
    assert page.locator("#q-message b, #q-message script, h1 img").count() == 0
    tab_to(page, "#lang-switch")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.get_by_role("heading", name="Your partners").is_visible()
    assert page.get_by_role("button", name="Send").is_visible()
    assert page.get_by_role("button", name="Language: Deutsch").is_visible()
    # a partner not in the list, proposed by name
    page.get_by_text("Not in the list?").click()
    page.get_by_label("Name of the new organisation").fill(XSS + " neu")
    page.get_by_label("Name of the new organisation").press("Enter")
    row = page.get_by_role("group", name=f"{XSS} neu (proposed as new)")
    assert row.get_by_role("checkbox", name="We cooperate").is_visible()
    row.get_by_role("checkbox", name="We cooperate").check()
    row.get_by_role("radio", name="5 – very strong").check()
    assert serious_violations(page, "body") == []
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved. You can continue later").wait_for()
    draft = served.store.answer_of(survey_id, "gz-wipkingen")
    assert draft.state == "draft" and draft.partners[0].proposed_name == XSS + " neu"
    # an error only the server finds (a name mixing Latin and Cyrillic letters): shown beside
    # the field it names, in the summary, and the field focused
    name = page.get_by_label("Name of the organisation", exact=True)
    name.fill("GZ Wipkingen Zentrum Nеu")  # the "е" is Cyrillic
    page.get_by_role("button", name="Save draft").click()
    page.locator("#own-name-error:not([hidden])").wait_for()
    assert "Nеu" in page.locator("#own-name-error").inner_text()
    assert name.get_attribute("aria-invalid") == "true"
    assert focused(page) == "own-name"
    assert "Please check 1 field(s)" in page.get_by_role("alert").inner_text()
    name.fill("GZ Wipkingen")
    # a reload keeps English and the draft
    page.reload()
    page.wait_for_selector("html[data-ready='1']", state="attached")
    assert page.get_by_role("group", name=f"{XSS} neu (proposed as new)").is_visible()
    assert "Draft saved on" in page.locator("#q-state").inner_text()
    assert opened.dialogs == []
    # Chromium logs the refused save (422) itself; the page had nothing to complain about
    opened.console = [c for c in opened.console if "status of 422" not in c[1]]
    opened.assert_clean()


def test_a_wrong_link_says_so_in_german(survey_server, chromium):
    served, _, _ = survey_server
    opened, _ = _open_plain(chromium, f"{served.url}/s/qs_{'Q' * 43}")
    assert opened.page.get_by_role("heading", name="Dieser Link ist nicht gültig").is_visible()
    assert serious_violations(opened.page, "body") == []


def _open_plain(chromium: Any, url: str) -> tuple[Opened, Any]:
    page = chromium.new_page()
    page.set_viewport_size(PHONE)
    opened = Opened(page)
    answer = page.goto(url)
    return opened, answer
