-- The chunk size (wordpieces) a source was last chunked with, so a re-chunk of the library
-- (POST /api/v1/admin/reindex {"chunkSize"}) finds the sources still chunked otherwise, and can
-- resume where it stopped. Sources chunked before this column existed have NULL: unknown, so the
-- first re-chunk takes them all.
ALTER TABLE sources ADD COLUMN chunk_size integer;

-- one re-chunk queued or running at a time: a second request retargets it (ON CONFLICT)
CREATE UNIQUE INDEX jobs_one_rechunk_idx ON jobs (type) WHERE type = 'rechunk' AND status IN ('queued', 'running');
