"""Every word key the browser's pages and modules name is in the catalogue (context "browser"),
in both languages: a key lost in a merge of the .po files would otherwise show as the bare key."""

from __future__ import annotations

import re
from pathlib import Path

from api.routes.browser import browser_words

BROWSER = Path(__file__).resolve().parents[2] / "api" / "browser"
#: a data-i18n attribute, or t("key") / t("key", {...}) with a whole key (not t("prefix_" + x))
KEYS = re.compile(r'data-i18n(?:-[a-z]+)?="([\w.]+)"|\bt\("([\w.]+)"\s*[,)]')


def _named() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted([*BROWSER.glob("*.html"), *BROWSER.glob("*.js")]):
        for match in KEYS.finditer(path.read_text("utf-8")):
            found.setdefault(match.group(1) or match.group(2), path.name)
    return found


def test_every_key_the_browser_names_is_in_both_catalogues():
    named = _named()
    assert len(named) > 100  # the scan finds the pages' words (else it proves nothing)
    words = browser_words()
    for lang in ("de", "en"):
        missing = sorted(f"{key} ({where})" for key, where in named.items()
                         if key not in words[lang])
        assert not missing, f"{lang}: {missing}"


def test_words_built_from_a_prefix_are_there_and_the_admin_role_is_not_the_sector_word():
    """Keys the modules build (explain.js: "brole_" + a brokerage role; page.js: "layer_" + a
    scheme) are in both catalogues; the account role "admin" is "Administration", not
    "Verwaltung" (the administration's sector)."""
    from graph.analysis.brokerage import ROLES
    from graph.model import Sector

    words = browser_words()
    for lang in ("de", "en"):
        for role in ROLES:
            assert words[lang][f"brole_{role}"], role
        for scheme in ("sozialregionen", "schulkreise", "quartierkoordination", "kirchenkreise"):
            assert words[lang][f"layer_{scheme}"], scheme
    assert words["de"]["role_admin"] == "Administration"
    assert words["de"]["role_admin"] != Sector.administration.label("de")
    assert "Was heisst" in words["de"]["what_is"] and "ß" not in "".join(words["de"].values())
