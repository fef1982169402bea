"""Words apart (issue 12, item 4): every sentence comes from the catalogues in graph/locale.

Two checks: no Python source in api/, graph/, loaders/ picks German or English inline
(``"x" if is_german() else "y"``, ``if current_language() == "de":``, ...) -- found once by a
scan in Python and once by ``grep`` (a second source) -- and the CLI, asked for English, prints
no German word in a few everyday commands (the German run beside it shows the words are there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analysis import CACHE
from graph.store.sqlite import SqliteStore
from tests.invite.conftest import scenario_batch

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "graph", "loaders")

#: An inline choice between the languages (POSIX ERE, so ``grep -E`` reads the same pattern).
INLINE = (r'is_german\(|if (de|en) else|'
          r'current_language\([^)]*\) *[!=]= *"(de|en)"|'
          r'\blang(uage)? *[!=]= *"(de|en)"')

#: Known inline pairs outside this item's files, each with its reason; the lead decides whether
#: they move too. Anything else fails the test. Keyed by path and the stripped line.
KNOWN = {
    # a kind's (German, English) labels are also accepted as input (``Verein`` = ``association``):
    # a label table used both ways, not a sentence
    ("graph/model/kinds.py", 'return en if current_language(lang) == "en" else de'),
    # Unicode script names in German for a name problem's message
    ("graph/names.py",
     'return ", ".join(SCRIPTS_DE.get(s, s) if lang == "de" else s for s in scripts)'),
}


def scan(root: Path) -> set[tuple[str, int, str]]:
    """Every inline language choice under ``root``'s packages: (path, line number, line)."""
    pattern = re.compile(INLINE)
    found = set()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.add((path.relative_to(root).as_posix(), number, line.strip()))
    return found


def grep(root: Path) -> set[tuple[str, int, str]]:
    """The same with ``grep -rnE`` (a second source for :func:`scan`)."""
    out = subprocess.run(["grep", "-rnE", "--include=*.py", INLINE, *PACKAGES], cwd=root,
                         capture_output=True, text=True, check=False)
    assert out.returncode in (0, 1), out.stderr  # 1: nothing found
    found = set()
    for row in out.stdout.splitlines():
        path, number, line = row.split(":", 2)
        found.add((path, int(number), line.strip()))
    return found


def test_no_inline_language_choice_in_the_sources():
    new = sorted(hit for hit in scan(ROOT) if (hit[0], hit[2]) not in KNOWN)
    assert not new, ("sentences belong in graph/locale/*/LC_MESSAGES/quartiernetz.po "
                     "(tools/catalogue.py add CODE --de ... --en ...; say()/plural() in the code):\n"
                     + "\n".join(f"{path}:{number}: {line}" for path, number, line in new))


def test_the_known_exceptions_are_still_there():
    """An exception that went away is taken off the list (else it would hide a new one)."""
    assert {(path, line) for path, _, line in scan(ROOT)} >= KNOWN


@pytest.mark.skipif(shutil.which("grep") is None, reason="no grep on this machine")
def test_grep_finds_the_same_lines_as_the_scan():
    assert grep(ROOT) == scan(ROOT)


def test_the_scan_finds_a_planted_pair(tmp_path):
    """The pattern is not blind: each form it is meant to catch, in a file of its own tree."""
    lines = ['x = "Fehler" if is_german() else "Error"',
             'de = is_german()',
             'y = ("Am Tisch" if de else "At the table")',
             'if current_language() == "de":',
             'if current_language(lang) != "en":',
             'z = a if lang == "de" else b']
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "api" / "planted.py").write_text("\n".join([*lines, 'ok = say("x")']) + "\n")
    assert sorted(n for _, n, _ in scan(tmp_path)) == list(range(1, len(lines) + 1))
    if shutil.which("grep"):
        assert grep(tmp_path) == scan(tmp_path)


# --- the CLI in English ----------------------------------------------------------------------

#: German words of the CLI's own sentences and headers (not of the data: names stay as entered).
GERMAN = re.compile(r"\b(Akteure?n?|Gebiete?|Themen|Konto|Rolle|Fehler|Methode|Tisch|Vorgaben?|"
                    r"erfüllt|Anzahl|Bereich|Beziehungen|ja|nein|gültig|angelegt|gesperrt|"
                    r"Schritte?n?|Erreicht|Ersatz|Hinweis|und|oder|nicht|ganze Stadt)\b")


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.delenv("QUARTIERNETZ_LANG", raising=False)
    CACHE.clear()
    db = tmp_path / "quartiernetz.db"
    with SqliteStore(db) as store:
        store.init()
        store.apply(scenario_batch())
    runner = CliRunner()

    def run(*args: str, lang: str = "en", code: int = 0) -> str:
        result = runner.invoke(app, ["--db", str(db), "--lang", lang, *args])
        assert result.exit_code == code, result.output
        return result.output

    return run


def german_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in GERMAN.finditer(text)})


def test_stats_in_english_has_no_german_word(cli):
    german = cli("stats", lang="de")
    assert german.startswith("Bereich") and "Akteure" in german and "Themen" in german
    english = cli("stats")
    assert english.startswith("what") and "actors" in english and "topics" in english
    assert german_words(english) == []


def test_users_in_english_have_no_german_word(cli):
    added = cli("users", "add", "anna", "--role", "editor", "--area", "hoengg", "--read-scoped",
                "--expires", "90d")
    assert added.startswith("Account 'anna' created: role editor, areas: hoengg, valid until ")
    assert "The token is shown only now" in added
    whole = cli("users", "add", "ben")
    assert "areas: whole city, does not expire." in whole
    listed = cli("users", "list")
    assert listed.startswith("account") and re.search(r"anna +editor +hoengg +yes", listed)
    revoked = cli("users", "revoke", "ben")
    rotated = cli("users", "rotate", "anna")
    exists = cli("users", "first-admin")
    assert exists.startswith("API accounts exist already; no new token.")
    bad = cli("users", "add", "carla", "--expires", "bald", code=2)
    assert bad.startswith("Error: --expires 'bald' not understood")
    for out in (added, whole, listed, revoked, rotated, exists, bad):
        assert german_words(out) == [], out
    assert "Konto «anna2» angelegt" in cli("users", "add", "anna2", lang="de")
    assert "ja" in german_words(cli("users", "list", lang="de"))


def test_invite_in_english_has_no_german_word(cli):
    args = ("invite", "--topic", "jugend", "--area", "hoengg", "--seats", "2",
            "--require", "kind=Privater Träger", "--as-of", "2025-06-01")
    german = cli(*args, lang="de")
    assert {"Tisch", "Vorgaben", "Erreicht", "Methode"} <= set(german_words(german))
    english = cli(*args)
    assert english.startswith("At the table (2/2)\n")
    assert "Requirements" in english and "Reached: " in english and "Method: " in english
    # the requirement as typed ("Privater Träger") is data; the rest must be English
    assert german_words(english.replace("Privater Träger", "")) == [], english


def test_errors_and_other_commands_in_english(cli):
    bad_day = cli("isolates", "--as-of", "31.02.2025", code=2)
    assert bad_day.startswith("Error: '31.02.2025' is not a valid date (YYYY-MM-DD or DD.MM.YYYY)")
    bad_day_de = cli("isolates", "--as-of", "31.02.2025", lang="de", code=2)
    assert bad_day_de.startswith("Fehler: «31.02.2025» ist kein gültiges Datum")
    assert cli("brokers", "--method", "quick", code=2).startswith(
        "Error: --method must be auto, exact or sampled")
    assert cli("need", "--topic", "jugend", "--area", "hoengg", "--format", "csv", code=2) \
        .startswith("Error: --format must be table or json")
    ego = cli("ego", "gz-hoengg", "--hops", "1", "--as-of", "2025-06-01")
    assert re.search(r"\): \d+ actors within 1 step\b(?!s)", ego), ego
    assert re.search(r"\): \d+ Akteure in 1 Schritt\b(?!e)",
                     cli("ego", "gz-hoengg", "--hops", "1", "--as-of", "2025-06-01", lang="de"))
    for out in (bad_day, ego, cli("communities"), cli("gaps"), cli("isolates")):
        assert german_words(out) == [], out


def test_a_wrong_option_is_named_with_its_value(cli):
    # before --lang is read, the words are German (the default): the value typed is named
    assert cli("--lang", "fr", "stats", code=2).startswith(
        "Fehler: --lang muss de oder en sein, nicht «fr»")
    assert cli("--store", "mongo", "stats", code=2).startswith(
        "Error: --store must be sqlite or neo4j, not 'mongo'")


def test_serve_says_where_the_browser_is_in_english(cli, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *_, **kwargs: started.append(kwargs["port"]))
    out = cli("serve", "--port", "8123")
    assert out.startswith("Quartiernetz: the graph browser at http://127.0.0.1:8123/ (with the login "
                          "link or a token); the API documentation at http://127.0.0.1:8123/docs "
                          "(sqlite, 1 process)\n")
    assert "(sqlite, 1 Prozess)" in cli("serve", "--port", "8123", lang="de")
    assert started == [8123, 8123]
