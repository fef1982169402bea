"""The Quartierbericht as HTML in a real Chromium: it asks no other host for anything (a request
listener records every request), shows no console error, and hostile names stay text (no
dialog opens, no element is injected). Also the CLI that writes it: one area, every area of a
level, the format by the file's ending."""

from __future__ import annotations

from datetime import date

import pytest

from api.report import build_report
from graph.store.sqlite import SqliteStore
from tests.report.pdf import pdf_text

pytestmark = pytest.mark.browser


def test_the_html_report_asks_nothing_of_any_host(cli, open_view, tmp_path):
    out = tmp_path / "wipkingen.html"
    result = cli("report", "--area", "wipkingen", "--as-of", "2026-06-30", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Bericht geschrieben" in result.output
    opened = open_view(out, wait_ready=False)
    opened.page.wait_for_load_state("load")
    opened.assert_clean()
    assert opened.requests == [out.resolve().as_uri()]  # the file itself, nothing else
    assert opened.page.title() == "Quartierbericht Wipkingen"
    # the figures are drawn: the map, two bar charts and the network (SVG inline)
    assert opened.page.locator("svg").count() >= 4
    assert opened.page.locator("svg text.label").count() >= 3


def test_hostile_names_stay_text_in_chromium(open_view, tmp_path):
    store = SqliteStore(tmp_path / "h.db")
    store.apply({
        "areas": [{"id": "q", "name": "<img src=x onerror=alert(1)>", "level": "quartier"}],
        "topics": [],
        "actors": [{"id": "a", "name": "<script>alert(2)</script>", "kind": "association", "areas": ["q"]},
                   {"id": "b", "name": "\"><svg onload=alert(3)>", "kind": "institution", "areas": ["q"]},
                   {"id": "c", "name": "\u202eRTL مرحبا", "kind": "city_unit", "areas": ["q"]}],
        "ties": [{"source": "a", "target": "b", "kind": "cooperates_with"},
                 {"source": "b", "target": "c", "kind": "cooperates_with"}]})
    S = store.snapshot()
    store.close()
    out = tmp_path / "boese.html"
    out.write_bytes(build_report(S, "q", as_of=date(2026, 6, 30)))
    opened = open_view(out, wait_ready=False)
    opened.page.wait_for_load_state("load")
    opened.page.wait_for_timeout(300)
    opened.assert_clean()
    assert opened.dialogs == []
    assert opened.page.locator("img").count() == 0 and opened.page.locator("script").count() == 0
    text = opened.page.inner_text("body")
    assert "\"><svg onload=alert(3)>" in text  # the broker, in the table
    everything = opened.page.evaluate("document.documentElement.textContent")  # SVG text too
    assert "<script>alert(2)</script>" in everything and "\u202eRTL مرحبا" in everything
    assert opened.page.title() == "Quartierbericht <img src=x onerror=alert(1)>"


def test_every_area_of_a_level_and_the_format_by_ending(cli, tmp_path):
    result = cli("report", "--all-areas", "--level", "kreis", "--as-of", "2026-06-30", "-o",
                 str(tmp_path / "kreise"))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "kreise").iterdir())
    assert len(written) == 12 and "kreis-10.pdf" in written
    text = pdf_text((tmp_path / "kreise" / "kreis-10.pdf").read_bytes())
    assert "Quartierbericht Kreis 10" in text and "Stadtkreis" in text
    bad = cli("report", "--area", "wipkingen", "-o", str(tmp_path / "x.docx"))
    assert bad.exit_code == 2 and ".pdf oder .html" in bad.output
    both = cli("report", "--area", "wipkingen", "--all-areas", "-o", str(tmp_path / "y.pdf"))
    assert both.exit_code == 2 and "entweder --area oder --all-areas" in both.output
    english = cli("--lang", "en", "report", "--area", "wipkingen", "-o", str(tmp_path / "w.pdf"))
    assert english.exit_code == 0, english.output
    assert "Neighbourhood report Wipkingen" in pdf_text((tmp_path / "w.pdf").read_bytes())
    unknown = cli("report", "--area", "nirgends", "-o", str(tmp_path / "n.pdf"))
    assert unknown.exit_code == 1 and "nirgends" in unknown.output and not (tmp_path / "n.pdf").exists()


def test_the_browser_links_the_areas_report(zurich_server, open_url):
    s = zurich_server
    opened = open_url(f"{s.url}/login#token={s.tokens['viewer']}", ready="map")
    page = opened.page
    link = page.locator("#report-link")
    assert not link.is_visible()  # the whole city: no area, no report link
    page.get_by_role("group", name="Karte der Quartiere").get_by_role(
        "button", name="Höngg", exact=True).click()
    page.wait_for_function("() => !document.getElementById('report-link').hidden")
    assert link.inner_text() == "Quartierbericht (PDF)"
    href = link.get_attribute("href")
    assert href.startswith("/api/v1/reports/hoengg?format=pdf")
    got = page.evaluate("""(u) => fetch(u).then(r => r.arrayBuffer().then(b => [r.status,
                             r.headers.get('content-type'), new Uint8Array(b.slice(0, 5))]))""", href)
    assert got[0] == 200 and got[1] == "application/pdf"
    assert bytes(got[2].values() if isinstance(got[2], dict) else got[2]) == b"%PDF-"
    opened.assert_clean()
