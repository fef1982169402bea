"""The key survey links are made with (issue 17): kept outside the database, so that a copy of
the database reveals no link (the store keeps a nonce and the token's hash only; see
:mod:`graph.store.survey_rules`).

``QUARTIERNETZ_SURVEY_KEY`` (at least 32 characters) if set; else the file ``survey.key`` beside
the SQLite database (``QUARTIERNETZ_DB``'s folder, also for Neo4j), made on first use with 32
random bytes and mode 0600. A key file that others may read is refused: anyone who reads it can
make every link.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from graph.config import Settings
from graph.errors import QuartiernetzError

#: The file name of the key beside the database.
KEY_FILE = "survey.key"
MIN_KEY = 32


class SurveyKeyError(QuartiernetzError):
    """The survey key is too short or its file is readable by others (nothing was done)."""

    code = "survey_key_unsafe"


def key_path(settings: Settings) -> Path:
    return Path(settings.db).expanduser().resolve().parent / KEY_FILE


def survey_key(settings: Settings) -> bytes:
    """The survey key as bytes (see the module); made and stored when there is none yet."""
    if settings.survey_key is not None:
        text = settings.survey_key.get_secret_value()
        if len(text) < MIN_KEY:
            raise SurveyKeyError(where="QUARTIERNETZ_SURVEY_KEY", min=MIN_KEY)
        return text.encode("utf-8")
    path = key_path(settings)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SurveyKeyError(where=str(path), min=MIN_KEY) from None
        text = path.read_text("ascii").strip()
        if len(text) < MIN_KEY:
            raise SurveyKeyError(where=str(path), min=MIN_KEY) from None
        return text.encode("ascii")
    text = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text + "\n")
    return text.encode("ascii")
