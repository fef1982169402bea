"""The domain model on its own: ids, labels, dates, derived fields (no store)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from graph.i18n import translate
from graph.model import (
    Actor,
    ActorKind,
    Area,
    Sector,
    Tie,
    TieKind,
    search_text,
    slugify,
    tie_id,
)


@pytest.mark.parametrize(("name", "slug"), [
    ("GZ Höngg", "gz-hoengg"),
    ("Quartierverein Höngg & Rütihof", "quartierverein-hoengg-ruetihof"),
    ("  Offene Jugendarbeit (OJA) Zürich  ", "offene-jugendarbeit-oja-zuerich"),
    ("Strasse/Straße", "strasse-strasse"),
    ("Café Élite", "cafe-elite"),
])
def test_slug_from_name(name, slug):
    assert slugify(name) == slug
    assert Actor(name=name, kind="association").id == slug


def test_every_kind_has_an_english_id_and_a_german_label():
    expected = {"resident_group": "Bewohnergruppe", "association": "Verein",
                "institution": "Institution", "private_provider": "Privater Träger",
                "city_unit": "Dienstabteilung", "department": "Departement", "forum": "Gremium"}
    assert {k.value: k.label() for k in ActorKind} == expected
    assert ActorKind.forum.label("en") == "forum"
    assert "ß" not in " ".join(k.label() for k in ActorKind)


def test_sector_follows_the_kind():
    assert {k.value: (k.sector.label() if k.sector else None) for k in ActorKind} == {
        "resident_group": "Bevölkerung", "association": "Zivilgesellschaft",
        "institution": "Institution", "private_provider": "Privat",
        "city_unit": "Verwaltung", "department": "Verwaltung", "forum": None}
    assert Sector.parse("verwaltung") is Sector.administration


@pytest.mark.parametrize("text", ["Verein", "verein", "association", " VEREIN "])
def test_kinds_accept_ids_and_labels(text):
    assert Actor(name="X", kind=text).kind is ActorKind.association


def test_swiss_and_iso_dates():
    tie = Tie(source="a", target="b", kind="funds", since="01.05.2024", until="2025-04-30")
    assert (tie.since, tie.until) == (date(2024, 5, 1), date(2025, 4, 30))
    assert tie.valid_on(date(2024, 5, 1)) and not tie.valid_on(date(2025, 5, 1))


def test_undirected_tie_ids_are_canonical_directed_ones_are_not():
    assert tie_id("cooperates_with", "z", "a") == tie_id("cooperates_with", "a", "z")
    assert tie_id("funds", "z", "a") != tie_id("funds", "a", "z")
    assert Tie(source="z", target="a", kind="cooperates_with").source == "a"
    assert TieKind.cooperates_with.directed is False and TieKind.informs.directed is True


def test_list_fields_accept_pipe_separated_text():
    actor = Actor(name="X", kind="association", areas="hoengg| wipkingen |", tags="a|a|b")
    assert actor.areas == ["hoengg", "wipkingen"] and actor.tags == ["a", "b"]


def test_derived_fields_in_input_are_recomputed_not_trusted():
    actor = Actor(name="X", kind="association", sector="administration")
    assert actor.sector is Sector.civil_society
    tie = Tie(id="forged", source="a", target="b", kind="funds")
    assert tie.id == "funds:a:b"


def test_contact_is_personal_and_kept_out_of_public_dicts_and_repr():
    actor = Actor(name="X", kind="association", contact={"name": "Anna Beispiel",
                                                          "email": "anna@example.org"})
    assert "contact" not in actor.public_dict()
    assert actor.public_dict(include_personal=True)["contact"]["email"] == "anna@example.org"
    assert "Anna" not in repr(actor) and "anna@" not in str(actor)
    assert Actor.model_json_schema()["properties"]["contact"]["personal"] is True


def test_search_text_finds_both_spellings_of_umlauts():
    text = search_text("GZ Höngg")
    assert "hongg" in text and "hoengg" in text


def test_area_cannot_contain_itself():
    with pytest.raises(ValidationError):
        Area(id="a", name="A", level="kreis", parent="a")


def test_messages_exist_in_both_languages_and_use_ss():
    from graph.i18n import catalogue

    assert set(catalogue("de")) == set(catalogue("en"))
    assert [key for key, text in catalogue("de").items() if "ß" in str(text)] == []
    assert translate("weight_range", {"value": 9}, "en") == "weight 9 is outside 1 to 5"


def test_a_weight_that_is_no_number_is_explained_in_german():
    from graph.validation import parse_records

    _, problems = parse_records("tie", [{"source": "a", "target": "b", "kind": "funds",
                                         "weight": "drei"}])
    assert [p.render() for p in problems] == [
        "Beziehung «funds:a:b» (Eintrag 1), Feld weight: «drei» ist keine Zahl "
        "(erwartet: eine positive Zahl, von Hand 1 bis 5)"]
