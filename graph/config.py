"""Settings from the environment (and the command line): one pydantic-settings class."""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed_version
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the network lives and how to reach it.

    ``QUARTIERNETZ_DB`` (SQLite file, default ``./quartiernetz.db``), ``QUARTIERNETZ_STORE``
    (``sqlite`` or ``neo4j``), ``QUARTIERNETZ_LANG`` (``de`` or ``en``), and for Neo4j
    ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``; for the HTTP API
    ``QUARTIERNETZ_MAX_BODY_BYTES`` (default 10 MB), ``QUARTIERNETZ_QUERY_TIMEOUT`` (seconds,
    default 20), ``QUARTIERNETZ_MAX_PAGE_SIZE`` (500), ``QUARTIERNETZ_MAX_SEATS`` (30) and
    ``QUARTIERNETZ_TOKEN_CACHE_SECONDS`` (5), ``QUARTIERNETZ_AUTH_MAX_FAILURES`` (10) and
    ``QUARTIERNETZ_AUTH_FAILURE_WINDOW`` (seconds, 60): wrong tokens per client address;
    ``QUARTIERNETZ_SESSION_HOURS`` (8): how long the graph browser's session cookie lasts;
    ``QUARTIERNETZ_WRITE_WAIT`` (seconds a write waits for the lock, default 5;
    ``QUARTIERNETZ_CLI_WRITE_WAIT`` for the command line, 300); for ``quartiernetz serve``
    ``QUARTIERNETZ_WORKERS`` (server processes, default 1); ``QUARTIERNETZ_SURVEY_KEY`` (the key
    of survey links, else the file ``survey.key`` beside the database).
    Limits on files read by ``load`` and ``POST /imports`` (see :class:`FileLimits`):
    ``QUARTIERNETZ_MAX_FILE_BYTES``, ``QUARTIERNETZ_MAX_UNPACKED_BYTES``,
    ``QUARTIERNETZ_MAX_MEMBER_BYTES``, ``QUARTIERNETZ_MAX_ZIP_RATIO``,
    ``QUARTIERNETZ_MAX_ZIP_MEMBERS``, ``QUARTIERNETZ_MAX_ROWS``, ``QUARTIERNETZ_MAX_CELLS``.
    Network surveys: ``QUARTIERNETZ_PUBLIC_URL``, where respondents reach the server (the
    start of every survey link; default: the base URL of the request).
    """

    model_config = SettingsConfigDict(extra="ignore")

    store: Literal["sqlite", "neo4j"] = Field("sqlite", validation_alias="QUARTIERNETZ_STORE")
    db: Path = Field(Path("quartiernetz.db"), validation_alias="QUARTIERNETZ_DB")
    lang: Literal["de", "en"] = Field("de", validation_alias="QUARTIERNETZ_LANG")
    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr("neo4j"), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")

    # -- the HTTP API (``quartiernetz serve``) ----------------------------------------------
    #: Request bodies larger than this are refused with 413 before they are read whole.
    max_body_bytes: int = Field(10 * 1024 * 1024, ge=1, validation_alias="QUARTIERNETZ_MAX_BODY_BYTES")
    #: Seconds a store query or an analysis may take before the API answers 503.
    query_timeout: float = Field(20.0, gt=0, validation_alias="QUARTIERNETZ_QUERY_TIMEOUT")
    #: Seconds a write waits for another write's lock before the API answers 503 (nothing
    #: written); a write that has the lock runs to its end (never cut by ``query_timeout``).
    write_wait: float = Field(5.0, gt=0, validation_alias="QUARTIERNETZ_WRITE_WAIT")
    #: Seconds the command line waits for another write's lock before it gives up (exit 1).
    cli_write_wait: float = Field(300.0, gt=0, validation_alias="QUARTIERNETZ_CLI_WRITE_WAIT")
    #: Largest page a list returns (``limit``).
    max_page_size: int = Field(500, ge=1, le=1000, validation_alias="QUARTIERNETZ_MAX_PAGE_SIZE")
    #: Seconds a checked token is remembered (a revoked token stops working within this time).
    token_cache_seconds: float = Field(5.0, ge=0, validation_alias="QUARTIERNETZ_TOKEN_CACHE_SECONDS")
    #: Failed token attempts one client address may make within ``auth_failure_window``
    #: seconds; more are answered 429 with ``Retry-After`` (per server process).
    auth_max_failures: int = Field(10, ge=1, validation_alias="QUARTIERNETZ_AUTH_MAX_FAILURES")
    auth_failure_window: float = Field(60.0, gt=0, validation_alias="QUARTIERNETZ_AUTH_FAILURE_WINDOW")
    #: Hours a browser session (the ``qn_session`` cookie, ``POST /api/v1/session``) lasts.
    session_hours: float = Field(8.0, gt=0, le=24 * 31, validation_alias="QUARTIERNETZ_SESSION_HOURS")
    #: Most seats a round table (``/invite``) may ask for.
    max_seats: int = Field(30, ge=1, validation_alias="QUARTIERNETZ_MAX_SEATS")
    #: Server processes for ``quartiernetz serve`` (each with its own analysis cache).
    workers: int = Field(1, ge=1, le=64, validation_alias="QUARTIERNETZ_WORKERS")
    #: The key survey links are made with (h/survey-store; see ``api.survey_key``); unset:
    #: the file ``survey.key`` beside the SQLite database, made on first use (mode 0600).
    survey_key: SecretStr | None = Field(None, validation_alias="QUARTIERNETZ_SURVEY_KEY")

    # -- files read by ``load`` and ``POST /imports`` ------------------------------------------
    # The defaults let a 100,000-actor network with 500,000 ties through in any format (its
    # .xlsx: 30 MB, unpacking to 325 MB with the tie sheet 279 MB at a ratio of 11; its JSON:
    # 132 MB; 600,000 rows, 5.8 million cells) and refuse a zip bomb before it is unpacked.
    #: Bytes one file may hold (CSV, JSON, GraphML, GEXF, and an .xlsx as stored).
    max_file_bytes: int = Field(512 * 1024**2, ge=1, validation_alias="QUARTIERNETZ_MAX_FILE_BYTES")
    #: Bytes all members of an .xlsx may unpack to together (checked before unpacking).
    max_unpacked_bytes: int = Field(1024**3, ge=1, validation_alias="QUARTIERNETZ_MAX_UNPACKED_BYTES")
    #: Bytes one member of an .xlsx (a sheet, the shared strings) may unpack to.
    max_member_bytes: int = Field(512 * 1024**2, ge=1, validation_alias="QUARTIERNETZ_MAX_MEMBER_BYTES")
    #: Largest unpacked/packed ratio of an .xlsx member over 1 MB (real sheets: about 10).
    max_zip_ratio: float = Field(100.0, ge=1, validation_alias="QUARTIERNETZ_MAX_ZIP_RATIO")
    #: Most members an .xlsx may have (Excel writes about a dozen).
    max_zip_members: int = Field(1000, ge=1, validation_alias="QUARTIERNETZ_MAX_ZIP_MEMBERS")
    #: Most rows (records) one file may hold, all its sheets together (counted while reading).
    max_rows: int = Field(2_000_000, ge=1, validation_alias="QUARTIERNETZ_MAX_ROWS")
    #: Most cells one spreadsheet file may hold, all its sheets together (counted while reading).
    max_cells: int = Field(20_000_000, ge=1, validation_alias="QUARTIERNETZ_MAX_CELLS")

    # -- network surveys (h/survey-web) ------------------------------------------------------
    #: The address respondents reach the server at (``https://quartiernetz.example.ch``): the
    #: survey links (``{public_url}/s/{token}``) start with it; without it the API uses the
    #: base URL of the request that asks for the links.
    public_url: str | None = Field(None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
                                   validation_alias="QUARTIERNETZ_PUBLIC_URL")


def package_version() -> str:
    """The installed package's version (``0+unknown`` when running from a source tree)."""
    try:
        return _installed_version("quartiernetz")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class FileLimits:
    """What one file may hold; the loaders refuse a file over any of these, naming the limit.

    Built from :class:`Settings` (``FileLimits.from_settings()`` reads the environment)."""

    max_file_bytes: int = 512 * 1024**2
    max_unpacked_bytes: int = 1024**3
    max_member_bytes: int = 512 * 1024**2
    max_zip_ratio: float = 100.0
    max_zip_members: int = 1000
    max_rows: int = 2_000_000
    max_cells: int = 20_000_000

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> FileLimits:
        settings = settings or Settings()  # type: ignore[call-arg]  # the environment
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})
