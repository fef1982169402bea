"""The survey key (api.survey_key) and the HTTP status of a closed survey's link (410)."""

from __future__ import annotations

import os
import stat

import pytest

from api.errors import _status
from api.survey_key import KEY_FILE, SurveyKeyError, survey_key
from graph.config import Settings
from graph.errors import GoneError


def settings(tmp_path, **env) -> Settings:
    return Settings(QUARTIERNETZ_DB=str(tmp_path / "q.db"), **env)


def test_the_key_file_is_made_once_owner_only_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("QUARTIERNETZ_SURVEY_KEY", raising=False)
    first = survey_key(settings(tmp_path))
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 64 and survey_key(settings(tmp_path)) == first


def test_a_key_file_others_can_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("QUARTIERNETZ_SURVEY_KEY", raising=False)
    survey_key(settings(tmp_path))
    os.chmod(tmp_path / KEY_FILE, 0o644)
    with pytest.raises(SurveyKeyError) as info:
        survey_key(settings(tmp_path))
    assert "chmod 600" in str(info.value)


def test_the_environment_wins_and_must_be_long_enough(tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTIERNETZ_SURVEY_KEY", "x" * 40)
    assert survey_key(settings(tmp_path)) == b"x" * 40
    assert not (tmp_path / KEY_FILE).exists()
    monkeypatch.setenv("QUARTIERNETZ_SURVEY_KEY", "short")
    with pytest.raises(SurveyKeyError):
        survey_key(settings(tmp_path))


def test_a_closed_survey_answers_410():
    assert _status(GoneError("survey_closed", id="umfrage-0123456789", title="T",
                             until="2026-01-01")) == 410
