-- Owned by the retrieval verticle (io.mediawhisperer.retrieval): the search index. Until now the
-- chunks were written by ingestion and a search joined ingestion's sources; from here retrieval
-- alone reads and writes its chunks, beside a copy of what a hit shows of its source, and
-- ingestion tells it over the bus what to index and what is gone (so no foreign key reaches
-- another owner's table any more).
CREATE TABLE search_sources (
  source_id     uuid PRIMARY KEY,
  user_id       uuid NOT NULL,
  collection_id uuid,
  kind          text NOT NULL,
  title         text,
  video_id      text,
  indexed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_sources_user_idx ON search_sources (user_id, collection_id);

-- one-time backfill, at upgrade: the copy of every source that has chunks
INSERT INTO search_sources (source_id, user_id, collection_id, kind, title, video_id)
SELECT s.id, s.user_id, s.collection_id, s.kind, s.title, s.video_id
FROM sources s WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.source_id = s.id);

ALTER TABLE chunks DROP CONSTRAINT IF EXISTS chunks_source_id_fkey;
ALTER TABLE chunks DROP CONSTRAINT IF EXISTS chunks_user_id_fkey;
ALTER TABLE chunks ADD CONSTRAINT chunks_search_source_fkey
  FOREIGN KEY (source_id) REFERENCES search_sources (source_id) ON DELETE CASCADE;
