"""The view pages as strings: what they contain, escape, mark and lay out (no browser here)."""

from __future__ import annotations

import ast
import base64
import hashlib
import math
import re
from datetime import date
from pathlib import Path

import pytest

import api.views
from api import views
from api.views import ego_view, network_view, round_table_view
from api.views.style import BROKER, CENTER, DIM, FIXED, ISOLATED, SEATED, UNREACHED
from graph.analysis import analysis_graph, ego_network
from graph.i18n import catalogue
from tests.spoken import broker_scores, isolated_actors
from tests.views.data import HOSTILE, markup, page_data, snapshot, synthetic

DAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    S = snapshot(HOSTILE, area_name=HOSTILE[1], topic_name=HOSTILE[5])
    G = analysis_graph(S, as_of=DAY)
    return network_view(G, brokers=broker_scores(G), isolated=isolated_actors(S, as_of=DAY),
                        title=HOSTILE[0])


def test_page_loads_nothing_from_elsewhere(hostile_page):
    plain = markup(hostile_page)
    assert re.findall(r"""\b(?:src|href)\s*=""", plain) == []
    assert "http://" not in plain and "https://" not in plain
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', hostile_page).group(1)
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe-inline" not in csp.split(";")[1]  # scripts only by hash: no injected handler runs
    assert len(re.findall(r"\n<script\b", hostile_page)) == 3  # data, vis-network, ours


def test_csp_allows_exactly_the_inlined_scripts_hashed_from_their_files(hostile_page):
    """The page script is page.js verbatim, and the CSP lists the SHA-256 of each inline script."""
    scripts = re.findall(r"\n<script>(.*?)</script>", hostile_page, re.S)
    assert len(scripts) == 2
    vis, app = scripts
    assert app == (Path(api.views.__file__).parent / "page.js").read_text("utf-8")
    assert "vis.Network" in app and "new vis.DataSet" in app
    hashes = re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", views.page_csp())
    assert hashes == [base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
                      for s in (vis, app)]
    assert f'content="{views.page_csp()}"' in hostile_page


def test_hostile_text_is_escaped_in_markup_and_data(hostile_page):
    plain = markup(hostile_page)
    for bad in ("<img", "<svg", "<iframe", "onerror", "<a ", "<body onload", "<input"):
        assert bad not in plain
    assert "<h1>&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;</h1>" in plain
    block = re.search(r'id="qn-data">(.*?)</script>', hostile_page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in block
    data = page_data(hostile_page)
    labels = {row[0] for row in data["nodes"]}
    assert set(HOSTILE) <= labels  # exactly the text, to be drawn on the canvas as text
    tips = [row[6] for row in data["nodes"]]
    assert any(f"Gebiete: {HOSTILE[1]}" in t for t in tips)
    assert any(f"Themen: {HOSTILE[5]}" in t for t in tips)


def test_tooltips_in_german_and_english():
    S = snapshot(["Quartierverein Höngg", "GZ Höngg", "Allein"], area_name="Höngg")
    G = analysis_graph(S, as_of=DAY)
    rows = broker_scores(G)
    iso = isolated_actors(S, as_of=DAY)
    de = page_data(network_view(G, brokers=rows, isolated=iso, lang="de"))
    tip = dict(zip(de["ids"], (r[6] for r in de["nodes"]), strict=True))
    assert tip["a00"].split("\n")[:4] == ["Quartierverein Höngg", "Art: Bewohnergruppe",
                                          "Gebiete: Höngg", "Themen: Jugend"]
    assert "Isoliert: keine aktuelle Beziehung" in tip["a02"]
    assert "Broker" not in tip["a02"]  # only actors on someone's shortest paths
    assert "Broker (Rang 1): " in tip["a00"]  # between its partner and the city unit
    en = page_data(network_view(G, brokers=rows, isolated=iso, lang="en"))
    assert en["nodes"][en["ids"].index("a00")][6].split("\n")[1] == "kind: residents' group"


def test_no_sharp_s_in_our_german_words():
    view_words = {k: t for k, t in catalogue("de").items() if k[0] == "view"}
    assert len(view_words) > 30 and [k for k, t in view_words.items() if "ß" in str(t)] == []
    S = snapshot(["Strasse", "Gasse"])
    page = network_view(analysis_graph(S), lang="de")
    tips = "\n".join(row[6] for row in page_data(page)["nodes"])
    assert "ß" not in markup(page) + tips and "Grösse: Betweenness" in page


def test_colour_by_kind_size_by_betweenness_brokers_and_isolated_marked():
    S = snapshot([f"Akteur {i}" for i in range(8)], lonely=1)
    G = analysis_graph(S, as_of=DAY)
    rows = broker_scores(G)
    page = network_view(G, brokers=rows, isolated=isolated_actors(S, as_of=DAY), mark_brokers=2)
    data = page_data(page)
    at = dict(zip(data["ids"], data["nodes"], strict=True))
    between = {r["id"]: r["betweenness"] for r in rows}
    hi, lo = max(between, key=between.get), min(between, key=between.get)
    assert at[hi][2] > at[lo][2]
    assert at[lo][2] == 9.0  # the smallest size: no shortest path through it
    assert [v for v in data["ids"] if at[v][5] & BROKER] == sorted(r["id"] for r in rows[:2])
    assert at["a07"][5] & ISOLATED  # the actor without ties
    colours = {at[v][1]: data["colours"][at[v][1]] for v in data["ids"]}
    assert data["colours"][at["hub"][1]] == views.KIND_COLOURS["city_unit"]
    assert len(set(colours.values())) == len(colours)  # one colour per kind
    assert "Dienstabteilung</li>" in page and "Broker</li>" in page and "isoliert</li>" in page


def test_physics_below_the_limit_fixed_layout_above():
    small = page_data(network_view(synthetic(60)))
    assert small["physics"] is True and small["large"] is False
    big_graph = synthetic(1200)
    big = page_data(network_view(big_graph))
    assert big["physics"] is False and big["large"] is True
    assert big["edgeTitles"] is None  # edge tooltips only where physics runs
    assert sum(1 for row in big["nodes"] if row[0]) == 0  # no labels but the marked ones
    assert len(big["edges"]) == 3 * big_graph.number_of_edges()
    assert page_data(network_view(big_graph, physics_limit=2000))["physics"] is True


def test_area_view_draws_outside_partners_faint(tmp_path):  # noqa: ARG001
    S = snapshot(["A", "B", "C"], lonely=0)
    S.graph["areas"]["draussen"] = {"id": "draussen", "name": "Draussen", "parent": None, "covers": []}
    S.nodes["a02"]["areas"] = ["draussen"]
    G = analysis_graph(S, area="quartier")
    page = views.area_view(G, "quartier")
    data = page_data(page)
    at = dict(zip(data["ids"], data["nodes"], strict=True))
    assert at["a02"][5] & DIM and not at["a00"][5] & DIM
    assert "<h1>Gebiet Wipkingen</h1>" in page and "Partner ausserhalb des Gebiets</li>" in page


def test_ego_view_centre_and_distances():
    S = snapshot([f"Akteur {i}" for i in range(6)])
    found = ego_network(S, "a02", hops=2)
    page = ego_view(S, found, lang="de")
    data = page_data(page)
    assert set(data["ids"]) == {"a02"} | {a["id"] for a in found["actors"]}
    at = dict(zip(data["ids"], data["nodes"], strict=True))
    assert at["a02"][5] & CENTER
    assert "Abstand: 1 (über arbeitet zusammen mit)" in at["a01"][6]
    assert "<h1>Umfeld von Akteur 2 (2 Schritte)</h1>" in page


def test_round_table_view_seats_reached_and_unreached():
    S = snapshot(["Seat", "Partner", "Fern"], lonely=1)
    G = analysis_graph(S, as_of=DAY)
    table = {
        "topics": ["thema"], "areas": ["quartier"], "method": "gierige Auswahl",
        "seats": [{"id": "a00", "name": "Seat", "role": "Verein", "reasons": ["aktiv zu Jugend"]}],
        "reached": [{"id": "a00", "via": ["a00"]}, {"id": "a01", "via": ["a00"]}],
        "unreached": [{"id": "a02", "why": ["keine Beziehung zu jemandem am Tisch"]}],
    }
    page = round_table_view(G, table)
    data = page_data(page)
    at = dict(zip(data["ids"], data["nodes"], strict=True))
    assert data["ids"][0] == "a00" and at["a00"][5] & SEATED and at["a00"][5] & FIXED
    assert "Am Tisch: Verein\n– aktiv zu Jugend" in at["a00"][6]
    assert "Erreicht über: Seat" in at["a01"][6]
    assert at["a02"][5] & UNREACHED and at["a02"][5] & DIM
    assert "Nicht erreicht: keine Beziehung zu jemandem am Tisch" in at["a02"][6]
    assert "<h1>Runder Tisch: Jugend in Wipkingen</h1>" in page
    assert math.hypot(at["a00"][3], at["a00"][4]) == pytest.approx(160, abs=0.1)  # on the table's ring


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return imported | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}


def test_views_modules_render_without_store_loaders_or_web_framework():
    """The views are pure rendering: graphs and analysis rows in, HTML out (no store, no files,
    no FastAPI, no pyvis code: only pyvis's vis-network file is read)."""
    modules = sorted(Path(api.views.__file__).parent.glob("*.py"))
    assert len(modules) >= 6
    for path in modules:
        imported = _imports(path)
        assert not {m for m in imported if m.split(".")[0] in ("loaders", "pyvis", "fastapi", "starlette")
                    or m.startswith("graph.store")}, path.name


def test_graph_layer_holds_no_html_or_javascript():
    """HTML and JavaScript live in api/views' template and script files, never under graph/."""
    graph = Path(__file__).resolve().parents[2] / "graph"
    found = [str(p.relative_to(graph)) for p in sorted(graph.rglob("*.py"))
             if "<script" in (text := p.read_text("utf-8").lower()) or "<html" in text]
    assert found == []
    assert len(list(graph.rglob("*.py"))) > 20  # the walk saw the package


# --- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize("args, heading", [
    ([], "<h1>Netzwerk</h1>"),
    (["--area", "Wipkingen"], "<h1>Gebiet Wipkingen</h1>"),
    (["--ego", "gz-wipkingen", "--hops", "2"], "<h1>Umfeld von GZ Wipkingen (2 Schritte)</h1>"),
    (["--invite", "--topic", "Jugend", "--area", "Kreis 10", "--seats", "6"],
     "<h1>Runder Tisch: Jugend in Kreis 10"),
])
def test_cli_writes_each_view(cli, tmp_path, args, heading):
    out = tmp_path / "view.html"
    result = cli("view", *args, "--as-of", "2025-06-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Ansicht geschrieben: {out} (")
    page = out.read_text("utf-8")
    assert heading in page
    assert len(page_data(page)["nodes"]) > 3


def test_cli_refuses_mixed_modes_and_reports_unknown_actor(cli, tmp_path):
    out = str(tmp_path / "x.html")
    mixed = cli("view", "--ego", "gz-wipkingen", "--area", "Wipkingen", "-o", out)
    assert mixed.exit_code == 2 and "--ego passt nicht zu --area" in mixed.output
    lonely = cli("view", "--invite", "--topic", "Jugend", "-o", out)
    assert lonely.exit_code == 2 and "--invite braucht --topic und --area" in lonely.output
    unknown = cli("view", "--ego", "gibt-es-nicht", "-o", out)
    assert unknown.exit_code == 1 and "gibt-es-nicht" in unknown.output
    english = cli("--lang", "en", "view", "--area", "wipkingen", "-o", out)
    assert english.exit_code == 0 and english.output.startswith("View written:")
    assert "<h1>Area Wipkingen</h1>" in Path(out).read_text("utf-8")


def test_legend_lists_only_the_shapes_that_are_drawn():
    """A seated broker is drawn as a square, so 'Broker' must not appear in the legend for it."""
    from api.views.data import Node, legend_marks

    seated_broker = Node("a", {"name": "A", "kind": "association"}, SEATED | BROKER)
    labels = [text for _, text in legend_marks([seated_broker], "de")]
    assert "Broker" not in " ".join(labels)
    free_broker = Node("b", {"name": "B", "kind": "association"}, BROKER)
    assert any(flag == BROKER for flag, _ in legend_marks([seated_broker, free_broker], "de"))
