"""Same questions, same answers: the invitation, need finder and introduction paths on the Zurich
sample against the answers the previous version of the code gave (recorded in
``tests/invite/data/previous_answers.json`` by running ``tests/invite/previous_answers.py`` on the
code before the invitation became a package of phases). That recording is the second source for a
pure refactoring: any change in a seat, a reason, an alternate, a score or an error message shows
up here as a difference.
"""

from __future__ import annotations

import json

import pytest

from tests.invite.previous_answers import DATA, QUESTIONS, answers

RECORDED = json.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def now(tmp_path_factory):
    return answers(tmp_path_factory.mktemp("zurich"))


def test_the_recording_covers_every_question_and_kind():
    assert [(r["kind"], r["question"]) for r in RECORDED] == QUESTIONS
    kinds = [r["kind"] for r in RECORDED]
    assert kinds.count("invite") >= 15 and kinds.count("need") >= 6 and kinds.count("path") >= 6
    errors = [r for r in RECORDED if isinstance(r["answer"], dict) and "error" in r["answer"]]
    found = [r for r in RECORDED if r["kind"] == "path" and r["answer"].get("found")]
    assert len(errors) >= 5 and len(found) >= 3  # errors, paths and no-paths are all asked


@pytest.mark.parametrize("i", range(len(QUESTIONS)),
                         ids=[f"{i:02d}-{k}" for i, (k, _) in enumerate(QUESTIONS)])
def test_the_answer_is_the_previous_versions(now, i):
    assert now[i]["answer"] == RECORDED[i]["answer"]
