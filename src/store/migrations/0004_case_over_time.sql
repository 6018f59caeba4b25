-- 0004: the case over time. Stable identities for rows (so an export imported twice is one
-- conference, and an action carried from meeting to meeting is one action), the kind of
-- meeting and its duty of confidentiality, and the review of carried actions.
-- Never edit this file once released; add 0006_… instead.

-- A random identity that travels with a row through exports and imports. A carried action
-- keeps the uid of the action it continues, so one action has one uid across conferences.
ALTER TABLE conferences ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE agency_roles ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE action_items ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE conferences SET uid = lower(hex(randomblob(16))) WHERE uid = '';
UPDATE participants SET uid = lower(hex(randomblob(16))) WHERE uid = '';
UPDATE notes SET uid = lower(hex(randomblob(16))) WHERE uid = '';
UPDATE agency_roles SET uid = lower(hex(randomblob(16))) WHERE uid = '';
UPDATE action_items SET uid = lower(hex(randomblob(16))) WHERE uid = '';
CREATE UNIQUE INDEX conferences_by_uid ON conferences(uid);
CREATE INDEX action_items_by_uid ON action_items(uid);
-- A row inserted without a uid gets one, whoever inserts it.
CREATE TRIGGER conferences_uid AFTER INSERT ON conferences WHEN NEW.uid = ''
BEGIN UPDATE conferences SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER participants_uid AFTER INSERT ON participants WHEN NEW.uid = ''
BEGIN UPDATE participants SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER notes_uid AFTER INSERT ON notes WHEN NEW.uid = ''
BEGIN UPDATE notes SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER agency_roles_uid AFTER INSERT ON agency_roles WHEN NEW.uid = ''
BEGIN UPDATE agency_roles SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER action_items_uid AFTER INSERT ON action_items WHEN NEW.uid = ''
BEGIN UPDATE action_items SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

-- The kind of meeting as typed (事例検討会, 支援会議, 重層的支援会議, 個別ケース検討会議 or
-- anything else), and for a meeting that needs it, the person's consent as typed and its date.
ALTER TABLE conferences ADD COLUMN meeting_type TEXT NOT NULL DEFAULT '';
ALTER TABLE conferences ADD COLUMN consent TEXT NOT NULL DEFAULT '';
ALTER TABLE conferences ADD COLUMN consent_date TEXT NOT NULL DEFAULT '';

-- When the participant confirmed the duty of confidentiality (UTC ISO-8601), '' when not.
ALTER TABLE participants ADD COLUMN confirmed_at TEXT NOT NULL DEFAULT '';

-- The review date (確認日) as typed, and the day it was understood to mean.
ALTER TABLE action_items ADD COLUMN review_text TEXT NOT NULL DEFAULT '';
ALTER TABLE action_items ADD COLUMN review_due TEXT;
-- 1 for an action carried from the previous conference of the case, reviewed here: its
-- outcome ('' not yet reviewed, done, continued, changed, stopped) and a note.
ALTER TABLE action_items ADD COLUMN carried INTEGER NOT NULL DEFAULT 0 CHECK (carried IN (0, 1));
ALTER TABLE action_items ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE action_items ADD COLUMN outcome_note TEXT NOT NULL DEFAULT '';
