-- 0003: what a filed record states about itself. Additive only: new columns with defaults,
-- so it applies after any 0002 and leaves every existing row as it was.

-- 記録者: who wrote the record (empty: the facilitator is named instead).
ALTER TABLE conferences ADD COLUMN recorder TEXT NOT NULL DEFAULT '';
-- 作成日 as typed (YYYY-MM-DD when valid; empty: the day the meeting finished).
ALTER TABLE conferences ADD COLUMN record_date TEXT NOT NULL DEFAULT '';
-- How the record writes dates: '' (Japanese, the default), 'wareki' or 'iso'.
ALTER TABLE conferences ADD COLUMN date_style TEXT NOT NULL DEFAULT '';
-- The agenda's display name at creation (the id alone is an internal key).
ALTER TABLE conferences ADD COLUMN agenda_title_ja TEXT NOT NULL DEFAULT '';
ALTER TABLE conferences ADD COLUMN agenda_title_en TEXT NOT NULL DEFAULT '';
