-- 0005: the names to redact belong to the case, not to one conference. A name registered in
-- any conference of a case is replaced in every conference of it, earlier and later ones, and
-- in the case summary. Until now each conference held its own copy as notes of kind
-- 'redact_name'; they move here, once per case.
-- Never edit this file once released; add 0006_… instead.

CREATE TABLE case_names (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    -- The conference the name was registered in (for the change log); it counts for all, and
    -- stays when that conference is replaced (an import updating it).
    conference_id INTEGER REFERENCES conferences(id) ON DELETE SET NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    -- The name as typed, and a detail (whose name it is) as typed.
    body          TEXT NOT NULL DEFAULT '',
    label         TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    conflict_of   INTEGER,
    uid           TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at    TEXT
);
CREATE INDEX case_names_by_case ON case_names(case_id, position);
CREATE TRIGGER case_names_uid AFTER INSERT ON case_names WHEN NEW.uid = ''
BEGIN UPDATE case_names SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

-- Every live name of every conference, once per case (a later conference held copies of the
-- earlier ones' names), in the order they were registered, keeping the first one's identity.
INSERT INTO case_names (case_id, conference_id, position, body, label, uid, created_at, updated_at)
SELECT case_id, conference_id, row_number() OVER (PARTITION BY case_id ORDER BY ord) - 1,
       body, label, uid, created_at, updated_at
FROM (
    SELECT f.case_id, n.conference_id, n.body, n.label, n.uid, n.created_at, n.updated_at,
           row_number() OVER (ORDER BY f.date, f.id, n.position, n.id) AS ord,
           row_number() OVER (PARTITION BY f.case_id, trim(n.body), trim(n.label)
                              ORDER BY f.date, f.id, n.position, n.id) AS copy
    FROM notes n JOIN conferences f ON f.id = n.conference_id
    WHERE n.kind = 'redact_name' AND n.deleted_at IS NULL
      AND (trim(n.body) <> '' OR trim(n.label) <> '')
)
WHERE copy = 1;

-- The per-conference copies are gone; deleted ones (and empty cards) go with them, as a
-- purge would.
DELETE FROM notes WHERE kind = 'redact_name';
