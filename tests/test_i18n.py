"""The word catalogues (graph/locale) and the i18n layer over them (graph/i18n.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph import i18n
from graph.i18n import catalogue, join, message, number, placeholders, plural, render, say

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import catalogue as tool  # noqa: E402


def test_both_catalogues_hold_the_same_codes_with_the_same_placeholders():
    de, en = catalogue("de"), catalogue("en")
    assert set(de) == set(en)
    assert len(de) > 200  # every catalogue of the old dicts is in
    for key, text in de.items():
        de_forms = text if isinstance(text, tuple) else (text,)
        en_forms = en[key] if isinstance(en[key], tuple) else (en[key],)
        assert len(de_forms) == len(en_forms), key
        for a, b in zip(de_forms, en_forms, strict=True):
            # {scripts_de} is the German form of the caller's {scripts}
            assert {n.removesuffix("_de") for n in placeholders(a)} == placeholders(b), key


def test_the_check_tool_agrees_and_finds_a_missing_translation(tmp_path, monkeypatch):
    assert tool.problems() == []
    for lang in ("de", "en"):
        target = tmp_path / "graph" / "locale" / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "quartiernetz.po").write_bytes(tool.path(lang).read_bytes())
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    tool.add("brand_new", {"de": ("neu {x}",), "en": ("new {x}",)}, comment="test")
    assert tool.problems() == []
    cat = tool.load("de")
    cat.delete("brand_new")
    tool.save("de", cat)
    assert tool.problems() == ["(None, 'brand_new'): only in en"]


def test_the_check_tool_runs_from_the_command_line():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "catalogue.py"), "check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_no_sharp_s_in_german():
    assert [k for k, t in catalogue("de").items() if "ß" in str(t)] == []


def test_numbers_are_swiss_with_an_ascii_apostrophe_in_both_languages():
    assert number(10_000) == "10'000"
    assert number(1_234_567.5) == "1'234'567.5"
    assert number(999) == "999"


@pytest.mark.parametrize(("lang", "expected"), [("de", "A, B und C"), ("en", "A, B and C")])
def test_lists(lang, expected):
    assert join(["A", "B", "C"], lang) == expected
    assert join(["A", "B"], lang) == expected.replace("A, B", "A").replace(" C", " B")
    assert join(["A"], lang) == "A"
    assert join(list("ABCDEF"), lang, limit=4) == "A, B, C, D (+2)"


def test_plurals_choose_the_form_by_count():
    assert plural("stale", 1, "de", months=24) == ("die einzige Beziehung ist abgelaufen oder "
                                                   "älter als 24 Monate")
    assert plural("stale", 3, "en", months=6) == "all 3 ties expired or older than 6 months"
    assert plural("association", 2, "de", context="kind.dat") == "2 Vereinen"
    assert plural("private_provider", 1, "de", context="kind.acc") == "1 Privaten Träger"
    assert plural("step", 2, "en", context="term") == "steps"


def test_a_message_as_data_is_rendered_with_its_nested_parts():
    msg = message("why_isolated_left", count=2, names=i18n.listing(["A", "B", "C", "D", "E"], 4))
    assert render(msg, "en") == ("2 isolated actors stay unreached: A, B, C, D (+1); none of the "
                                 "possible guests is tied to them")
    nested = message("no_admin_in_component", actors=message("actor", context="term", count=1))
    assert render(nested, "de") == "in einem Teilnetz ohne Dienstabteilung (1 Akteur)"


def test_the_language_comes_from_the_call_then_the_process_then_the_environment(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv("QUARTIERNETZ_LANG", "en")
    assert say("actor", context="record") == "actor"
    assert say("actor", "de", context="record") == "Akteur"
    i18n.set_language("de")
    assert say("actor", context="record") == "Akteur"
    monkeypatch.setenv("QUARTIERNETZ_LANG", "fr")
    i18n.set_language(None)
    assert say("actor", context="record") == "Akteur"  # unknown languages fall back to German


def test_an_unknown_code_passes_through():
    assert say("no_such_code", "de") == "no_such_code"


def test_the_tool_merges_codes_a_branch_still_adds_to_a_dict(tmp_path, monkeypatch, capsys):
    for lang in ("de", "en"):
        target = tmp_path / "graph" / "locale" / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "quartiernetz.po").write_bytes(tool.path(lang).read_bytes())
    (tmp_path / "old_words.py").write_text(
        'MESSAGES = {"brand_new": {"de": "neu: {x}", "en": "new: {x}"},\n'
        '            "missing": {"de": "anders", "en": "different"}}\n', encoding="utf-8")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert tool.main(["merge", "old_words:MESSAGES"]) == 0
    out = capsys.readouterr().out
    assert "added brand_new" in out and "kept missing" in out
    assert tool.load("en").get("brand_new").string == "new: {x}"
    assert tool.load("de").get("missing").string == "Pflichtfeld fehlt"  # the catalogue wins
