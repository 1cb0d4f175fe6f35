-- A PDF's bookmarks (title, page, level), kept apart from the metadata every source list carries:
-- read only when a source is read in full (an audiobook's chapters).
ALTER TABLE sources ADD COLUMN outline jsonb;
