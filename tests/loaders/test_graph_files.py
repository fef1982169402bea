"""GEXF and GraphML from other tools (issue 13 items 1 and 2): files written by NetworkX and
igraph themselves, and by hand after the specifications for what only Gephi or yEd write (GEXF
1.1draft and 1.3, dynamic spells, viz, ``<default>``s, yEd labels). Each loads with the
documented options and equals NetworkX's reading of the same file where NetworkX can read it."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.store.sqlite import SqliteStore
from loaders.generic import parse_choices
from loaders.load import LoadError, load_files
from tests.loaders.conftest import cli, write


def ties_of(store) -> dict[tuple[str, str, str], float]:
    """(kind, source, target) -> weight of every stored tie."""
    S = store.snapshot()
    return {(d["kind"], u, v): d["weight"] for u, v, d in S.edges(data=True)}


def actors(store) -> dict[str, tuple[str, str]]:
    """Stored actor id -> (name, kind)."""
    return {v: (d["name"], str(d["kind"])) for v, d in store.snapshot().nodes(data=True)}


def by_source_id(store) -> dict[str, str]:
    """The file's node id -> the stored actor id."""
    return {d.get("source_id") or v: v for v, d in store.snapshot().nodes(data=True)}


def same_as_networkx(store, G: nx.Graph) -> None:
    """Nodes, edges and weights as NetworkX read them (a missing weight is 1.0)."""
    ids = by_source_id(store)
    assert sorted(ids) == sorted(str(n) for n in G.nodes)
    ours = {frozenset((u, v)): w for (_, u, v), w in ties_of(store).items()}
    theirs = {frozenset((ids[str(u)], ids[str(v)])): d.get("weight", 1.0) for u, v, d in G.edges(data=True)}
    assert ours == pytest.approx(theirs)


# ---------------------------------------------------------------------------------------------
# Files written by the tools themselves


def test_a_networkx_gexf_without_parallel_edges_loads_with_a_default_kind(sqlite_store, tmp_path):
    """The crash of issue 13 (``edges(keys=True)`` on a plain Graph) and weights as counts."""
    G = nx.les_miserables_graph()
    nx.write_gexf(G, tmp_path / "lesmis.gexf")
    choices = parse_choices(default_kind="association")
    report = load_files(sqlite_store, [tmp_path / "lesmis.gexf"], choices=choices)
    assert report.result.counts["actor"].created == 77 and report.result.counts["tie"].created == 254
    same_as_networkx(sqlite_store, nx.read_gexf(tmp_path / "lesmis.gexf"))
    valjean = sqlite_store.get_actor("valjean")
    assert (valjean.name, valjean.source_id, valjean.kind.value) == ("Valjean", "Valjean", "association")
    assert max(ties_of(sqlite_store).values()) == 31  # Valjean and Cosette: counts are kept


def test_a_networkx_graphml_loads_and_equals_networkxs_reading(sqlite_store, tmp_path):
    G = nx.karate_club_graph()
    for *_, d in G.edges(data=True):
        d["weight"] = float(d["weight"]) / 2  # 0.5 .. 3.5: fractions are kept
    nx.write_graphml(G, tmp_path / "karate.graphml")
    load_files(
        sqlite_store, [tmp_path / "karate.graphml"], choices=parse_choices(default_kind="resident_group")
    )
    same_as_networkx(sqlite_store, nx.read_graphml(tmp_path / "karate.graphml"))
    assert 0.5 in ties_of(sqlite_store).values()


def test_an_igraph_graphml_loads_and_equals_networkxs_reading(sqlite_store, tmp_path):
    igraph = pytest.importorskip("igraph")
    g = igraph.Graph.Famous("Zachary")
    g.vs["name"] = [f"Person {i}" for i in range(g.vcount())]
    g.es["weight"] = [1 + (i % 4) * 0.5 for i in range(g.ecount())]
    g.write_graphml(str(tmp_path / "zachary.graphml"))
    load_files(
        sqlite_store,
        [tmp_path / "zachary.graphml"],
        choices=parse_choices(default_kind="association", id_prefix="zk"),
    )
    same_as_networkx(sqlite_store, nx.read_graphml(tmp_path / "zachary.graphml"))
    first = sqlite_store.get_actor("zk-n0")
    assert (first.name, first.source_id) == ("Person 0", "n0")


def test_a_directed_networkx_graphml_gives_informs_ties_unless_told(sqlite_store, tmp_path):
    G = nx.DiGraph([("a", "b", {"weight": 2}), ("b", "a", {"weight": 1}), ("b", "c", {"weight": 4})])
    nx.write_graphml(G, tmp_path / "dir.graphml")
    load_files(sqlite_store, [tmp_path / "dir.graphml"], choices=parse_choices(default_kind="institution"))
    assert ties_of(sqlite_store) == {
        ("informs", "a", "b"): 2,
        ("informs", "b", "a"): 1,
        ("informs", "b", "c"): 4,
    }
    with SqliteStore(tmp_path / "funds.db") as other:
        load_files(
            other,
            [tmp_path / "dir.graphml"],
            choices=parse_choices(default_kind="institution", tie_kind="finanziert"),
        )
        assert {k for k, _, _ in ties_of(other)} == {"funds"}


# ---------------------------------------------------------------------------------------------
# Written by hand after the specifications (what only Gephi and yEd write)

GEXF_11 = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.1draft" xmlns:viz="http://www.gexf.net/1.1draft/viz" version="1.1">
<graph defaultedgetype="undirected" mode="static">
<attributes class="node" mode="static">
<attribute id="0" title="Country" type="string"><default>CH</default></attribute>
<attribute id="1" title="kind" type="string"/>
</attributes>
<nodes>
<node id="0" label="GZ Höngg"><attvalues><attvalue for="1" value="institution"/></attvalues>
<viz:size value="10.0"/><viz:position x="1.5" y="-2" z="0.0"/><viz:color r="236" g="81" b="72"/></node>
<node id="1" label="QV Höngg"><attvalues><attvalue for="1" value="Verein"/>
<attvalue for="0" value="DE"/></attvalues></node>
<node id="2" label="Spitex"/>
</nodes>
<edges>
<edge id="0" source="0" target="1" weight="2.5"/>
<edge id="1" source="1" target="2"/>
</edges>
</graph>
</gexf>
"""

GEXF_13 = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
<meta lastmodifieddate="2024-05-01"><creator>Gephi 0.10.1</creator></meta>
<graph defaultedgetype="directed" mode="dynamic" timeformat="date">
<attributes class="node" mode="static">
<attribute id="typ" title="Typ" type="string"><default>Verein</default></attribute>
</attributes>
<attributes class="edge" mode="static"><attribute id="art" title="kind" type="string"/></attributes>
<nodes>
<node id="A" label="Jean Valjean"><viz:color r="1" g="2" b="3" a="0.5"/></node>
<node id="B" label="Javert"><attvalues><attvalue for="typ" value="Polizei"/></attvalues></node>
<node id="C" label="Cosette"/>
</nodes>
<edges>
<edge id="0" source="A" target="B" weight="2" start="2021-03-01" end="2025-12-31"/>
<edge id="1" source="B" target="C" type="undirected">
<spells><spell start="2019-01-01" end="2020-06-30"/>
<spell start="2022-01-01T08:00:00" end="2023-12-31"/></spells>
</edge>
<edge id="2" source="C" target="A" type="mutual" weight="0.75">
<attvalues><attvalue for="art" value="funds"/></attvalues></edge>
</edges>
</graph>
</gexf>
"""

YED = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
<key for="node" id="d0" yfiles.type="nodegraphics"/>
<key attr.name="kind" attr.type="string" for="node" id="d1"><default>association</default></key>
<key attr.name="weight" attr.type="double" for="edge" id="d2"><default>2.0</default></key>
<key for="edge" id="d3" yfiles.type="edgegraphics"/>
<graph edgedefault="undirected" id="G">
<node id="n0"><data key="d0"><y:ShapeNode><y:Geometry height="30" width="30" x="0" y="0"/>
<y:NodeLabel alignment="center">Quartierverein Höngg</y:NodeLabel></y:ShapeNode></data></node>
<node id="n1"><data key="d0"><y:ShapeNode><y:NodeLabel>GZ Höngg</y:NodeLabel></y:ShapeNode></data>
<data key="d1">institution</data></node>
<node id="n2"/>
<edge source="n0" target="n1"><data key="d3">
<y:PolyLineEdge><y:LineStyle color="#000000"/></y:PolyLineEdge></data></edge>
<edge source="n1" target="n2"><data key="d2">0.5</data></edge>
</graph>
</graphml>
"""


def test_gexf_11draft_with_viz_defaults_and_no_weight(sqlite_store, tmp_path):
    path = write(tmp_path, "websample.gexf", GEXF_11)
    load_files(sqlite_store, [path], choices=parse_choices(default_kind="private_provider"))
    assert actors(sqlite_store) == {
        "0": ("GZ Höngg", "institution"),
        "1": ("QV Höngg", "association"),
        "2": ("Spitex", "private_provider"),
    }
    # undirected by default; a missing weight is the specification's 1.0
    assert ties_of(sqlite_store) == {("cooperates_with", "0", "1"): 2.5, ("cooperates_with", "1", "2"): 1}


def test_gexf_13_with_spells_edge_types_and_a_kind_map(sqlite_store, tmp_path):
    path = write(tmp_path, "gephi.gexf", GEXF_13)
    choices = parse_choices(kind_from="Typ", maps=["Verein=association", "Polizei=Dienstabteilung"])
    load_files(sqlite_store, [path], choices=choices)
    ids = by_source_id(sqlite_store)
    assert ids == {"A": "a", "B": "b", "C": "c"}
    assert {v: kind for v, (_, kind) in actors(sqlite_store).items()} == {
        "a": "association",
        "b": "city_unit",
        "c": "association",
    }  # the attribute's default
    assert ties_of(sqlite_store) == {
        ("informs", "a", "b"): 2,
        ("cooperates_with", "b", "c"): 1,
        ("funds", "c", "a"): 0.75,
    }
    informs = sqlite_store.get_tie("informs:a:b")
    assert (informs.since, informs.until) == (date(2021, 3, 1), date(2025, 12, 31))
    spells = sqlite_store.get_tie("cooperates_with:b:c")
    assert (spells.since, spells.until) == (date(2019, 1, 1), date(2023, 12, 31))


def test_yed_labels_are_names_and_graphml_defaults_apply(sqlite_store, tmp_path):
    path = write(tmp_path, "yed.graphml", YED)
    load_files(sqlite_store, [path])
    assert actors(sqlite_store) == {
        "n0": ("Quartierverein Höngg", "association"),
        "n1": ("GZ Höngg", "institution"),
        "n2": ("n2", "association"),
    }
    assert ties_of(sqlite_store) == {("cooperates_with", "n0", "n1"): 2, ("cooperates_with", "n1", "n2"): 0.5}


def test_name_from_an_attribute(sqlite_store, tmp_path):
    G = nx.Graph()
    G.add_node("x1", Bezeichnung="Familienzentrum Wipkingen")
    G.add_node("x2", Bezeichnung="Ludothek")
    G.add_edge("x1", "x2")
    nx.write_graphml(G, tmp_path / "named.graphml")
    load_files(
        sqlite_store,
        [tmp_path / "named.graphml"],
        choices=parse_choices(default_kind="association", name_from="Bezeichnung"),
    )
    assert sqlite_store.get_actor("x1").name == "Familienzentrum Wipkingen"


def test_parallel_edges_are_merged_with_their_weights_summed_and_counted(sqlite_store, tmp_path):
    G = nx.MultiGraph()
    G.add_edge("bos", "jfk", weight=3)
    G.add_edge("jfk", "bos", weight=4)  # the other way round: the same undirected pair
    G.add_edge("bos", "jfk")  # no weight: 1
    G.add_edge("jfk", "lax", weight=2)
    nx.write_gexf(G, tmp_path / "flights.gexf")
    report = load_files(
        sqlite_store, [tmp_path / "flights.gexf"], choices=parse_choices(default_kind="institution")
    )
    assert ties_of(sqlite_store) == {
        ("cooperates_with", "bos", "jfk"): 8,
        ("cooperates_with", "jfk", "lax"): 2,
    }
    assert [n.render() for n in report.notes] == [
        "flights.gexf: 2 parallele Kanten (gleiche Art, gleiche Enden) zusammengefasst, ihre Gewichte addiert"
    ]


# ---------------------------------------------------------------------------------------------
# What goes wrong is said: node or edge, line, what to do


def test_a_node_without_kind_names_its_line_the_kinds_and_the_option(sqlite_store, tmp_path):
    path = write(tmp_path, "websample.gexf", GEXF_11)
    line = GEXF_11.splitlines().index('<node id="2" label="Spitex"/>') + 1
    with pytest.raises(LoadError) as caught:
        load_files(sqlite_store, [path])
    text = str(caught.value)
    assert (
        f"websample.gexf:{line}: kind: Knoten «2» hat keine Akteursart (kind); erlaubt: resident_group,"
        in text
    )
    assert "--default-kind ART" in text and sqlite_store.version() == 0


def test_two_ids_that_would_derive_the_same_id_are_named_both(sqlite_store, tmp_path):
    G = nx.Graph([("Jean Valjean", "jean-valjean"), ("jean-valjean", "Javert")])
    nx.write_graphml(G, tmp_path / "clash.graphml")
    with pytest.raises(LoadError) as caught:
        load_files(
            sqlite_store, [tmp_path / "clash.graphml"], choices=parse_choices(default_kind="association")
        )
    lines = (tmp_path / "clash.graphml").read_text().splitlines()
    first = next(i for i, row in enumerate(lines, 1) if '<node id="Jean Valjean"' in row)
    second = next(i for i, row in enumerate(lines, 1) if '<node id="jean-valjean"' in row)
    assert (
        f"clash.graphml:{second}: id: die Knoten «Jean Valjean» (Zeile {first}) und «jean-valjean» "
        "ergäben dieselbe Kennung «jean-valjean»"
    ) in str(caught.value)
    assert sqlite_store.version() == 0


def test_an_id_prefix_keeps_two_files_numeric_ids_apart(sqlite_store, tmp_path):
    nx.write_gexf(nx.path_graph(3), tmp_path / "a.gexf")
    nx.write_gexf(nx.path_graph(3), tmp_path / "b.gexf")
    load_files(
        sqlite_store, [tmp_path / "a.gexf"], choices=parse_choices(default_kind="association", id_prefix="a")
    )
    load_files(
        sqlite_store, [tmp_path / "b.gexf"], choices=parse_choices(default_kind="association", id_prefix="b")
    )
    assert sorted(actors(sqlite_store)) == ["a-0", "a-1", "a-2", "b-0", "b-1", "b-2"]


def test_a_graphml_edge_without_id_has_its_line_in_errors(sqlite_store, tmp_path):
    text = YED.replace('<edge source="n1" target="n2">', '<edge source="n1" target="n9">')
    line = next(i for i, row in enumerate(text.splitlines(), 1) if 'target="n9"' in row)
    with pytest.raises(LoadError) as caught:
        load_files(sqlite_store, [write(tmp_path, "yed.graphml", text)])
    assert f"yed.graphml:{line}: " in str(caught.value) and "«n9»" in str(caught.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--default-kind", "club"], "--default-kind 'club': resident_group, association,"),
        (["--tie-kind", "likes"], "--tie-kind 'likes': cooperates_with,"),
        (["--map", "Verein"], "--map 'Verein': VALUE=KIND"),
        (["--map", "Verein=association"], "--map needs --kind-from ATTR"),
        (["--id-prefix", "A B"], "--id-prefix 'A B': a-z, 0-9 and -"),
    ],
)
def test_a_bad_choice_is_refused_naming_the_option(tmp_path, args, message):
    path = write(tmp_path, "websample.gexf", GEXF_11)
    result = cli(tmp_path / "q.db", "load", path, *args)
    assert result.exit_code == 1 and message in result.output


def test_the_cli_loads_with_kind_from_and_map(tmp_path):
    path = write(tmp_path, "gephi.gexf", GEXF_13)
    db = tmp_path / "q.db"
    result = cli(
        db, "load", path, "--kind-from", "Typ", "--map", "Verein=association", "--map", "Polizei=city_unit"
    )
    assert result.exit_code == 0, result.output
    with SqliteStore(db) as store:
        assert store.get_actor("b").kind.value == "city_unit"
