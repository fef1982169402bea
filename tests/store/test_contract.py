"""The store contract: every behaviour here runs against both stores (SQLite and Bolt).

Expected values are written out by hand from the small network below (a second source: reading
the literal data), never computed by the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import networkx as nx
import pytest

from graph.errors import InvalidInputError, NotFoundError
from graph.model import Actor, Tie

AREAS = [
    {"id": "zuerich", "name": "Zürich", "level": "city", "scheme": "stadtkreise"},
    {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich"},
    {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
    {"id": "wipkingen", "name": "Wipkingen", "level": "quartier", "parent": "kreis-10"},
    {"id": "kreis-6", "name": "Kreis 6", "level": "kreis", "parent": "zuerich"},
    {"id": "unterstrass", "name": "Unterstrass", "level": "quartier", "parent": "kreis-6"},
    {"id": "waidberg", "name": "Quartierkoordination Waidberg", "level": "region",
     "scheme": "quartierkoordination", "covers": ["kreis-6", "kreis-10"]},
]
TOPICS = [
    {"id": "alter", "name": "Alter"},
    {"id": "jugend", "name": "Jugend"},
    {"id": "integration", "name": "Integration"},
]
ACTORS = [
    {"name": "GZ Höngg", "kind": "institution", "areas": ["hoengg"], "topics": ["jugend", "alter"],
     "description": "Gemeinschaftszentrum im Quartier", "tags": ["gz"]},
    {"id": "qv-hoengg", "name": "Quartierverein Höngg", "kind": "Verein", "areas": ["hoengg"]},
    {"id": "elterngruppe-wipkingen", "name": "Elterngruppe Wipkingen", "kind": "resident_group",
     "areas": ["wipkingen"], "topics": ["jugend"]},
    {"id": "oja", "name": "Offene Jugendarbeit Zürich", "kind": "private_provider",
     "areas": ["wipkingen", "unterstrass"], "topics": ["jugend"]},
    {"id": "sd", "name": "Soziale Dienste", "kind": "city_unit", "topics": ["integration"]},
    {"id": "sozialdepartement", "name": "Sozialdepartement", "kind": "Departement"},
    {"id": "forum-waidberg", "name": "Quartierkonferenz Waidberg", "kind": "forum",
     "areas": ["kreis-10"]},
]
TIES = [
    {"source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with", "weight": 4,
     "since": "2020-01-01", "method": "interview", "asserted_by": "QK Waidberg",
     "asserted_on": "2024-03-01", "note": "gemeinsames Quartierfest"},
    {"source": "oja", "target": "elterngruppe-wipkingen", "kind": "cooperates_with", "weight": 2},
    {"source": "gz-hoengg", "target": "forum-waidberg", "kind": "member_of"},
    {"source": "qv-hoengg", "target": "forum-waidberg", "kind": "member_of"},
    {"source": "sd", "target": "sozialdepartement", "kind": "part_of", "weight": 5},
    {"source": "sd", "target": "oja", "kind": "funds", "weight": 3, "since": "2019-01-01",
     "until": "2022-12-31"},
    {"source": "sd", "target": "gz-hoengg", "kind": "informs", "weight": 1},
]


def seed(store) -> None:
    store.apply({"areas": AREAS, "topics": TOPICS, "actors": ACTORS, "ties": TIES})


def counts(store) -> dict:
    stats = store.stats()
    return {"actors": sum(stats["actors"].values()), "ties": sum(stats["ties"].values()),
            "areas": stats["areas"], "topics": stats["topics"], "version": stats["version"]}


def rejected(store, batch) -> InvalidInputError:
    """Apply a bad batch; assert it is refused and that nothing at all changed."""
    before = counts(store)
    snapshot_before = nx.to_dict_of_dicts(store.snapshot())
    with pytest.raises(InvalidInputError) as info:
        store.apply(batch)
    assert counts(store) == before
    assert nx.to_dict_of_dicts(store.snapshot()) == snapshot_before
    return info.value


# --- writing and reading ---------------------------------------------------------------------

def test_empty_store_has_nothing_and_version_zero(store):
    stats = store.stats()
    assert sum(stats["actors"].values()) == 0
    assert sum(stats["ties"].values()) == 0
    assert (stats["areas"], stats["topics"], stats["version"]) == (0, 0, 0)


def test_batch_creates_every_record_and_reports_counts(store):
    result = store.apply({"areas": AREAS, "topics": TOPICS, "actors": ACTORS, "ties": TIES})
    assert {r: (c.created, c.updated, c.unchanged) for r, c in result.counts.items()} == {
        "area": (7, 0, 0), "topic": (3, 0, 0), "actor": (7, 0, 0), "tie": (7, 0, 0)}
    stats = store.stats()
    assert stats["actors"] == {"resident_group": 1, "association": 1, "institution": 1,
                               "private_provider": 1, "city_unit": 1, "department": 1, "forum": 1}
    assert stats["ties"] == {"cooperates_with": 2, "member_of": 2, "part_of": 1, "funds": 1,
                             "informs": 1}
    assert result.version == stats["version"] == 1


def test_actor_reads_back_with_every_field_and_derived_sector(store):
    seed(store)
    actor = store.get_actor("gz-hoengg")  # id derived from the name "GZ Höngg"
    assert actor.name == "GZ Höngg"
    assert actor.kind.value == "institution"
    assert actor.sector.value == "institution"
    assert actor.areas == ["hoengg"]
    assert actor.topics == ["jugend", "alter"]
    assert actor.tags == ["gz"]
    assert actor.description == "Gemeinschaftszentrum im Quartier"
    assert actor.created_at is not None and actor.created_at.tzinfo is not None
    assert store.get_actor("sd").sector.label() == "Verwaltung"
    assert store.get_actor("forum-waidberg").sector is None


def test_german_kind_labels_are_stored_as_english_ids(store):
    seed(store)
    assert store.get_actor("qv-hoengg").kind.value == "association"
    assert store.get_actor("sozialdepartement").kind.value == "department"


def test_tie_reads_back_with_dates_and_provenance(store):
    seed(store)
    tie = store.get_tie("cooperates_with:gz-hoengg:qv-hoengg")
    assert (tie.weight, tie.since, tie.until) == (4, date(2020, 1, 1), None)
    assert (tie.method.value, tie.asserted_by, tie.asserted_on) == (
        "interview", "QK Waidberg", date(2024, 3, 1))
    assert tie.note == "gemeinsames Quartierfest"


def test_area_and_topic_read_back(store):
    seed(store)
    area = store.get_area("waidberg")
    assert (area.level.value, area.scheme, area.covers) == (
        "region", "quartierkoordination", ["kreis-6", "kreis-10"])
    assert store.get_area("hoengg").parent == "kreis-10"
    assert store.get_topic("alter").name == "Alter"
    assert [a.id for a in store.areas()] == sorted(a["id"] for a in AREAS)
    assert [t.id for t in store.topics()] == ["alter", "integration", "jugend"]


def test_same_batch_twice_changes_nothing_and_keeps_the_version(store):
    seed(store)
    version = store.version()
    before = store.get_actor("gz-hoengg")
    result = store.apply({"areas": AREAS, "topics": TOPICS, "actors": ACTORS, "ties": TIES})
    assert result.changed == 0
    assert result.counts["actor"].unchanged == 7 and result.counts["tie"].unchanged == 7
    assert store.version() == version
    assert store.get_actor("gz-hoengg").updated_at == before.updated_at


def test_changed_record_is_updated_and_keeps_its_creation_time(store):
    seed(store)
    before = store.get_actor("qv-hoengg")
    version = store.version()
    later = datetime(2030, 1, 1, tzinfo=UTC)
    result = store.apply({"actors": [{**ACTORS[1], "description": "neu"}]}, now=later)
    assert (result.counts["actor"].updated, result.counts["actor"].created) == (1, 0)
    after = store.get_actor("qv-hoengg")
    assert after.description == "neu"
    assert after.created_at == before.created_at
    assert after.updated_at == later
    assert store.version() > version


def test_undirected_tie_is_one_tie_whichever_way_round(store):
    seed(store)
    result = store.upsert_ties([{"source": "qv-hoengg", "target": "gz-hoengg",
                                 "kind": "cooperates_with", "weight": 5}])
    assert result.counts["tie"].updated == 1 and result.counts["tie"].created == 0
    page = store.list_ties(kind="cooperates_with")
    assert page.total == 2
    assert store.get_tie("cooperates_with:gz-hoengg:qv-hoengg").weight == 5


def test_directed_ties_keep_their_direction(store):
    seed(store)
    assert store.get_tie("funds:sd:oja").source == "sd"
    store.upsert_ties([{"source": "oja", "target": "sd", "kind": "funds"}])
    assert store.list_ties(kind="funds").total == 2


def test_contact_is_stored_but_left_out_of_the_snapshot_unless_asked(store):
    seed(store)
    contact = {"name": "Maria Muster", "email": "maria@example.org"}
    store.upsert_actors([{**ACTORS[1], "contact": contact}])
    assert store.get_actor("qv-hoengg").contact.email == "maria@example.org"
    assert "contact" not in store.snapshot().nodes["qv-hoengg"]
    assert store.snapshot(include_personal=True).nodes["qv-hoengg"]["contact"]["name"] == "Maria Muster"
    assert "Maria" not in repr(store.get_actor("qv-hoengg"))


def test_dry_run_reports_and_writes_nothing(store):
    seed(store)
    before = counts(store)
    result = store.apply({"actors": [{"name": "Neuer Verein", "kind": "association"},
                                     {**ACTORS[1], "description": "geändert"}, ACTORS[0]]},
                         dry_run=True)
    assert result.ids["actor"] == {"created": ["neuer-verein"], "updated": ["qv-hoengg"],
                                   "unchanged": ["gz-hoengg"]}
    assert counts(store) == before
    with pytest.raises(NotFoundError):
        store.get_actor("neuer-verein")


def test_version_changes_on_every_write(store):
    seen = [store.version()]
    seed(store)
    seen.append(store.version())
    store.upsert_actors([{"name": "Neuer Verein", "kind": "association"}])
    seen.append(store.version())
    store.delete_actor("neuer-verein")
    seen.append(store.version())
    store.delete_tie("informs:sd:gz-hoengg")
    seen.append(store.version())
    assert len(set(seen)) == len(seen)


def test_delete_actor_takes_its_ties(store):
    seed(store)
    store.delete_actor("sd")
    with pytest.raises(NotFoundError):
        store.get_actor("sd")
    assert store.list_ties(actor="sd").total == 0
    assert sum(store.stats()["ties"].values()) == 4
    assert store.get_actor("oja").name == "Offene Jugendarbeit Zürich"


def test_unknown_ids_are_not_found_with_a_clear_message(store):
    seed(store)
    with pytest.raises(NotFoundError, match="Akteur «nirgends» nicht gefunden"):
        store.get_actor("nirgends")
    with pytest.raises(NotFoundError):
        store.delete_actor("nirgends")
    with pytest.raises(NotFoundError):
        store.get_tie("funds:oja:sd")
    with pytest.raises(NotFoundError, match="Gebiet"):
        store.list_actors(area="atlantis")


# --- lists and search ------------------------------------------------------------------------

def ids(page) -> list[str]:
    return [a.id for a in page.items]


def test_list_filters_by_kind_and_sector_with_ids_or_german_labels(store):
    seed(store)
    assert ids(store.list_actors(kind="resident_group")) == ["elterngruppe-wipkingen"]
    assert ids(store.list_actors(kind="Verein")) == ["qv-hoengg"]
    assert ids(store.list_actors(sector="Verwaltung")) == ["sozialdepartement", "sd"]
    assert ids(store.list_actors(kind=["forum", "city_unit"])) == ["forum-waidberg", "sd"]


def test_area_filter_includes_sub_areas(store):
    seed(store)
    assert ids(store.list_actors(area="hoengg")) == ["gz-hoengg", "qv-hoengg"]
    assert ids(store.list_actors(area="kreis-10")) == [
        "elterngruppe-wipkingen", "gz-hoengg", "oja", "forum-waidberg", "qv-hoengg"]
    assert store.list_actors(area="zuerich").total == 5


def test_area_filter_follows_covers_across_schemes(store):
    seed(store)
    # Waidberg (Quartierkoordination) covers Kreis 6 and Kreis 10 of the Stadtkreise scheme.
    assert store.list_actors(area="waidberg").total == 5
    assert store.area_and_below("waidberg") == {"waidberg", "kreis-6", "unterstrass", "kreis-10",
                                                "hoengg", "wipkingen"}


def test_topic_filter(store):
    seed(store)
    assert ids(store.list_actors(topic="jugend")) == ["elterngruppe-wipkingen", "gz-hoengg", "oja"]
    assert ids(store.list_actors(topic="integration")) == ["sd"]


def test_free_text_ignores_case_and_accents(store):
    seed(store)
    for query in ("hongg", "HÖNGG", "hoengg", "Höngg"):
        assert ids(store.list_actors(q=query)) == ["gz-hoengg", "qv-hoengg"], query
    assert ids(store.list_actors(q="gemeinschaftszentrum")) == ["gz-hoengg"]  # description
    assert ids(store.list_actors(q="zurich")) == ["oja"]
    assert store.list_actors(q="100%_").total == 0


def test_filters_combine(store):
    seed(store)
    assert ids(store.list_actors(area="kreis-10", topic="jugend", kind="private_provider")) == ["oja"]
    assert ids(store.list_actors(area="hoengg", q="verein")) == ["qv-hoengg"]


def test_pagination_gives_pages_in_name_order_with_a_total(store):
    seed(store)
    names = sorted(a["name"].replace("ö", "o") for a in ACTORS)
    first = store.list_actors(limit=3)
    second = store.list_actors(offset=3, limit=3)
    last = store.list_actors(offset=6, limit=3)
    assert (first.total, second.total, last.total) == (7, 7, 7)
    got = [a.name.replace("ö", "o") for a in first.items + second.items + last.items]
    assert got == names
    assert len(last.items) == 1


def test_list_ties_by_actor_and_kind(store):
    seed(store)
    page = store.list_ties(actor="sd")
    assert [t.id for t in page.items] == ["funds:sd:oja", "informs:sd:gz-hoengg",
                                          "part_of:sd:sozialdepartement"]
    assert store.list_ties(actor="gz-hoengg", kind="member_of").total == 1
    assert store.list_ties(limit=2).total == 7


# --- snapshot --------------------------------------------------------------------------------

def test_snapshot_is_a_multidigraph_with_every_attribute(store):
    seed(store)
    graph = store.snapshot()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == 7
    node = graph.nodes["gz-hoengg"]
    assert (node["name"], node["kind"], node["sector"]) == ("GZ Höngg", "institution", "institution")
    assert node["areas"] == ["hoengg"] and node["topics"] == ["jugend", "alter"]
    edge = graph.edges["gz-hoengg", "qv-hoengg", "cooperates_with:gz-hoengg:qv-hoengg"]
    assert (edge["weight"], edge["since"], edge["directed"]) == (4, date(2020, 1, 1), False)
    assert edge["method"] == "interview" and edge["asserted_on"] == date(2024, 3, 1)
    assert graph.edges["sd", "oja", "funds:sd:oja"]["directed"] is True
    assert graph.graph["areas"]["hoengg"]["parent"] == "kreis-10"
    assert graph.graph["topics"]["alter"]["name"] == "Alter"
    assert graph.graph["version"] == store.version()


def test_snapshot_as_of_keeps_only_ties_valid_that_day(store):
    seed(store)
    assert store.snapshot(as_of=date(2021, 6, 1)).has_edge("sd", "oja")
    assert not store.snapshot(as_of=date(2023, 1, 1)).has_edge("sd", "oja")
    assert not store.snapshot(as_of=date(2019, 6, 1)).has_edge("gz-hoengg", "qv-hoengg")
    assert store.snapshot(as_of=date(2023, 1, 1)).number_of_nodes() == 7


def test_snapshot_as_of_counts_both_ends_of_a_tie_as_valid(store):
    # funds:sd:oja runs from 2019-01-01 to 2022-12-31, both days included; the store compares
    # its ISO text with the one rule of graph.model.valid_between, as Tie.valid_on does.
    seed(store)
    tie = store.get_tie("funds:sd:oja")
    for day, held in ((date(2018, 12, 31), False), (date(2019, 1, 1), True),
                      (date(2022, 12, 31), True), (date(2023, 1, 1), False)):
        assert store.snapshot(as_of=day).has_edge("sd", "oja") is held, day
        assert tie.valid_on(day) is held, day


# --- bad input: a clear message naming record and field, and nothing written -------------------

def test_tie_to_unknown_actor_names_the_missing_id(store):
    seed(store)
    error = rejected(store, {"actors": [{"name": "Neu", "kind": "association"}],
                             "ties": [{"source": "neu", "target": "phantom", "kind": "funds"}]})
    [problem] = error.problems
    assert (problem.record, problem.field, problem.code) == ("tie", "target", "unknown_actor")
    assert "unbekannter Akteur «phantom»" in str(error)
    assert "nichts wurde gespeichert" in str(error)


def test_unknown_kind_is_refused_listing_the_allowed_ones(store):
    seed(store)
    error = rejected(store, {"actors": [{"id": "x", "name": "X", "kind": "club"}]})
    assert "unbekannter Wert «club»" in str(error) and "association (Verein)" in str(error)
    assert error.problems[0].field == "kind"
    error = rejected(store, {"ties": [{"source": "sd", "target": "oja", "kind": "likes"}]})
    assert error.problems[0].record == "tie" and "«likes»" in str(error)


@pytest.mark.parametrize(
    ("weight", "message"),
    [(0, "Gewicht 0 ist nicht grösser als 0"), ("-7", "Gewicht -7 ist nicht grösser als 0"),
     (-2.5, "Gewicht -2.5 ist nicht grösser als 0"),
     (float("nan"), "Gewicht «nan» ist keine endliche Zahl"),
     ("inf", "Gewicht «inf» ist keine endliche Zahl"), ("stark", "«stark» ist keine Zahl")])
def test_a_weight_that_is_not_a_positive_finite_number_is_refused(store, weight, message):
    seed(store)
    before = store.version()
    error = rejected(store, {"ties": [{"source": "sd", "target": "oja", "kind": "informs",
                                       "weight": weight}]})
    [problem] = error.problems
    assert problem.field == "weight" and problem.id == "informs:sd:oja"
    assert message in str(error)
    assert store.version() == before


def test_weights_from_files_are_kept_as_given_in_both_stores(store):
    """Counts and fractions (Les Misérables' co-appearances, flights) survive the store: the
    SQLite JSON column and the Bolt float property give back exactly what was written."""
    seed(store)
    store.apply({"ties": [
        {"source": "sd", "target": "oja", "kind": "informs", "weight": 31},
        {"source": "oja", "target": "sd", "kind": "funds", "weight": 2.5},
        {"source": "sd", "target": "oja", "kind": "cooperates_with", "weight": 0.125},
        {"source": "oja", "target": "sd", "kind": "informs"},
    ]})
    assert store.get_tie("informs:sd:oja").weight == 31
    assert type(store.get_tie("informs:sd:oja").weight) is int
    assert store.get_tie("funds:oja:sd").weight == 2.5
    assert store.get_tie("cooperates_with:oja:sd").weight == 0.125
    assert store.get_tie("informs:oja:sd").weight == 3  # no weight: the middle of the 1-5 scale
    weights = {k: d["weight"] for _, _, k, d in store.snapshot().edges(keys=True, data=True)}
    assert weights["informs:sd:oja"] == 31 and weights["cooperates_with:oja:sd"] == 0.125


def test_until_before_since_is_refused(store):
    seed(store)
    error = rejected(store, {"ties": [{"source": "sd", "target": "oja", "kind": "informs",
                                       "since": "01.05.2024", "until": "2024-04-30"}]})
    assert error.problems[0].field == "until"
    assert "(2024-04-30) liegt vor dem Startdatum «von» (2024-05-01)" in str(error)


def test_empty_name_is_refused(store):
    seed(store)
    error = rejected(store, {"actors": [{"id": "leer", "name": "   ", "kind": "association"}]})
    [problem] = error.problems
    assert (problem.id, problem.field) == ("leer", "name")
    assert "Name darf nicht leer sein" in str(error)


def test_self_tie_is_refused(store):
    seed(store)
    error = rejected(store, {"ties": [{"source": "oja", "target": "oja", "kind": "cooperates_with"}]})
    assert error.problems[0].code == "self_tie"
    assert "von «oja» zu sich selbst" in str(error)


def test_same_id_twice_with_different_content_is_refused(store):
    seed(store)
    error = rejected(store, {"actors": [
        {"id": "doppelt", "name": "Doppelt", "kind": "association"},
        {"id": "doppelt", "name": "Doppelt", "kind": "institution"},
    ]})
    [problem] = error.problems
    assert (problem.index, problem.field) == (1, "id")
    assert "«doppelt» kommt in dieser Lieferung mehrfach" in str(error)


def test_same_id_twice_with_the_same_content_is_one_record(store):
    seed(store)
    row = {"id": "doppelt", "name": "Doppelt", "kind": "association"}
    assert store.upsert_actors([row, dict(row)]).counts["actor"].created == 1


def test_one_bad_record_keeps_the_whole_batch_out(store):
    seed(store)
    good = [{"id": f"verein-{i}", "name": f"Verein {i}", "kind": "association"} for i in range(50)]
    error = rejected(store, {"actors": [*good, {"id": "schlecht", "name": "S", "kind": "?"}],
                             "ties": [{"source": "verein-1", "target": "verein-2",
                                       "kind": "cooperates_with"}]})
    assert len(error.problems) == 1 and error.problems[0].index == 50


def test_every_problem_is_reported_at_once(store):
    seed(store)
    error = rejected(store, {
        "actors": [{"id": "a1", "name": "", "kind": "association"},
                   {"id": "a2", "name": "A2", "kind": "association", "areas": ["mars"]}],
        "ties": [{"source": "sd", "target": "oja", "kind": "informs", "weight": 0},
                 {"source": "oja", "target": "nirgends", "kind": "informs"}]})
    assert {(p.record, p.field, p.code) for p in error.problems} == {
        ("actor", "name", "empty_name"), ("actor", "areas", "unknown_area"),
        ("tie", "weight", "weight_not_positive"), ("tie", "target", "unknown_actor")}


def test_tie_ends_must_fit_the_tie_kind(store):
    seed(store)
    error = rejected(store, {"ties": [{"source": "oja", "target": "sd", "kind": "member_of"}]})
    assert "braucht als Ziel Gremium" in str(error) and error.problems[0].field == "target"
    error = rejected(store, {"ties": [{"source": "oja", "target": "sd", "kind": "part_of"}]})
    assert error.problems[0].field == "source"


def test_kind_change_that_breaks_a_stored_tie_is_refused(store):
    seed(store)
    error = rejected(store, {"actors": [{**ACTORS[6], "kind": "association"}]})
    assert error.problems[0].code == "kind_change_breaks_tie"
    assert "member_of:gz-hoengg:forum-waidberg" in str(error)


def test_unknown_area_and_topic_references_are_refused(store):
    seed(store)
    error = rejected(store, {"actors": [{"id": "z", "name": "Z", "kind": "association",
                                         "areas": ["atlantis"], "topics": ["mode"]}],
                             "areas": [{"id": "q", "name": "Q", "level": "quartier",
                                        "parent": "nirgendwo"}]})
    assert {p.code for p in error.problems} == {"unknown_area", "unknown_topic"}
    assert "unbekanntes Gebiet «atlantis»" in str(error)


def test_area_cycle_is_refused(store):
    seed(store)
    error = rejected(store, {"areas": [{**AREAS[0], "parent": "hoengg"}]})
    assert error.problems[0].code == "area_cycle"
    assert "zuerich" in str(error)


def test_bad_ids_and_dates_are_refused(store):
    seed(store)
    error = rejected(store, {"actors": [{"id": "GZ Höngg!", "name": "X", "kind": "association"}],
                             "ties": [{"source": "sd", "target": "oja", "kind": "informs",
                                       "since": "31.02.2024"}]})
    assert {(p.field, p.code) for p in error.problems} == {("id", "bad_slug"), ("since", "bad_date")}


def test_models_from_code_are_checked_like_raw_rows(store):
    seed(store)
    tie = Tie.model_construct(source="sd", target="sd", kind="funds", weight=-9)
    error = rejected(store, {"ties": [tie]})
    assert {p.code for p in error.problems} >= {"weight_not_positive"}
    actor = Actor(name="Neu", kind="association")
    assert store.upsert_actors([actor]).counts["actor"].created == 1


def test_snapshot_equals_a_graph_built_through_networkx_public_api(store):
    """Second source: NetworkX's own add_node/add_edge on the same records."""
    seed(store)
    graph = store.snapshot()
    rebuilt = nx.MultiDiGraph()
    for actor in store.list_actors(limit=100).items:
        rebuilt.add_node(actor.id)
    for tie in store.list_ties(limit=100).items:
        rebuilt.add_edge(tie.source, tie.target, key=tie.id)
    assert sorted(graph.edges(keys=True)) == sorted(rebuilt.edges(keys=True))
    assert sorted(graph.in_edges("forum-waidberg", keys=True)) == sorted(
        rebuilt.in_edges("forum-waidberg", keys=True))
    assert dict(graph.in_degree()) == dict(rebuilt.in_degree())
    assert dict(graph.out_degree()) == dict(rebuilt.out_degree())
    assert graph.number_of_edges("gz-hoengg", "qv-hoengg") == 1


def test_a_record_without_contact_keeps_the_stored_contact_but_null_clears_it(store):
    seed(store)
    store.upsert_actors([{**ACTORS[1], "contact": {"name": "Maria Muster"}}])
    version = store.version()
    again = store.upsert_actors([ACTORS[1]])  # e.g. an export without personal data, loaded again
    assert again.changed == 0 and store.version() == version
    assert store.get_actor("qv-hoengg").contact.name == "Maria Muster"
    store.upsert_actors([{**ACTORS[1], "contact": None}])
    assert store.get_actor("qv-hoengg").contact is None
