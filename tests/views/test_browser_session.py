"""Links that work (issue 14, item 6): after signing in once, a copied link opens the same view
in another tab of the same browser without the token; "Abmelden" ends the session everywhere.
Real headless Chromium against a real server (the Zurich sample); elements by role and name."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"


def network_shown(page: Any) -> list[str]:
    return sorted(page.evaluate("() => window.quartiernetz.nodes.getIds()"))


def test_a_copied_link_opens_in_another_tab_without_the_token(zurich_server, open_url):
    s = zurich_server
    first = open_url(f"{s.url}/", ready="login")
    page = first.page
    token_field = page.get_by_label("Token")
    assert token_field.is_visible()
    token_field.fill(s.tokens["editor"])
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("html[data-ready='map']", state="attached")
    # the token is kept nowhere the page can read; the session cookie is HttpOnly
    assert page.evaluate("() => sessionStorage.length + localStorage.length") == 0
    assert "qn_session" not in page.evaluate("() => document.cookie")
    cookies = {c["name"]: c for c in page.context.cookies(s.url)}
    assert cookies["qn_session"]["httpOnly"] and cookies["qn_session"]["sameSite"] == "Strict"
    assert s.tokens["editor"] not in cookies["qn_session"]["value"]

    # a view: Höngg's network from the map, an actor picked and brokers marked
    karte = page.get_by_role("group", name="Karte der Quartiere")
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    karte.get_by_role("button", name="Höngg", exact=True).click()
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=30_000)
    page.get_by_label("Vermittler").check()
    page.wait_for_selector("#broker-list li")
    link = page.url
    assert parse_qs(urlsplit(link).query)["area"] == ["hoengg"] and "brokers=1" in link
    shown = network_shown(page)
    brokers = page.inner_text("#broker-list")

    # the copied link in a NEW tab of the SAME browser: the same view, no token form
    second = open_url(link, keep_session=True)
    tab = second.page
    assert not tab.get_by_label("Token").is_visible()
    assert tab.get_by_role("button", name="Abmelden").is_visible()
    assert tab.input_value("#f-area") == "hoengg"
    assert network_shown(tab) == shown
    tab.wait_for_selector("#broker-list li")
    assert tab.inner_text("#broker-list") == brokers
    assert tab.inner_text("#who").startswith("browser-editor")
    assert tab.url == link

    # a write from the new tab (the CSRF token learnt from GET /api/v1/session)
    before = s.store.get_actor("gz-hoengg").description
    answer = tab.evaluate("""() => import('/static/api.js').then(m =>
        m.api('PATCH', '/api/v1/actors/gz-hoengg', {description: 'aus dem zweiten Tab'}))
        .then(a => a.description)""")
    assert answer == "aus dem zweiten Tab"
    assert s.store.get_actor("gz-hoengg").description == "aus dem zweiten Tab"
    tab.evaluate("""(d) => import('/static/api.js').then(m =>
        m.api('PATCH', '/api/v1/actors/gz-hoengg', {description: d}))""", before)  # as it was
    assert s.store.get_actor("gz-hoengg").description == before

    # "Abmelden": the token form; the copied link then asks for the token again
    with tab.expect_response(lambda r: r.url.endswith("/api/v1/session")
                             and r.request.method == "DELETE") as ended:
        tab.get_by_role("button", name="Abmelden").click()
    assert ended.value.status == 204
    assert tab.get_by_label("Token").is_visible() and not tab.is_visible("#app")
    third = open_url(link, ready="login", keep_session=True)
    assert third.page.get_by_label("Token").is_visible()
    assert not third.page.is_visible("#app")
    assert [c for c in third.console if c[0] == "error"] == [("error", REFUSED)]  # GET /session
    # no session yet in the first tab: one 401 (GET /session) before the form; nothing else
    assert [c for c in first.console if c[0] == "error"][:1] == [("error", REFUSED)]
    first.console.remove(("error", REFUSED))
    third.console.clear()
    for opened in (first, second, third):
        opened.assert_clean()
