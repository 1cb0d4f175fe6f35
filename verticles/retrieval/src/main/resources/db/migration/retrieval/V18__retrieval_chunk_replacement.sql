-- A source's chunks replaced without a gap in its search results (a re-chunk with another chunk
-- size): the new chunks are written beside the old ones as pending, which no search shows, and
-- one transaction then deletes the old ones and makes the new ones visible. seq is unique among
-- the visible chunks and among the pending ones of a source, not across both.
ALTER TABLE chunks ADD COLUMN pending boolean NOT NULL DEFAULT false;
ALTER TABLE chunks DROP CONSTRAINT chunks_source_id_seq_key;
ALTER TABLE chunks ADD CONSTRAINT chunks_source_seq_key UNIQUE (source_id, seq, pending);
