-- 0001: the first schema. Never edit this file once released; add 0002_… instead.

-- Marks the file as caseconf's ("CCON"), so another program's SQLite file is never taken over.
PRAGMA application_id = 1128484686;
-- Timestamps written by SQLite are UTC ISO-8601 with milliseconds; clock events keep the
-- injected clock's time as Unix milliseconds so the meeting clock replays exactly.

CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL UNIQUE CHECK (length(trim(label)) > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE conferences (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE RESTRICT,
    title        TEXT NOT NULL,
    date         TEXT NOT NULL,               -- YYYY-MM-DD
    venue        TEXT NOT NULL DEFAULT '',
    facilitator  TEXT NOT NULL DEFAULT '',
    purpose      TEXT NOT NULL DEFAULT '',
    agenda_id    TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'finished')),
    next_meeting TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX conferences_by_case ON conferences(case_id);

-- A snapshot of the agenda each conference runs, so editing an agenda file later never changes
-- a recorded meeting. Actual times are derived from clock_events.
CREATE TABLE agenda_phases (
    conference_id   INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    key             TEXT NOT NULL,
    title_ja        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes > 0),
    guidance_ja     TEXT NOT NULL DEFAULT '',
    guidance_en     TEXT NOT NULL DEFAULT '',
    boards          TEXT NOT NULL DEFAULT '',  -- comma-separated board keys
    PRIMARY KEY (conference_id, position)
) WITHOUT ROWID;

CREATE TABLE clock_events (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    at_ms         INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    phase         INTEGER,
    minutes       INTEGER
);
CREATE INDEX clock_events_by_conference ON clock_events(conference_id, id);

CREATE TABLE participants (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    name          TEXT NOT NULL DEFAULT '',
    agency        TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    present       INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at    TEXT
);
CREATE INDEX participants_by_conference ON participants(conference_id, position);

-- Every free-text card of every board. `label` carries the card's secondary field (who is
-- troubled, who judged, the agency, the timeline's "when", a profile field's name); `mark`
-- carries a flag such as crisis / missed for the timeline.
CREATE TABLE notes (
    id             INTEGER PRIMARY KEY,
    conference_id  INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    position       INTEGER NOT NULL DEFAULT 0,
    body           TEXT NOT NULL DEFAULT '',
    label          TEXT NOT NULL DEFAULT '',
    mark           TEXT NOT NULL DEFAULT '',
    parent_id      INTEGER REFERENCES notes(id) ON DELETE SET NULL,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at     TEXT
);
CREATE INDEX notes_by_conference ON notes(conference_id, kind, position);

CREATE TABLE agency_roles (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    agency        TEXT NOT NULL DEFAULT '',
    role_now      TEXT NOT NULL DEFAULT '',
    role_proposed TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at    TEXT
);
CREATE INDEX agency_roles_by_conference ON agency_roles(conference_id, position);

CREATE TABLE action_items (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    what          TEXT NOT NULL DEFAULT '',
    owner_agency  TEXT NOT NULL DEFAULT '',
    owner_person  TEXT NOT NULL DEFAULT '',
    due           TEXT,                       -- YYYY-MM-DD or NULL
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at    TEXT
);
CREATE INDEX action_items_by_conference ON action_items(conference_id, position);

CREATE TABLE survey_tallies (
    conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    survey_id     TEXT NOT NULL,
    option_key    TEXT NOT NULL,
    count         INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (conference_id, survey_id, option_key)
) WITHOUT ROWID;

-- Where each user left a conference (phase shown, focused board), to reopen it exactly.
CREATE TABLE ui_state (
    conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    actor         TEXT NOT NULL,
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (conference_id, actor, key)
) WITHOUT ROWID;

-- Append-only: what changed, when, by whom. It names fields, never their text.
CREATE TABLE change_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    conference_id INTEGER,
    entity        TEXT NOT NULL,
    entity_id     INTEGER,
    op            TEXT NOT NULL,
    fields        TEXT NOT NULL DEFAULT '',
    actor         TEXT NOT NULL
);
CREATE INDEX change_log_by_conference ON change_log(conference_id, id);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
