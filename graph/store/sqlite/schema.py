"""The SQLite schema: the migrations (``PRAGMA user_version`` counts them) and the search triggers.

Each migration takes the schema from version i to i + 1; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

#: The table of each record type.
TABLE = {"actor": "actors", "tie": "ties", "area": "areas", "topic": "topics", "need": "needs"}

#: The triggers that keep the search index in step row by row. A large batch drops them for its
#: transaction and rebuilds the index once at the end
#: (:class:`~graph.store.sqlite.ops.SqliteOps`): at 100,000 actors row-by-row indexing took
#: about 8.5 s, one rebuild 2.5 s.
SEARCH_TRIGGERS = (
    """CREATE TRIGGER actors_search_insert AFTER INSERT ON actors BEGIN
        INSERT INTO actors_search (rowid, search) VALUES (new.rowid, new.search);
    END;""",
    """CREATE TRIGGER actors_search_update AFTER UPDATE OF search ON actors
        WHEN new.search IS NOT old.search BEGIN
        INSERT INTO actors_search (actors_search, rowid, search)
            VALUES ('delete', old.rowid, old.search);
        INSERT INTO actors_search (rowid, search) VALUES (new.rowid, new.search);
    END;""",
)
#: Bulk indexing for a batch that writes at least this many actors in one write call, when the
#: store holds fewer than four times as many (else the row-by-row triggers are cheaper).
BULK_SEARCH_ROWS = 1000

MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta (key, value) VALUES ('version', 0);
    CREATE TABLE areas (
        id TEXT PRIMARY KEY,
        parent TEXT REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
        data TEXT NOT NULL
    );
    CREATE TABLE topics (id TEXT PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        sector TEXT,
        sort_key TEXT NOT NULL,
        search TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX actors_kind ON actors (kind);
    CREATE INDEX actors_sort ON actors (sort_key, id);
    CREATE TABLE actor_areas (
        actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        area_id TEXT NOT NULL REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (actor_id, area_id)
    ) WITHOUT ROWID;
    CREATE INDEX actor_areas_area ON actor_areas (area_id);
    CREATE TABLE actor_topics (
        actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        topic_id TEXT NOT NULL REFERENCES topics (id) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (actor_id, topic_id)
    ) WITHOUT ROWID;
    CREATE INDEX actor_topics_topic ON actor_topics (topic_id);
    CREATE TABLE ties (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        target TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        kind TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX ties_source ON ties (source);
    CREATE INDEX ties_target ON ties (target);
    CREATE INDEX ties_kind ON ties (kind);
    """,
    # 2: API accounts (token stored as a hash) and the append-only audit log
    """
    CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        record TEXT,
        record_id TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX audit_record ON audit (record, record_id);
    CREATE INDEX audit_account ON audit (account);
    """,
    # 3: a trigram index over the actors' search text, so that free text does not scan every
    # actor (13 ms at 10,000 actors; see rows.query_actors). It indexes actors.rowid: after a
    # VACUUM (which may renumber rowids) run INSERT INTO actors_search (actors_search)
    # VALUES ('rebuild').
    """
    CREATE VIRTUAL TABLE actors_search USING fts5(
        search, content = 'actors', content_rowid = 'rowid', tokenize = 'trigram'
    );
    CREATE TRIGGER actors_search_delete AFTER DELETE ON actors BEGIN
        INSERT INTO actors_search (actors_search, rowid, search)
            VALUES ('delete', old.rowid, old.search);
    END;
    """ + "\n".join(SEARCH_TRIGGERS) + """
    INSERT INTO actors_search (actors_search) VALUES ('rebuild');
    """,
    # -- appended by h/needs --
    # 4: needs (Anliegen): the record as JSON, the status and day filtered on, and join tables
    # for the areas and topics filtered on and the actors named (an actor's deletion finds its
    # needs). need_areas repeats the status: "open needs of a Kreis" is answered from its index
    # alone (reading each need's row to check its status cost 90 ms for 1,600 needs). Areas
    # and topics are not foreign keys: deleting an area no actor uses stays possible; the need
    # keeps the id it was raised for.
    """
    CREATE TABLE needs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        raised_on TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX needs_status ON needs (status, raised_on, id);
    CREATE INDEX needs_raised ON needs (raised_on, id);
    CREATE TABLE need_areas (
        need_id TEXT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
        area_id TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (need_id, area_id)
    ) WITHOUT ROWID;
    CREATE INDEX need_areas_area ON need_areas (area_id, status, need_id);
    CREATE TABLE need_topics (
        need_id TEXT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
        topic_id TEXT NOT NULL,
        PRIMARY KEY (need_id, topic_id)
    ) WITHOUT ROWID;
    CREATE INDEX need_topics_topic ON need_topics (topic_id);
    CREATE TABLE need_actors (
        need_id TEXT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        PRIMARY KEY (need_id, actor_id)
    ) WITHOUT ROWID;
    CREATE INDEX need_actors_actor ON need_actors (actor_id);
    """,
]

# -- h/memory: the contact log and meetings (encounters) and their evidence ------------------
# (graph.store.sqlite.meetings). Appended as its own block; other branches append theirs.
MIGRATIONS.append(
    """
    CREATE TABLE encounters (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        day TEXT NOT NULL,
        forum TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX encounters_day ON encounters (type, day);
    CREATE INDEX encounters_forum ON encounters (forum, day);
    CREATE TABLE encounter_actors (
        encounter_id TEXT NOT NULL REFERENCES encounters (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (encounter_id, actor_id)
    ) WITHOUT ROWID;
    CREATE INDEX encounter_actors_actor ON encounter_actors (actor_id, day);
    CREATE TABLE pair_evidence (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        dismissed_at INTEGER,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX pair_evidence_rank ON pair_evidence (count DESC, last_seen DESC, a, b);
    CREATE INDEX IF NOT EXISTS ties_pair ON ties (source, target);  -- on an older table
    CREATE INDEX pair_evidence_b ON pair_evidence (b);
    """
)
# -- end h/memory ------------------------------------------------------------------------------

# -- h/survey-store: network surveys (graph.store.sqlite.surveys). Its own appended block. -----
# surveys: the campaign as JSON. survey_invites: per invited actor the nonce and the SHA-256 of
# its link token (NULL until the key made it; never the token). survey_answers: one answer per
# actor and survey as JSON, with survey_answer_actors the actors it names (an actor's deletion
# finds them). survey_decisions: the coordinator's decisions (a pair's key ``kind:source:target``
# or ``proposal:<id>``), with the actors they name.
MIGRATIONS.append(
    """
    CREATE TABLE surveys (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE survey_invites (
        survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        token_hash TEXT UNIQUE,
        PRIMARY KEY (survey_id, actor_id)
    ) WITHOUT ROWID;
    CREATE INDEX survey_invites_actor ON survey_invites (actor_id);
    CREATE TABLE survey_answers (
        survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        state TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (survey_id, actor_id)
    );
    CREATE TABLE survey_answer_actors (
        survey_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        named_id TEXT NOT NULL,
        PRIMARY KEY (survey_id, actor_id, named_id),
        FOREIGN KEY (survey_id, actor_id) REFERENCES survey_answers (survey_id, actor_id)
            ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX survey_answer_actors_named ON survey_answer_actors (named_id);
    CREATE TABLE survey_decisions (
        survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        source TEXT,
        target TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (survey_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX survey_decisions_source ON survey_decisions (source);
    CREATE INDEX survey_decisions_target ON survey_decisions (target);
    """
)
# -- end h/survey-store ------------------------------------------------------------------------

SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """The statements of a script (a trigger's body holds ``;`` too: split where one ends)."""
    statements, part = [], ""
    for piece in script.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                statements.append(part.strip())
            part = ""
    return statements
