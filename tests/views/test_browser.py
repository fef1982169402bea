"""Every view file opened in a real headless Chromium: offline, no console errors, hostile names
shown as text, every script shown correctly. Marked ``browser`` (Debian's chromium)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from api.views import ego_view, network_view
from graph.analysis import analysis_graph, ego_network
from tests.spoken import broker_scores, isolated_actors
from tests.views.conftest import hover_tooltip
from tests.views.data import HOSTILE, UNICODE, page_data, snapshot, synthetic

pytestmark = pytest.mark.browser

DAY = date(2025, 6, 1)
DOCS = Path(__file__).resolve().parents[2] / "docs"

VIEWS = {
    "netz": [],
    "gebiet": ["--area", "Wipkingen"],
    "umfeld": ["--ego", "gz-wipkingen", "--hops", "2"],
    "runder-tisch": ["--invite", "--topic", "Jugend", "--area", "Kreis 10", "--seats", "8",
                     "--reach-isolated", "2"],
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_view_file_opens_offline_without_errors(cli, open_view, tmp_path, name):
    out = tmp_path / f"{name}.html"
    result = cli("view", *VIEWS[name], "--as-of", "2025-06-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    expected = page_data(out.read_text("utf-8"))
    opened = open_view(out)
    page = opened.page
    opened.assert_clean()
    assert opened.requests == [out.resolve().as_uri()]  # the file itself, nothing else
    assert page.evaluate("() => window.quartiernetz.nodes.length") == len(expected["nodes"])
    assert page.evaluate("() => window.quartiernetz.network.physics.options.enabled") is False
    assert page.locator("#legend li").count() >= 3
    first = hover_tooltip(page, 0)
    assert first == expected["nodes"][0][6]  # the tooltip shows exactly our text
    assert first.split("\n")[1].startswith("Art: ")
    if name == "runder-tisch":
        DOCS.mkdir(exist_ok=True)
        page.evaluate("() => window.quartiernetz.network.fit({animation: false})")
        page.wait_for_timeout(100)
        page.screenshot(path=str(DOCS / "round-table.png"))
        assert (DOCS / "round-table.png").stat().st_size > 20_000


def test_large_view_has_its_layout_and_no_physics(open_view, tmp_path):
    G = synthetic(2000)
    out = tmp_path / "gross.html"
    t0 = time.perf_counter()
    out.write_text(network_view(G, brokers=broker_scores(G, method="sampled", samples=32)), "utf-8")
    written = time.perf_counter() - t0
    t0 = time.perf_counter()
    opened = open_view(out)
    shown = time.perf_counter() - t0
    print(f"\n2,000-node view: written in {written:.2f} s (with sampled betweenness), "  # noqa: T201
          f"drawn in Chromium {shown:.2f} s after navigation")
    opened.assert_clean()
    page = opened.page
    assert page.evaluate("() => window.quartiernetz.nodes.length") == 2000
    assert page.evaluate("() => window.quartiernetz.network.physics.options.enabled") is False
    before = page.evaluate("() => window.quartiernetz.network.getPosition(7)")
    data = page_data(out.read_text("utf-8"))
    assert before == pytest.approx({"x": data["nodes"][7][3], "y": data["nodes"][7][4]}, abs=1)


def test_hostile_names_show_as_text_and_run_nothing(open_view, tmp_path):
    S = snapshot(HOSTILE, area_name=HOSTILE[1], topic_name=HOSTILE[7])
    G = analysis_graph(S, as_of=DAY)
    rows, iso = broker_scores(G), isolated_actors(S, as_of=DAY)
    pages = {
        "netz": network_view(G, brokers=rows, isolated=iso, title=HOSTILE[1]),
        "umfeld": ego_view(S, ego_network(S, "a03", hops=3), brokers=rows, isolated=iso),
    }
    for name, html in pages.items():
        out = tmp_path / f"{name}.html"
        out.write_text(html, "utf-8")
        expected = page_data(html)
        opened = open_view(out)
        page = opened.page
        for i in range(len(expected["nodes"])):
            tip = hover_tooltip(page, i)
            assert tip == expected["nodes"][i][6]
            assert tip.split("\n")[0] == (expected["nodes"][i][0] or tip.split("\n")[0])
        page.click("#graph canvas", position={"x": 5, "y": 5})
        heading = page.text_content("h1")
        assert heading == (HOSTILE[1] if name == "netz" else f"Umfeld von {HOSTILE[3]} (3 Schritte)")
        injected = page.evaluate(
            "() => document.querySelectorAll('img, svg, iframe, a, input, details, math, body *"
            " [onerror], [onload]').length")
        assert injected == 0
        assert page.evaluate("() => document.scripts.length") == 3
        page.wait_for_timeout(300)  # time for a late handler (autofocus, ontoggle) to fire
        assert opened.dialogs == [], f"{name}: dialogs opened: {opened.dialogs}"
        opened.assert_clean()


def test_unicode_names_shown_correctly(open_view, tmp_path):
    S = snapshot(UNICODE, area_name="Höngg – Rütihof", topic_name="Integration · Intégration")
    html = network_view(analysis_graph(S), title="Netz um die Bäckerei Müller & Söhne", lang="de")
    out = tmp_path / "unicode.html"
    out.write_text(html, "utf-8")
    opened = open_view(out)
    page = opened.page
    opened.assert_clean()
    assert page.evaluate("() => document.characterSet") == "UTF-8"
    assert page.text_content("h1") == "Netz um die Bäckerei Müller & Söhne"
    data = page_data(html)
    shown = {hover_tooltip(page, i).split("\n")[0] for i in range(len(data["nodes"]))}
    assert set(UNICODE) <= shown
    tip = hover_tooltip(page, data["ids"].index("a03"))
    assert tip.split("\n")[:4] == ["Ελληνική Κοινότητα Ζυρίχης", "Art: Privater Träger",
                                   "Gebiete: Höngg – Rütihof", "Themen: Integration · Intégration"]


def test_the_checks_catch_a_request_a_console_error_and_a_dialog(open_view, tmp_path):
    """The guards above can fail: a careless page (no CSP, a remote image, an alert) trips each."""
    out = tmp_path / "careless.html"
    out.write_text('<!DOCTYPE html><meta charset="utf-8"><img src="http://192.0.2.1/logo.png">'
                   "<script>console.error('kaputt'); alert(1)</script>", "utf-8")
    opened = open_view(out, wait_ready=False)
    opened.page.wait_for_timeout(300)
    assert opened.dialogs == ["alert: 1"]
    with pytest.raises(AssertionError, match="192.0.2.1"):
        opened.assert_clean()
    opened.requests.clear()
    with pytest.raises(AssertionError, match="kaputt"):
        opened.assert_clean()
