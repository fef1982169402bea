"""The Quartierbericht's parts on small hand-made networks: changes by the ties' validity,
an area without ties, hostile names in HTML and PDF, labels that never overlap, de-CH numbers.
Expected values are worked out by hand from the few ties each test writes."""

from __future__ import annotations

import html as htmllib
import random
import re
from datetime import date
from itertools import combinations

import networkx as nx
import pytest
from markupsafe import escape

from api.report import build_report, report_data
from api.report.render import render_html
from api.report.svg import LABEL_SIZE, NET_HEIGHT, NET_WIDTH, Box, network_figure, place_labels
from graph.analysis.changes import network_changes
from graph.errors import InvalidInputError, NotFoundError
from graph.store.sqlite import SqliteStore
from tests.report.pdf import figure, pdf_text

AREAS = [
    {"id": "zuerich", "name": "Zürich", "level": "city"},
    {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich"},
    {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
    {"id": "wipkingen", "name": "Wipkingen", "level": "quartier", "parent": "kreis-10"},
]
SINCE, AS_OF = date(2025, 1, 1), date(2026, 1, 1)


def actor(i: str, name: str, kind: str, area: str = "hoengg", topics: tuple[str, ...] = ()) -> dict:
    return {"id": i, "name": name, "kind": kind, "areas": [area], "topics": list(topics)}


@pytest.fixture
def changing(tmp_path) -> nx.MultiDiGraph:
    """Höngg: a verein (a), the GZ (b), a resident group (c), Soziale Dienste (d, city unit).
    On SINCE a-b and b-c hold (b brokers between a and c), b-d holds. Until AS_OF b-c ends
    (2025-06-30) and a-e begins (2025-03-01, e a second verein): c is cut off, b brokers
    between a and d still? No: b-d ends too (2025-09-30), so b sits on no path any more."""
    store = SqliteStore(tmp_path / "q.db")
    store.apply({
        "areas": AREAS, "topics": [{"id": "alter", "name": "Alter"}],
        "actors": [actor("a", "Verein A", "association", topics=("alter",)),
                   actor("b", "GZ B", "institution"),
                   actor("c", "Bewohner C", "resident_group"),
                   actor("d", "Soziale Dienste D", "city_unit"),
                   actor("e", "Verein E", "association")],
        "ties": [
            {"source": "a", "target": "b", "kind": "cooperates_with", "since": "2020-01-01"},
            {"source": "b", "target": "c", "kind": "cooperates_with", "since": "2020-01-01",
             "until": "2025-06-30"},
            {"source": "b", "target": "d", "kind": "cooperates_with", "since": "2020-01-01",
             "until": "2025-09-30"},
            {"source": "a", "target": "d", "kind": "cooperates_with", "since": "2020-01-01"},
            {"source": "a", "target": "e", "kind": "cooperates_with", "since": "2025-03-01"},
        ],
    })
    S = store.snapshot()
    store.close()
    return S


def test_changes_follow_the_ties_validity(changing):
    r = report_data(changing, "hoengg", as_of=AS_OF, since=SINCE)
    gained = {(t["source_name"], t["target_name"]) for t in r.changes["ties_gained"]}
    lost = {(t["source_name"], t["target_name"]) for t in r.changes["ties_lost"]}
    assert gained == {("Verein A", "Verein E")}
    assert lost == {("GZ B", "Bewohner C"), ("GZ B", "Soziale Dienste D")}
    # on SINCE: c-b-a-d and b-d: b on the paths c..a, c..d; on AS_OF c has no tie at all
    assert [x["id"] for x in r.changes["became_isolated"]] == ["c"]
    # b's only partner on AS_OF is a: no brokerage, constraint 1, no betweenness: score 0
    assert [x["id"] for x in r.changes["stopped_brokering"]] == ["b"]
    assert r.changes == network_changes(changing, since=SINCE, until=AS_OF, area="hoengg") | {
        k: [{**t, "illustrative": False} for t in r.changes[k]] for k in ("ties_gained", "ties_lost")}
    page = render_html(r, "de")
    section = page[page.index("Veränderungen</h2>"):page.index('class="net"')]
    assert "1 neue Beziehung" in section and "2 weggefallene Beziehungen" in section
    assert "Bewohner C" in section and "GZ B" in section


def test_key_figures_by_hand(changing):
    r = report_data(changing, "hoengg", as_of=AS_OF, since=SINCE)
    assert (r.actors, r.forums) == (5, 0)
    assert r.by_sector == {"population": 1, "civil_society": 2, "institution": 1, "administration": 1}
    # ties on AS_OF: a-b, a-d, a-e: civil-institution, civil-administration, civil-civil
    assert r.ties == 3 and (r.ties_within, r.ties_between) == (1, 2)
    # outside the administration: a, b, c, e; c has no tie: 3 of 4 reach d in two steps
    assert r.reach == {"eligible": 4, "reached": 3}
    # c has no tie; e's only partner (a) is in its own sector (civil society)
    assert [x["id"] for x in r.isolated] == ["c", "e"]
    # sectors present: population (c), civil society (a, e), institution (b), administration
    # (d); tied pairs: civil-institution, civil-administration; the other four have no tie
    assert sorted(tuple(g["sectors"]) for g in r.sector_gaps) == sorted([
        ("population", "civil_society"), ("population", "institution"),
        ("population", "administration"), ("institution", "administration")])


def test_topics_without_a_responsible_unit(changing, tmp_path):
    # a works on Alter and no city unit does (d has no topics): Alter has no responsible unit
    r = report_data(changing, "hoengg", as_of=AS_OF, since=SINCE)
    assert r.orphan_topics == [{"id": "alter", "name": "Alter", "actors": 1}]
    # a city-wide unit on Alter is responsible for Höngg too (an area containing it)
    store = SqliteStore(tmp_path / "t.db")
    store.apply({"areas": AREAS, "topics": [{"id": "alter", "name": "Alter"}],
                 "actors": [actor("a", "Verein A", "association", topics=("alter",)),
                            actor("amt", "Amt", "city_unit", area="zuerich", topics=("alter",))]})
    S = store.snapshot()
    store.close()
    assert report_data(S, "hoengg", as_of=AS_OF, since=SINCE).orphan_topics == []


def test_forums_and_the_sectors_missing_in_them(tmp_path):
    store = SqliteStore(tmp_path / "f.db")
    store.apply({"areas": AREAS, "topics": [],
                 "actors": [actor("a", "Verein A", "association"), actor("b", "GZ B", "institution"),
                            actor("d", "Amt D", "city_unit"), actor("f", "Forum F", "forum")],
                 "ties": [{"source": "a", "target": "f", "kind": "member_of"},
                          {"source": "b", "target": "f", "kind": "member_of"}]})
    S = store.snapshot()
    store.close()
    r = report_data(S, "hoengg", as_of=AS_OF, since=SINCE)
    assert r.forum_rows == [{"id": "f", "name": "Forum F", "members": ["GZ B", "Verein A"],
                             "missing": ["administration"]}]
    page = render_html(r, "de")
    assert "Forum F: ohne Verwaltung" in page


def test_a_quartier_without_ties_gives_a_sensible_report(tmp_path):
    store = SqliteStore(tmp_path / "e.db")
    store.apply({"areas": AREAS, "topics": [],
                 "actors": [actor("a", "Verein A", "association", area="wipkingen"),
                            actor("b", "GZ B", "institution", area="wipkingen"),
                            actor("d", "Amt D", "city_unit", area="wipkingen")]})
    S = store.snapshot()
    store.close()
    pdf = build_report(S, "wipkingen", as_of=AS_OF, fmt="pdf")
    text = pdf_text(pdf)
    flat = " ".join(pdf_text(pdf, layout=False).split())
    assert figure(text, "Akteure im Gebiet") == "3"
    assert figure(text, "isolierte Akteure") == "3"
    assert figure(text, "in Reichweite der Verwaltung") == "0 % (0/2)"
    assert figure(text, "Beziehungen zwischen") == "0"
    for line in ("Im Gebiet ist am Stichtag keine Beziehung erfasst.", "Keine Anliegen erfasst.",
                 "Keine neue Beziehung im Zeitraum.", "Niemand verbindet im Gebiet Akteure"):
        assert line in flat
    assert "Hinweis" not in flat  # no tie shown, so none is illustrative
    assert text.count("\f") >= 4  # first page, network page, annex
    # an area with no actor at all still gives a report
    empty = build_report(S, "hoengg", as_of=AS_OF).decode()
    assert "Im Gebiet sind keine Akteure erfasst." in empty
    assert "kein Netzwerk zu zeichnen" in empty


HOSTILE = {
    "x1": "<script>alert(1)</script>",
    "x2": "Verein \"Zitat\" & 'Apostroph' <b>fett</b>",
    "x3": "\u202eRTL مرحبا بكم Verein",
    "x4": " ".join(["Langername"] * 45)[:500],
}


@pytest.fixture
def hostile(tmp_path) -> nx.MultiDiGraph:
    store = SqliteStore(tmp_path / "h.db")
    areas = [*AREAS, {"id": "boese", "name": "<img src=x onerror=alert(2)>", "level": "quartier",
                      "parent": "kreis-10"}]
    store.apply({"areas": areas, "topics": [{"id": "t", "name": "<i>Thema</i>"}],
                 "actors": [actor(i, n, "association", area="boese", topics=("t",))
                            for i, n in HOSTILE.items()] + [actor("gz", "GZ", "institution", area="boese")],
                 "ties": [{"source": "x1", "target": "x2", "kind": "cooperates_with"},
                          {"source": "x2", "target": "gz", "kind": "cooperates_with"},
                          {"source": "x3", "target": "gz", "kind": "cooperates_with"}]})
    S = store.snapshot()
    store.close()
    return S


def test_hostile_names_render_as_text_in_html(hostile):
    page = build_report(hostile, "boese", as_of=AS_OF).decode()
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert str(escape(HOSTILE["x2"])) in page  # quotes as &#34; and &#39;, < as &lt;
    assert HOSTILE["x2"] in htmllib.unescape(page) and HOSTILE["x3"] in page
    assert HOSTILE["x4"] in page  # 500 characters, as they are
    assert "onerror=alert(2)>" not in page.replace("&lt;img src=x onerror=alert(2)&gt;", "")


def test_hostile_names_render_as_text_in_pdf(hostile):
    flat = " ".join(pdf_text(build_report(hostile, "boese", as_of=AS_OF, fmt="pdf"), layout=False).split())
    assert "<script>alert(1)</script>" in flat
    assert "<img src=x onerror=alert(2)>" in flat
    assert "Verein \"Zitat\" & 'Apostroph' <b>fett</b>" in flat
    assert "Langername Langername" in flat
    assert "مرحبا" in flat or "ابحرم" in flat  # pdftotext may give RTL text in visual order


def test_period_start_after_the_day_is_refused(changing):
    with pytest.raises(InvalidInputError) as caught:
        build_report(changing, "hoengg", as_of=SINCE, since=AS_OF)
    assert "2026-01-01" in str(caught.value) and "--since" in str(caught.value)
    with pytest.raises(NotFoundError):
        build_report(changing, "nowhere", as_of=AS_OF)


def _boxes_apart(labels: list[dict]) -> None:
    for a, b in combinations(labels, 2):
        assert not a["box"].overlaps(b["box"]), (a["text"], b["text"])
    for label in labels:
        box = label["box"]
        assert 0 <= box.x and box.x + box.w <= NET_WIDTH and 0 <= box.y and box.y + box.h <= NET_HEIGHT


def test_labels_never_overlap_on_a_dense_network():
    rng = random.Random(7)
    G = nx.gnm_random_graph(120, 400, seed=7)
    nx.set_node_attributes(G, {v: f"Akteur Nummer {v} mit langem Namen" for v in G}, "name")
    nx.set_node_attributes(G, {v: rng.choice(["civil_society", "institution"]) for v in G}, "sector")
    fig = network_figure(G, ranked=list(range(30)), isolated=set(), labels=30)
    assert len(fig.labels) >= 5  # the first ones always find a place
    _boxes_apart(fig.labels)
    # the same network and seed: the same picture
    assert network_figure(G, ranked=list(range(30)), isolated=set(), labels=30) == fig


def test_place_labels_leaves_out_what_does_not_fit():
    # eight labels at one point: right, left, above, below, and one row farther up and down
    # (the other places overlap these)
    points = [("Links", 100.0, 100.0, 5.0)] * 8
    placed = place_labels(points, NET_WIDTH, NET_HEIGHT)
    assert len(placed) == 6
    assert [p["leader"] is not None for p in placed] == [False] * 4 + [True] * 2
    _boxes_apart(placed)
    taken = [Box(0, 0, NET_WIDTH, NET_HEIGHT)]  # nothing fits beside a full box
    assert place_labels(points, NET_WIDTH, NET_HEIGHT, taken=taken) == []
    assert LABEL_SIZE >= 9  # readable on A4


def test_numbers_are_swiss_and_english_is_available():
    S = nx.MultiDiGraph(areas={"q": {"id": "q", "name": "Gross", "level": "quartier"}}, topics={},
                        version=3)
    for i in range(1234):
        S.add_node(f"a{i}", name=f"A{i}", kind="association", sector="civil_society", areas=["q"],
                   topics=[])
    r = report_data(S, "q", as_of=AS_OF, since=SINCE)
    de, en = render_html(r, "de"), render_html(r, "en")
    shown = 'data-key="actors">' + str(escape("1'234")) + "<"  # de-CH grouping, both languages
    assert shown in de and shown in en
    assert "Quartierbericht Gross" in de and "Neighbourhood report Gross" in en
    assert "Stand 01.01.2026" in de and "as of 01 Jan 2026" in en
    assert "ß" not in de



def test_section_providers_fill_needs_and_contacts(changing):
    from api.report import Section

    def needs(S, data, lang):  # what the memory records (issue 15) will plug in
        assert data.area["id"] == "hoengg" and lang == "de" and "a" in S
        return [Section(place="needs", title="Offen und erledigt", open=2,
                        paragraphs=["2 offen, 1 erledigt <im Zeitraum>"],
                        headers=["Dienstabteilung", "Tage bis zur ersten Antwort"],
                        rows=[["Soziale Dienste D", "4"]]),
                Section(place="gaps", title="Lange ohne Kontakt", paragraphs=["Amt X: 14 Monate"])]

    plain = build_report(changing, "hoengg", as_of=AS_OF, since=SINCE).decode()
    assert "Keine Anliegen erfasst." in plain and "Keine Kontakte der Dienstabteilungen" in plain
    assert 'data-key="needs">–<' in plain
    page = build_report(changing, "hoengg", as_of=AS_OF, since=SINCE, sections=[needs]).decode()
    assert "Keine Anliegen erfasst." not in page and "Keine Kontakte der Dienstabteilungen" not in page
    assert 'data-key="needs">2<' in page
    assert "2 offen, 1 erledigt &lt;im Zeitraum&gt;" in page  # escaped like every text
    assert "<td>Tage bis zur ersten Antwort</td>" not in page and "Tage bis zur ersten Antwort" in page
    gaps = page[page.index("Lücken</h2>"):page.index("Anliegen</h2>")]
    assert "Lange ohne Kontakt" in gaps and "Amt X: 14 Monate" in gaps


def test_the_pdf_is_a4_with_page_numbers_and_embedded_fonts(changing, tmp_path):
    import subprocess

    pdf = build_report(changing, "hoengg", as_of=AS_OF, since=SINCE, fmt="pdf")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = pdf_text(pdf)
    assert [f"Seite {i} von {pages}" in text for i in range(1, pages + 1)] == [True] * pages
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
