-- Owned by the retrieval verticle: the embedding cache. A chunk's vector depends only on its text
-- and the model, so a re-upload with one page changed, a new version of a chat log or a retried job
-- takes the vectors of the texts it has seen before instead of running the model again. Per user,
-- never shared: a shared entry would tell by timing that someone else indexed a text, and a user's
-- entries must leave with their sources. text_hash is SHA-256 of the chunk's stored text as UTF-8
-- (sha256(convert_to(chunks.text, 'UTF8')) computes it from a chunk row); vector is float32
-- little-endian (dimension * 4 bytes: 1,536 for 384 dimensions), exactly what the model returned.
-- Bounded by embedding-cache-max-entries and embedding-cache-max-age-hours (the embedding-cache sweep).
CREATE TABLE embedding_cache (
  user_id   uuid NOT NULL,
  model     text NOT NULL,
  text_hash bytea NOT NULL,
  dimension integer NOT NULL,
  last_used timestamptz NOT NULL DEFAULT now(),
  vector    bytea NOT NULL,
  -- the hash before the model: a source's delete purges a user's entries of a text whatever their model
  PRIMARY KEY (user_id, text_hash, model)
);
-- the sweep removes the least recently used first
CREATE INDEX embedding_cache_last_used_idx ON embedding_cache (last_used);
