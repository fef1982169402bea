"""``quartiernetz survey ...`` on both stores (a SQLite file, and the Bolt server through
``--store neo4j``): a campaign from start to reconciliation in commands, the shapes other systems
rely on (``create`` prints the id on its last line; ``links --format json`` is a list of
``{actor, url}``), contact persons only when asked for, the letters PDF, bad input (exit 1, the
field named, nothing stored), and ``--with-survey`` on the analyses.

The network is the small one of tests/store/test_contract.py: GZ Höngg (``gz-hoengg``) and the
Quartierverein Höngg (``qv-hoengg``) already have a coordinator's cooperation tie of weight 4.
Expected values are written by hand from that data and the answers given here.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analysis import CACHE
from graph.store.audit import Audit
from graph.store.sqlite import SqliteStore
from tests.store.test_contract import seed

runner = CliRunner()
KEY = "k" * 40
UNTIL = date.today() + timedelta(days=20)
BASE = "https://quartiernetz.example.ch"


@pytest.fixture
def net(store, request, tmp_path, monkeypatch):
    """The seeded store, and a function running the CLI against the same store."""
    seed(store)
    monkeypatch.setenv("QUARTIERNETZ_USER", "anna")
    monkeypatch.setenv("QUARTIERNETZ_SURVEY_KEY", KEY)
    monkeypatch.delenv("QUARTIERNETZ_LANG", raising=False)
    monkeypatch.delenv("QUARTIERNETZ_PUBLIC_URL", raising=False)
    if isinstance(store, SqliteStore):
        target = ["--db", str(tmp_path / "quartiernetz.db")]
    else:
        _, user, password, _, _ = request.getfixturevalue("bolt_target")
        monkeypatch.setenv("NEO4J_URI", store.uri)
        monkeypatch.setenv("NEO4J_USER", user)
        monkeypatch.setenv("NEO4J_PASSWORD", password)
        if store.database:
            monkeypatch.setenv("NEO4J_DATABASE", store.database)
        target = ["--store", "neo4j", "--db", str(tmp_path / "keys.db")]
    CACHE.clear()

    def cli(*args):
        return runner.invoke(app, [*target, *args])

    return store, cli


def start(cli, *extra):
    made = cli("survey", "create", "--title", "Netzwerk Höngg", "--area", "hoengg",
               "--until", UNTIL.isoformat(), "--message", "Danke fürs Mitmachen", *extra)
    assert made.exit_code == 0, made.output
    return made.output.strip().splitlines()[-1]


def answer(store, survey_id, actor, partners, submit=True):
    store.save_answer(survey_id, actor, partners=partners, submit=submit,
                      audit=Audit(actor, "answer"))


def test_a_campaign_from_start_to_reconciliation(net):
    store, cli = net
    survey_id = start(cli)
    assert survey_id.startswith("umfrage-") and len(survey_id) == 18
    listed = json.loads(cli("survey", "list", "--format", "json").output)
    assert [(s["id"], s["status"], s["invited"], s["answered"]) for s in listed] == [
        (survey_id, "open", 2, 0)]
    links = json.loads(cli("survey", "links", survey_id, "--format", "json", "--base-url",
                           BASE).output)
    assert [set(row) for row in links] == [{"actor", "url"}] * 2
    assert [row["actor"] for row in links] == ["gz-hoengg", "qv-hoengg"]
    for row in links:  # each link opens that actor's questionnaire, and only that
        token = row["url"].removeprefix(f"{BASE}/s/")
        assert row["url"].startswith(f"{BASE}/s/qs_")
        survey, actor = store.resolve_token(token)
        assert (survey.id, actor) == (survey_id, row["actor"])
    # the same key gives the same links again
    again = json.loads(cli("survey", "links", survey_id, "--format", "json", "--base-url",
                           BASE).output)
    assert again == links

    answer(store, survey_id, "gz-hoengg", [
        {"actor": "qv-hoengg", "kind": "cooperates_with", "weight": 5},
        {"actor": "oja", "kind": "informs", "weight": 3}])
    answer(store, survey_id, "qv-hoengg", [
        {"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 2}])

    status = json.loads(cli("survey", "status", survey_id, "--format", "json").output)
    board = status["dashboard"]
    assert board["total"] == {"invited": 2, "answered": 2, "percent": 100.0, "drafts": 0}
    assert [(d["source"], d["target"], d["weights"]) for d in board["disagreements"]] == [
        ("gz-hoengg", "qv-hoengg", {"gz-hoengg": 5, "qv-hoengg": 2})]
    assert [(o["named_by"], o["other"]) for o in board["one_sided"]] == [("gz-hoengg", "oja")]
    table = cli("survey", "status", survey_id).output
    assert "2 von 2 haben geantwortet (100.0 %)" in table
    assert "nur GZ Höngg nennt Offene Jugendarbeit Zürich" in table

    # every open pair with every perspective, and the coordinator's tie beside them
    pairs = cli("survey", "reconcile", survey_id)
    assert pairs.exit_code == 0, pairs.output
    assert "GZ Höngg sagt 5, Quartierverein Höngg sagt 2; erfasst: 4" in pairs.output
    assert "nur GZ Höngg nennt Offene Jugendarbeit Zürich (Stärke 3); erfasst: –" in pairs.output

    # accept the Quartierverein's strength: the tie changes, with its provenance
    done = cli("survey", "reconcile", survey_id, "--source", "qv-hoengg", "--target", "gz-hoengg",
               "--kind", "cooperates_with", "--accept", "qv-hoengg")
    assert done.exit_code == 0, done.output
    assert "übernommen, Stärke jetzt 2" in done.output
    tie = store.get_tie("cooperates_with:gz-hoengg:qv-hoengg")
    assert (tie.weight, tie.method.value, tie.asserted_by) == (2, "survey", "qv-hoengg")
    # set a value for the one-sided pair, as the account
    cli("survey", "reconcile", survey_id, "--source", "gz-hoengg", "--target", "oja", "--kind",
        "informs", "--weight", "4")
    tie = store.get_tie("informs:gz-hoengg:oja")
    assert (tie.weight, tie.method.value, tie.asserted_by) == (4, "survey", "anna")
    assert "keine offenen Paare" in cli("survey", "reconcile", survey_id).output
    assert cli("survey", "status", survey_id).output.count("; entschieden") == 2
    decided = json.loads(cli("survey", "reconcile", survey_id, "--all", "--format", "json").output)
    assert {p["status"] for p in decided} == {"reconciled"}

    closed = cli("survey", "close", survey_id)
    assert closed.exit_code == 0 and "geschlossen" in closed.output
    assert store.get_survey(survey_id).status == "closed"


def test_reject_changes_no_tie_and_bad_decisions_name_the_problem(net):
    store, cli = net
    survey_id = start(cli)
    answer(store, survey_id, "gz-hoengg", [{"actor": "qv-hoengg", "kind": "cooperates_with",
                                             "weight": 1}])
    before = store.get_tie("cooperates_with:gz-hoengg:qv-hoengg")
    usage = cli("survey", "reconcile", survey_id, "--source", "gz-hoengg", "--target", "qv-hoengg",
                "--kind", "cooperates_with", "--weight", "3", "--reject")
    assert usage.exit_code == 2 and "genau eines von --accept" in usage.output
    bad = cli("survey", "reconcile", survey_id, "--source", "gz-hoengg", "--target", "qv-hoengg",
              "--kind", "cooperates_with", "--weight", "9")
    assert bad.exit_code == 1 and "weight" in bad.output
    rejected = cli("survey", "reconcile", survey_id, "--source", "gz-hoengg", "--target",
                   "qv-hoengg", "--kind", "cooperates_with", "--reject")
    assert rejected.exit_code == 0 and "verworfen" in rejected.output
    assert store.get_tie("cooperates_with:gz-hoengg:qv-hoengg") == before


@pytest.mark.parametrize(("args", "field"), [
    (["--area", "atlantis"], "areas"),
    (["--area", "hoengg", "--actor", "niemand"], "actors"),
    (["--area", "hoengg", "--topic", "nix"], "topics"),
])
def test_bad_input_exits_1_naming_the_field_and_stores_nothing(net, args, field):
    store, cli = net
    result = cli("survey", "create", "--title", "x", "--until", UNTIL.isoformat(), *args)
    assert result.exit_code == 1, result.output
    assert f"Feld {field}" in result.output
    assert store.list_surveys() == []


def test_a_past_last_day_is_refused(net):
    store, cli = net
    past = (date.today() - timedelta(days=1)).isoformat()
    result = cli("survey", "create", "--title", "x", "--area", "hoengg", "--until", past)
    assert result.exit_code == 1 and "until" in result.output
    assert store.list_surveys() == []


def test_contact_persons_only_when_asked_for(net):
    store, cli = net
    store.update("actor", "qv-hoengg", {"contact": {"name": "Vreni Muster",
                                                 "email": "=cmd|' /C calc'!A0"}})
    survey_id = start(cli)
    plain = cli("survey", "links", survey_id, "--format", "csv", "--base-url", BASE).output
    assert "Vreni" not in plain
    rows = list(csv.reader(io.StringIO(plain)))
    assert rows[0] == ["Kennung", "Akteur", "Link"] and len(rows) == 3
    asked = cli("survey", "links", survey_id, "--format", "csv", "--with-contacts",
                "--base-url", BASE).output
    rows = list(csv.reader(io.StringIO(asked)))
    assert rows[0] == ["Kennung", "Akteur", "Link", "Kontaktperson", "E-Mail", "Telefon"]
    qv = next(r for r in rows if r[0] == "qv-hoengg")
    assert qv[3] == "Vreni Muster"
    assert qv[4] == "'=cmd|' /C calc'!A0"  # a formula is neutralised in the spreadsheet
    # never in JSON or the table, asked or not
    assert "Vreni" not in cli("survey", "links", survey_id, "--with-contacts", "--base-url",
                               BASE).output


def test_without_a_public_address_the_links_say_where_they_point(net):
    _, cli = net
    survey_id = start(cli)
    shown = cli("survey", "links", survey_id)
    assert "QUARTIERNETZ_PUBLIC_URL ist nicht gesetzt" in shown.output
    assert "http://127.0.0.1:8000/s/qs_" in shown.output
    assert cli("survey", "links", survey_id, "--base-url", "ftp://x").exit_code == 2


def test_letters_one_page_per_actor(net, tmp_path):
    from tests.report.pdf import pdf_text

    _, cli = net
    survey_id = start(cli)
    out = tmp_path / "briefe.pdf"
    made = cli("survey", "letters", survey_id, "--out", str(out), "--base-url", BASE)
    assert made.exit_code == 0, made.output
    links = json.loads(cli("survey", "links", survey_id, "--format", "json", "--base-url",
                           BASE).output)
    pages = [p for p in pdf_text(out.read_bytes()).split("\f") if p.strip()]
    # by name: GZ Höngg, then Quartierverein Höngg
    assert [links[i]["url"] in page for i, page in enumerate(pages)] == [True, True]
    assert "Netzwerk Höngg" in pages[0] and "Danke fürs Mitmachen" in pages[1]


def test_revoke_and_erase(net):
    store, cli = net
    survey_id = start(cli)
    old = {r["actor"]: r["url"] for r in json.loads(cli(
        "survey", "links", survey_id, "--format", "json", "--base-url", BASE).output)}
    revoked = cli("survey", "revoke", survey_id, "qv-hoengg", "--base-url", BASE)
    assert revoked.exit_code == 0, revoked.output
    new = revoked.output.strip().splitlines()[-1]
    assert new.startswith(f"{BASE}/s/qs_") and new != old["qv-hoengg"]
    assert store.resolve_token(new.rsplit("/", 1)[1])[1] == "qv-hoengg"
    answer(store, survey_id, "gz-hoengg", [{"actor": "qv-hoengg", "kind": "funds", "weight": 3}])
    erased = cli("survey", "erase", survey_id, "gz-hoengg")
    assert erased.exit_code == 0, erased.output
    assert store.answer_of(survey_id, "gz-hoengg") is None


def test_proposals_listed_and_decided(net):
    store, cli = net
    survey_id = start(cli)
    answer(store, survey_id, "gz-hoengg", [{"proposed_name": "Velowerkstatt Höngg",
                                             "kind": "cooperates_with", "weight": 3}])
    shown = json.loads(cli("survey", "proposals", survey_id, "--format", "json").output)
    assert [(p["name"], p["proposed_by"], p["status"]) for p in shown] == [
        ("Velowerkstatt Höngg", "gz-hoengg", "open")]
    assert "Velowerkstatt Höngg" in cli("survey", "proposals", survey_id).output
    done = cli("survey", "decide", shown[0]["id"], "--accept", "--kind", "association",
               "--area", "hoengg")
    assert done.exit_code == 0, done.output
    made = store.get_actor(done.output.strip().rsplit(": ", 1)[1])
    assert (made.name, made.kind.value, made.areas) == ("Velowerkstatt Höngg", "association",
                                                        ["hoengg"])


def test_analyses_with_survey_answers_say_so(net):
    store, cli = net
    survey_id = start(cli)
    # the Elterngruppe has one tie (with the OJA); the Quartierverein names it in an answer
    # not reconciled yet
    answer(store, survey_id, "qv-hoengg", [{"actor": "elterngruppe-wipkingen",
                                             "kind": "cooperates_with", "weight": 4}])
    ego = ("ego", "elterngruppe-wipkingen", "--hops", "1", "--format", "json")
    plain = json.loads(cli(*ego).output)
    assert [a["id"] for a in plain["actors"]] == ["oja"]
    with_answers = cli(*ego, "--with-survey")
    assert with_answers.exit_code == 0, with_answers.output
    assert sorted(a["id"] for a in json.loads(with_answers.stdout)["actors"]) == ["oja", "qv-hoengg"]
    assert "inkl. Umfrageantworten (nicht abgeglichen)" in with_answers.stderr
    table = cli("isolates", "--with-survey").output
    assert table.splitlines()[0] == ("Grundlage: bestätigte Beziehungen inkl. Umfrageantworten "
                                     "(nicht abgeglichen)")
    assert "Grundlage" not in cli("isolates").output  # the default output as it was
