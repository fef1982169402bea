"""graph.analysis.survey.dashboard: a hand-made campaign, and random campaigns checked against a
brute-force count made straight from the answers (pair by pair, actor by actor), not from the
perspectives the function reads."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import pytest

from graph.analysis.survey import dashboard

KINDS = ("cooperates_with", "informs", "funds", "member_of")
SECTORS = ("population", "civil_society", "institution", "administration", None)


def perspectives_of(answers):
    """The store's perspectives (one entry per pair and kind, cooperation unordered) built
    from answers as the store does; drafts are left out as the store leaves them out."""
    entries = {}
    for ans in answers:
        if ans["state"] != "submitted":
            continue
        for p in ans["partners"]:
            a, b = ans["actor"], p["actor"]
            key = (min(a, b), max(a, b), p["kind"]) if p["kind"] == "cooperates_with" else (a, b, p["kind"])
            entry = entries.setdefault(key, {"source": key[0], "target": key[1], "kind": key[2],
                                             "tie": None, "assertions": [], "status": "open"})
            entry["assertions"].append({"asserted_by": a, "kind": p["kind"], "weight": p["weight"],
                                        "asserted_on": "2026-11-20", "state": "submitted"})
    return list(entries.values())


def test_a_small_campaign_by_hand():
    survey = {"id": "umfrage-0123456789", "actors": ["a", "b", "c", "d"]}
    actors = {"a": {"name": "GZ Wipkingen", "sector": "institution", "areas": ["wipkingen"]},
              "b": {"name": "Quartierverein", "sector": "civil_society", "areas": ["wipkingen"]},
              "c": {"name": "Jugendtreff", "sector": "institution", "areas": ["hoengg"]},
              "d": {"name": "Alterszentrum", "sector": "institution", "areas": ["hoengg", "wipkingen"]}}
    answers = [
        {"actor": "a", "state": "submitted", "partners": [
            {"actor": "b", "kind": "cooperates_with", "weight": 5},
            {"actor": "c", "kind": "informs", "weight": 3}]},
        {"actor": "b", "state": "submitted", "partners": [
            {"actor": "a", "kind": "cooperates_with", "weight": 2}]},
        {"actor": "d", "state": "draft", "partners": [{"actor": "a", "kind": "funds", "weight": 4}]},
    ]
    d = dashboard(survey, answers, actors, perspectives_of(answers))
    assert d["total"] == {"invited": 4, "answered": 2, "percent": 50.0, "drafts": 1}
    assert d["by_sector"] == [
        {"sector": "civil_society", "invited": 1, "answered": 1, "percent": 100.0},
        {"sector": "institution", "invited": 3, "answered": 1, "percent": 33.3}]
    assert d["by_area"] == [
        {"area": "hoengg", "invited": 2, "answered": 0, "percent": 0.0},
        {"area": "wipkingen", "invited": 3, "answered": 2, "percent": 66.7}]
    # for a reminder: by name; d kept a draft, c has not opened it
    assert [(r["name"], r["draft"]) for r in d["not_answered"]] == [
        ("Alterszentrum", True), ("Jugendtreff", False)]
    # A says 5, B says 2: the largest disagreement
    assert d["disagreements"] == [{
        "source": "a", "target": "b", "weights": {"a": 5, "b": 2}, "difference": 3,
        "kinds": {"a": [{"kind": "cooperates_with", "source": "a", "target": "b"}],
                  "b": [{"kind": "cooperates_with", "source": "a", "target": "b"}]},
        "kind_disagreement": False, "decided": False}]
    # only A names C (C has not answered); the draft of D counts for nothing
    assert d["one_sided"] == [{"source": "a", "target": "c", "named_by": "a", "other": "c",
                               "kinds": [{"kind": "informs", "source": "a", "target": "c"}],
                               "weight": 3, "other_answered": False, "decided": False}]
    # once every kind of a pair is decided, it says so
    pairs = perspectives_of(answers)
    for p in pairs:
        p["status"] = "reconciled" if p["target"] == "b" else "open"
    d = dashboard(survey, answers, actors, pairs)
    assert [r["decided"] for r in d["disagreements"]] == [True]
    assert [r["decided"] for r in d["one_sided"]] == [False]


def test_kind_disagreement_ranks_after_a_weight_difference_and_before_agreement():
    survey = {"id": "u", "actors": ["a", "b", "c", "d", "e", "f"]}
    answers = [{"actor": x, "state": "submitted", "partners": p} for x, p in [
        ("a", [{"actor": "b", "kind": "informs", "weight": 3}]),
        ("b", [{"actor": "a", "kind": "informs", "weight": 3}]),          # same weight, other direction
        ("c", [{"actor": "d", "kind": "cooperates_with", "weight": 4}]),
        ("d", [{"actor": "c", "kind": "cooperates_with", "weight": 4}]),  # full agreement
        ("e", [{"actor": "f", "kind": "cooperates_with", "weight": 1}]),
        ("f", [{"actor": "e", "kind": "funds", "weight": 2}]),            # weight and kind differ
    ]]
    d = dashboard(survey, answers, {}, perspectives_of(answers))
    assert [(r["source"], r["target"], r["difference"], r["kind_disagreement"])
            for r in d["disagreements"]] == [("e", "f", 1, True), ("a", "b", 0, True)]
    assert d["one_sided"] == []
    assert d["by_sector"] == [{"sector": "none", "invited": 6, "answered": 6, "percent": 100.0}]


def brute_force(survey, answers, actors):
    """Counted the long way: every invited actor for the rates, every pair of actors for the
    ties, from the submitted answers themselves."""
    submitted = {a["actor"]: a for a in answers if a["state"] == "submitted"}
    rates = {"sector": defaultdict(lambda: [0, 0]), "area": defaultdict(lambda: [0, 0])}
    for x in survey["actors"]:
        f = actors[x]
        rates["sector"][f["sector"] or "none"][0] += 1
        rates["sector"][f["sector"] or "none"][1] += x in submitted
        for area in f["areas"] or ["none"]:
            rates["area"][area][0] += 1
            rates["area"][area][1] += x in submitted
    one_sided, disagree = set(), {}
    for a, b in itertools.combinations(sorted(actors), 2):
        says = {}
        for x, y in ((a, b), (b, a)):
            claims = [p for p in submitted.get(x, {"partners": []})["partners"] if p["actor"] == y]
            if claims:
                direction = {(p["kind"], *((a, b) if p["kind"] == "cooperates_with" else (x, y)))
                             for p in claims}
                says[x] = (max(p["weight"] for p in claims), direction)
        if len(says) == 1:
            one_sided.add((a, b, next(iter(says))))
        elif len(says) == 2:
            diff = abs(says[a][0] - says[b][0])
            if diff or says[a][1] != says[b][1]:
                disagree[(a, b)] = (diff, says[a][1] != says[b][1])
    return rates, one_sided, disagree


@pytest.mark.parametrize("seed", range(25))
def test_random_campaigns_match_a_brute_force_count(seed):
    rng = random.Random(seed)
    ids = [f"x{i:02d}" for i in range(rng.randint(2, 14))]
    actors = {x: {"name": x.upper(), "sector": rng.choice(SECTORS),
                  "areas": rng.sample(["k1", "k2", "k3"], rng.randint(0, 2))} for x in ids}
    invited = rng.sample(ids, rng.randint(1, len(ids)))
    answers = []
    for x in ids:  # answers also from actors no longer invited: not counted in the rates
        state = rng.choice(["none", "draft", "submitted", "submitted"])
        if state == "none":
            continue
        others = [y for y in ids if y != x]
        partners, seen = [], set()
        for y in rng.sample(others, rng.randint(0, len(others))):
            kind = rng.choice(KINDS)
            if (y, kind) not in seen:
                seen.add((y, kind))
                partners.append({"actor": y, "kind": kind, "weight": rng.randint(1, 5)})
        answers.append({"actor": x, "state": state, "partners": partners})
    survey = {"id": "u", "actors": invited}
    d = dashboard(survey, answers, actors, perspectives_of(answers))
    rates, one_sided, disagree = brute_force(survey, answers, actors)
    assert {r["sector"]: [r["invited"], r["answered"]] for r in d["by_sector"]} == dict(rates["sector"])
    assert {r["area"]: [r["invited"], r["answered"]] for r in d["by_area"]} == dict(rates["area"])
    assert d["total"]["invited"] == len(invited)
    assert d["total"]["answered"] == sum(1 for a in answers if a["state"] == "submitted"
                                         and a["actor"] in invited)
    assert {r["id"] for r in d["not_answered"]} == {x for x in invited if not any(
        a["actor"] == x and a["state"] == "submitted" for a in answers)}
    assert {(r["source"], r["target"], r["named_by"]) for r in d["one_sided"]} == one_sided
    assert {(r["source"], r["target"]): (r["difference"], r["kind_disagreement"])
            for r in d["disagreements"]} == disagree
    keys = [(-r["difference"], not r["kind_disagreement"], r["source"], r["target"])
            for r in d["disagreements"]]
    assert keys == sorted(keys)
