"""Explanations that match the screen, and the export (issue 14, items 5 and 7), in a real headless
Chromium against a real server (the Zurich sample): the isolated actors are the API's (same rows,
same count, same reasons), an actor tied only by hierarchy says so, broker measures in plain words
with a "?" each, the area picker grouped in natural order, the PNG with title, date, legend and
notice (decoded), the print sheet. Screenshot: docs/screenshots/export.png (the PNG itself)."""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path
from typing import Any

import pytest

from graph.i18n import number, percent
from tests.views.test_browser_map import serious_violations

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def api(page: Any, path: str) -> Any:
    """An API answer as the page's session gets it (the same account, the same cookie)."""
    return page.evaluate("(p) => fetch(p).then(r => r.json())", path)


def isolate_items(page: Any) -> Any:
    """The isolated actors' list (under its heading) as the page lists them."""
    return page.locator("#isolate-list").get_by_role("listitem")


def wait_isolates(page: Any, count: int) -> None:
    """Until the heading says the count (``isolierte Akteure (4)``)."""
    page.get_by_role("heading", name=f"isolierte Akteure ({count})", exact=True).wait_for()


def triangles(page: Any) -> set[str]:
    return set(page.evaluate(
        "() => window.quartiernetz.nodes.get().filter(n => n.shape === 'triangle').map(n => n.id)"))


def test_isolated_actors_are_the_apis_for_the_city_and_kreis_10(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?view=graph&isolates=1", token=s.tokens["viewer"])
    page = opened.page
    rows = api(page, "/api/v1/analyses/isolates")
    assert len(rows) > 115  # the sample's 115 (CLI and API) and the test's own area
    wait_isolates(page, len(rows))
    items = isolate_items(page)
    assert items.count() == len(rows)
    # the same rows in the same order, each with all of the API's reasons
    shown = page.eval_on_selector_all(
        "#isolate-list > li", "(els) => els.map(e => [e.querySelector('button').dataset.actor,"
        " e.querySelector('.sub').textContent])")
    assert shown == [[r["id"], "; ".join(r["reasons"])] for r in rows]
    drawn = set(page.evaluate("() => window.quartiernetz.nodes.getIds()"))
    assert triangles(page) == {r["id"] for r in rows} & drawn
    assert "Wie die Auswertung «isolierte Akteure»" in page.inner_text("#isolate-how")

    # Kreis 10: the list holds every actor drawn as isolated (no triangle without a row)
    page.evaluate("() => document.documentElement.removeAttribute('data-ready')")
    page.locator("#filters").get_by_label("Gebiet").select_option("kreis-10")
    page.wait_for_selector("html[data-ready='1']", state="attached")
    rows = api(page, "/api/v1/analyses/isolates?area=kreis-10")
    assert len(rows) >= 4  # the sample's Kreis 10: 6 (4 of them in no forum only)
    wait_isolates(page, len(rows))
    assert isolate_items(page).count() == len(rows)
    assert triangles(page) <= {r["id"] for r in rows}
    assert len(triangles(page)) >= 1
    assert page.is_visible("#legend li[data-mark='isolated']")
    for r in rows:
        assert page.get_by_role("button", name=r["name"], exact=True).first.is_visible()
    opened.assert_clean()


def test_an_actor_tied_only_by_hierarchy_is_said_so(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?view=graph&isolates=1&actor=amt-fuer-hochbauten",
                      token=s.tokens["viewer"])
    page = opened.page
    page.wait_for_selector("#details[data-actor='amt-fuer-hochbauten']", state="visible")
    page.wait_for_selector("#d-ties li")
    assert "gehört zu" in page.inner_text("#d-ties")  # the tie is listed ...
    note = page.locator("#d-tie-note")
    note.wait_for(state="visible")
    assert note.inner_text().startswith("Nur organisatorisch verbunden")  # ... and said for what it is
    marks = page.inner_text("#d-marks")
    assert "nur organisatorisch verbunden (Hochbaudepartement)" in marks
    assert "keine aktuelle Beziehung" not in marks
    row = page.locator("#isolate-list li", has=page.locator("button[data-actor='amt-fuer-hochbauten']"))
    assert "nur organisatorisch verbunden (Hochbaudepartement)" in row.inner_text()
    # an actor with working ties has no such note
    page.evaluate("() => window.quartiernetz.showActor('gz-wipkingen')")
    page.wait_for_selector("#details[data-actor='gz-wipkingen']", state="visible")
    page.wait_for_function("() => document.querySelectorAll('#d-ties li').length > 1")
    assert not page.is_visible("#d-tie-note")
    opened.assert_clean()


def test_brokers_ranking_measures_with_a_question_mark_and_forum_links(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?area=kreis-10&brokers=1", token=s.tokens["viewer"])
    page = opened.page
    brokers = page.locator("#broker-list")
    brokers.get_by_role("listitem").first.wait_for()
    rows = [r for r in api(page, "/api/v1/analyses/brokers?area=kreis-10&top=10")
            if r["betweenness"] > 0]
    assert brokers.get_by_role("listitem").count() == len(rows)
    assert page.get_by_role("heading", name=f"Vermittler ({len(rows)})", exact=True).is_visible()
    # one line says how the list is ordered; its "?" says more
    assert page.inner_text("#broker-how").startswith("Reihenfolge: je zu einem Drittel")
    why = page.get_by_role("button", name="Was heisst «Reihenfolge»?")
    assert why.get_attribute("aria-expanded") == "false"
    why.click()
    assert why.get_attribute("aria-expanded") == "true"
    assert "drei gleich gewichteten Teilen" in page.inner_text("#broker-how")
    # forum co-members counted, and said so, by the forum's name
    wipkingen = page.locator("#broker-list li", has=page.locator(
        "button[data-actor='quartierverein-wipkingen']"))
    assert re.search(r"verbindet 23 Vereine .*; 22 der \d+ Kontakte laufen nur über das Gremium "
                     r"Quartierkonferenz Zürich .* und sind mitgezählt", wipkingen.inner_text())

    first = rows[0]
    brokers.get_by_role("button", name=first["name"], exact=True).click()
    page.wait_for_selector(".mark-reason.broker dl.measures")
    details = page.locator("#details")
    share = percent(first["betweenness"])  # the server's de-CH percent, a second source
    assert f"{share} der kürzesten Wege zwischen anderen" in details.inner_text()
    details.get_by_role("button", name="Was heisst «Auf kürzesten Wegen»?").click()
    assert (f"{first['name']} liegt auf {share} der kürzesten Wege zwischen anderen Akteuren"
            in details.inner_text())
    for term in ("Abhängigkeit von wenigen Kontakten", "Eigenständige Kontakte", "Vermittlerrollen"):
        assert details.get_by_role("button", name=f"Was heisst «{term}»?").is_visible()
    # by keyboard: the "?" is a button in the tab order, Enter opens it
    roles = details.get_by_role("button", name="Was heisst «Vermittlerrollen»?")
    roles.focus()
    page.keyboard.press("Enter")
    assert roles.get_attribute("aria-expanded") == "true"
    assert "Gould & Fernandez" in details.inner_text()
    esize = f"{first['effective_size']:.1f} von {first['degree']}"
    assert esize in details.inner_text()
    assert "Betweenness" not in page.inner_text("#broker-list")  # the jargon only behind "?"
    assert serious_violations(page, "#right") == []
    # English available: the same explanations in English words
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name=f"Brokers ({len(rows)})", exact=True).wait_for()
    assert page.inner_text("#broker-how").startswith("Order: one third each")
    page.get_by_role("button", name="What does “On shortest paths” mean?").wait_for()
    opened.assert_clean()


def test_area_picker_grouped_by_scheme_and_level_in_natural_order(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?area=wipkingen", token=s.tokens["viewer"])
    page = opened.page
    for picker in (page.locator("#filters").get_by_label("Gebiet"), page.locator("#a-areas")):
        groups = picker.evaluate(
            "(sel) => Array.from(sel.querySelectorAll('optgroup')).map(g =>"
            " [g.label, Array.from(g.querySelectorAll('option')).map(o => o.textContent)])")
        labels = [g[0] for g in groups]
        assert labels == ["Stadt", "Kreise", "Quartiere", "Sozialregionen", "Schulkreise",
                          "Quartierkoordination", "Kirchenkreise (reformiert)"]
        kreise = dict(groups)["Kreise"]
        assert [int(re.match(r"Kreis (\d+)", k).group(1)) for k in kreise] == list(range(1, 13))
        assert "Kreis 10 (Höngg, Wipkingen)" in kreise
        assert "Kreis 1 (Altstadt: City, Hochschulen, Lindenhof, Rathaus)" in kreise
        quartiere = dict(groups)["Quartiere"]
        assert quartiere[:3] == ["Affoltern", "Albisrieden", "Alt-Wiedikon"]
        assert "Testquartier <b>fett</b>" in quartiere  # a name as text
        kirche = dict(groups)["Kirchenkreise (reformiert)"]
        assert kirche[:3] == ["Kirchenkreis eins", "Kirchenkreis zwei", "Kirchenkreis drei"]
    assert page.locator("#filters").get_by_label("Gebiet").input_value() == "wipkingen"
    assert serious_violations(page, "#left") == []
    # the page's de-CH numbers are the server's (graph.i18n, a second source)
    said = page.evaluate("() => import('/static/i18n.js').then(m => [m.num(1234.5),"
                         " m.num(1234567, 0), m.pct(0.123), m.pct(0.004), m.day('2026-03-01')])")
    assert said == [number(1234.5), number(1234567), percent(0.123), percent(0.004), "01.03.2026"]
    assert said[:2] == ["1'234.5", "1'234'567"]
    opened.assert_clean()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_has_title_date_legend_and_notice_and_the_print_sheet(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/?area=kreis-10&isolates=1", token=s.tokens["viewer"])
    page = opened.page
    wait_isolates(page, len(api(page, "/api/v1/analyses/isolates?area=kreis-10")))
    canvas = page.evaluate("() => { const c = document.querySelector('#graph canvas');"
                           " return [c.width, c.height, c.clientWidth]; }")
    with page.expect_download() as info:
        page.get_by_role("button", name="Als Bild (PNG)").click()
    assert info.value.suggested_filename == "quartiernetz-kreis-10.png"
    data = Path(info.value.path()).read_bytes()
    width, height = png_size(data)
    ratio = canvas[0] / canvas[2]
    assert width == canvas[0]
    assert height > canvas[1] + 150 * ratio  # the title, date, notice above, the legend below
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "export.png").write_bytes(data)

    # decoded by the browser's own PNG decoder: dark text in the title band, the notice's yellow,
    # the legend's colours (a Verein's blue, the isolated mark's red) below the graph
    bands = page.evaluate(
        """([url, graphH, r]) => new Promise(done => { const img = new Image();
             img.onload = () => { const c = document.createElement('canvas');
               c.width = img.width; c.height = img.height; const x = c.getContext('2d');
               x.drawImage(img, 0, 0);
               const count = (y0, y1, test) => { const d = x.getImageData(0, y0, c.width, y1 - y0).data;
                 let n = 0; for (let i = 0; i < d.length; i += 4) { if (test(d[i], d[i+1], d[i+2])) n++; }
                 return n; };
               const bottom = c.height - graphH;  // at least the legend's band
               done({title: count(0, Math.round(40 * r), (a, b, g) => a < 90 && b < 90 && g < 90),
                     notice: count(0, c.height - graphH, (a, b, g) => a === 255 && b === 244 && g === 214),
                     verein: count(c.height - Math.round(90 * r), c.height, (a, b, g) =>
                       Math.abs(a - 86) < 12 && Math.abs(b - 180) < 12 && Math.abs(g - 233) < 12),
                     red: count(c.height - Math.round(90 * r), c.height, (a, b, g) =>
                       Math.abs(a - 192) < 12 && Math.abs(b - 57) < 12 && Math.abs(g - 43) < 12),
                     bottom: bottom}); };
             img.src = url; })""",
        ["data:image/png;base64," + base64.b64encode(data).decode(), canvas[1], ratio])
    assert bands["title"] > 200, bands
    assert bands["notice"] > 2000, bands
    assert bands["verein"] > 20 and bands["red"] > 20, bands

    # on paper: title, filters, date, notice, the graph as an image, the legend; nothing else
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")  # no dialog
    page.get_by_role("button", name="Drucken / PDF").click()
    assert page.evaluate("() => window.printed") is True
    page.emulate_media(media="print")
    assert page.get_by_role("heading", name="Quartiernetz – Kreis 10").is_visible()
    assert page.get_by_role("heading", name="Legende", exact=True).is_visible()
    sheet = page.locator("#print-sheet")
    text = sheet.inner_text()
    assert re.search(r"Stand \d\d\.\d\d\.20\d\d", text)
    assert "markiert: isolierte Akteure" in text and "illustrativ" in text
    assert "Verein" in text and "isoliert" in text
    assert sheet.get_by_role("img", name="Quartiernetz – Kreis 10").is_visible()
    assert page.evaluate("() => document.querySelector('.print-graph').naturalWidth") == canvas[0]
    assert not page.is_visible("#left") and not page.is_visible("#graph")
    pdf = page.pdf(format="A4", landscape=True)  # fires "beforeprint" in the print layout
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000  # with the graph's picture
    assert re.search(rb"/Count 1\b", pdf)  # on one page
    page.emulate_media(media="screen")
    assert not sheet.is_visible() and page.is_visible("#graph")
    opened.assert_clean()
