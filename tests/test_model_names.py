"""Names, ids and web addresses (issue 11, finding 9 g/h): one script per word, ids derived
without losing a letter, only http(s) web addresses. The model alone, then through the store's
validation (what every write goes through)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph.errors import InvalidInputError
from graph.model import INPUT, Actor, Topic, derive_id, slugify
from graph.names import mixed_script_words, script_of, untransliterable, web_url_problem

CYRILLIC_WIPKINGEN = "GZ W\u0456\u0440kingen"  # і (U+0456) and р (U+0440) from Cyrillic


@pytest.mark.parametrize(("text", "mixed"), [
    (CYRILLIC_WIPKINGEN, [("W\u0456\u0440kingen", ["Cyrillic", "Latin"], ["\u0456", "\u0440"])]),
    ("Quartierverein \u0397\u00f6ngg", [("\u0397\u00f6ngg", ["Greek", "Latin"], ["\u0397"])]),  # Greek Eta
    ("\u0421afé Bar", [("\u0421afé", ["Cyrillic", "Latin"], ["\u0421"])]),  # Cyrillic Es
    ("GZ Wipkingen", []),
    ("Ünïcödé Çàfé Øresund Łódź", []),  # Latin with accents is one script
    ("Русский клуб Zürich", []),  # a Cyrillic word beside Latin words: each word is one script
    ("Ελληνική Κοινότητα", []),
    ("தமிழ் சங்கம் Zürich", []),  # Tamil letters with their vowel signs (marks)
    ("東京ラーメン Tokyo", []),  # Han with Katakana: one Japanese word (UTS #39 allows it)
    ("Ｆｕｌｌｗｉｄｔｈ Verein", []),  # fullwidth Latin is Latin
    ("K3 Treff 2000 / St. Peter-&-Paul", []),
])
def test_mixed_script_words(text, mixed):
    assert mixed_script_words(text) == mixed


def test_the_scripts_of_letters_come_from_unicode():
    assert [script_of(c) for c in "aЖωத東1-"] == ["Latin", "Cyrillic", "Greek", "Tamil", "Han", None, None]


@pytest.mark.parametrize(("name", "slug"), [
    ("GZ Höngg", "gz-hoengg"),
    ("Straße", "strasse"),
    ("Œuvre Łódź Þórshöfn", "oeuvre-lodz-thorshoefn"),
    ("Ca\u0300fe\u0301 Zu\u0308rich", "cafe-zuerich"),  # decomposed accents: same as composed
    ("Ｆｕｌｌ Verein №5", "full-verein-no5"),
])
def test_ids_are_derived_without_losing_a_letter(name, slug):
    assert derive_id(name) == slug
    assert Actor(name=name, kind="association").id == slug


@pytest.mark.parametrize("name", ["தமிழ் சங்கம்", "Русский клуб", "Verein 東京", "!!!"])
def test_no_id_is_derived_from_letters_without_a_spelling(name):
    with pytest.raises(ValidationError) as err:
        Actor(name=name, kind="association")
    assert err.value.errors()[0]["type"] == "id_not_derivable"
    # with an id given the name is fine as it is
    assert Actor(id="verein-x", name=name, kind="association").name == name


def test_untransliterable_names_the_letters_as_written():
    assert untransliterable("Verein ΑΒΓ") == ["Α", "Β", "Γ"]
    assert untransliterable("Zürich Œuvre") == []


def test_slugify_for_lookups_still_leaves_out_what_it_cannot_spell():
    assert slugify(CYRILLIC_WIPKINGEN) == "gz-wkingen"  # lookups only; ids use derive_id


@pytest.mark.parametrize(("url", "problem"), [
    ("https://www.gz-zh.ch", None),
    ("http://gz-zh.ch/hoengg?x=1#top", None),
    ("HTTPS://GZ-ZH.CH", None),
    ("https://example.org/a b", None),  # a blank is harmless (a browser encodes it)
    ("javascript:alert(1)", "scheme"),
    ("JavaScript:alert(1)", "scheme"),
    (" javascript:alert(1)", "scheme"),
    ("data:text/html,<script>alert(1)</script>", "scheme"),
    ("vbscript:msgbox(1)", "scheme"),
    ("www.gz-zh.ch", "scheme"),
    ("//evil.example/x", "scheme"),
    ("https://", "host"),
    ("https:///path", "host"),
    ("http://[::1", "host"),
    ("https://gz-zh.ch/\u202eexe.pdf", "space"),  # a bidi override
    ("https://gz-zh.ch/\nSet-Cookie: x", "space"),
])
def test_web_addresses(url, problem):
    assert web_url_problem(url) == problem


def test_new_rules_apply_to_input_and_stored_records_stay_readable():
    stored = {"id": "old", "name": CYRILLIC_WIPKINGEN, "kind": "association",
              "website": "javascript:alert(1)"}
    assert Actor.model_validate(stored).website == "javascript:alert(1)"  # read back as stored
    with pytest.raises(ValidationError) as err:
        Actor.model_validate(stored, context=INPUT)
    assert {e["type"] for e in err.value.errors()} == {"mixed_script", "bad_url"}
    with pytest.raises(ValidationError):
        Topic.model_validate({"id": "t", "name": "\u0410lter"}, context=INPUT)  # Cyrillic А


def test_the_store_refuses_with_messages_naming_field_and_word(sqlite_store):
    with pytest.raises(InvalidInputError) as err:
        sqlite_store.apply({"actors": [
            {"name": CYRILLIC_WIPKINGEN, "kind": "association"},
            {"id": "ok", "name": "OK", "kind": "association", "website": "javascript:alert(1)"},
            {"name": "தமிழ் சங்கம்", "kind": "association"},
        ]})
    problems = {(p.index, p.field, p.code) for p in err.value.problems}
    assert problems == {(0, "name", "mixed_script"), (1, "website", "bad_url"),
                        (2, "id", "id_not_derivable")}
    text = str(err.value)
    assert "«W\u0456\u0440kingen» mischt Schriften (kyrillisch, lateinisch)" in text
    assert "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I" in text
    assert "Feld website" in text and "http:// oder https://" in text
    assert "Kennung angeben" in text and "TAMIL LETTER" in text
    assert "ß" not in text.replace("Straße", "")
    assert sqlite_store.stats()["actors"] == {} or sum(sqlite_store.stats()["actors"].values()) == 0
    sqlite_store.apply({"actors": [{"id": "tamil-sangam", "name": "தமிழ் சங்கம்", "kind": "association",
                                    "website": "https://tamil.example.ch"}]})
    assert sqlite_store.get_actor("tamil-sangam").name == "தமிழ் சங்கம்"
