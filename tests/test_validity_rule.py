"""The one tie-validity rule (graph.model.valid_between) and the one slug rule (SLUG_RE), as the
model, the store and the analysis projection use them."""

from __future__ import annotations

from datetime import date

import pytest

from graph.analysis.projection import valid_on
from graph.model import SLUG_RE, Tie, valid_between

SINCE, UNTIL = date(2019, 1, 1), date(2022, 12, 31)
DAYS = [date(2018, 12, 31), SINCE, date(2020, 6, 1), UNTIL, date(2023, 1, 1)]
HELD = [False, True, True, True, False]  # both ends included


@pytest.mark.parametrize(("since", "until"), [(SINCE, UNTIL), (None, UNTIL), (SINCE, None),
                                              (None, None)])
def test_dates_iso_text_model_and_projection_agree(since, until):
    tie = Tie(source="a", target="b", kind="funds", since=since, until=until)
    text = {"since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None}
    for day in DAYS:
        expected = (since is None or since <= day) and (until is None or day <= until)
        assert valid_between(since, until, day) is expected
        # the store keeps ISO text (and "" for none): same answer, compared as text
        assert valid_between(text["since"] or "", text["until"] or "", day.isoformat()) is expected
        assert tie.valid_on(day) is expected
        assert valid_on({"since": since, "until": until}, day) is expected
        assert valid_on(text, day) is expected


def test_both_ends_are_inclusive():
    assert [valid_between(SINCE, UNTIL, d) for d in DAYS] == HELD


def test_projection_without_a_day_keeps_every_tie():
    assert valid_on({"since": SINCE, "until": UNTIL}, None)


@pytest.mark.parametrize(("value", "ok"), [
    ("gz-hoengg", True), ("a", True), ("a_1", True), ("x" * 120, True), ("x" * 121, False),
    ("-a", False), ("a-", False), ("Gross", False), ("höngg", False), ("", False)])
def test_one_slug_rule_for_ids_and_account_names(value, ok):
    assert bool(SLUG_RE.match(value)) is ok
