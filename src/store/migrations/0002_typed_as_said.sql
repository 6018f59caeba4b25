-- 0002: keep what note-takers type even when it is not a date, and make conflicts shared facts.
-- Never edit this file once released; add 0003_… instead.

-- A due date as typed ("2週間以内", "12月3日", "来期"); `due` keeps the day it was understood
-- to mean (YYYY-MM-DD), or NULL when the words name no day.
ALTER TABLE action_items ADD COLUMN due_text TEXT NOT NULL DEFAULT '';
UPDATE action_items SET due_text = due WHERE due IS NOT NULL;

-- A card saved beside another because two note-takers changed the same card at once: the id
-- of the card it clashed with, until someone resolves it. Every note-taker, the projector and
-- the exports see it.
ALTER TABLE notes ADD COLUMN conflict_of INTEGER;
ALTER TABLE participants ADD COLUMN conflict_of INTEGER;
ALTER TABLE agency_roles ADD COLUMN conflict_of INTEGER;
ALTER TABLE action_items ADD COLUMN conflict_of INTEGER;
