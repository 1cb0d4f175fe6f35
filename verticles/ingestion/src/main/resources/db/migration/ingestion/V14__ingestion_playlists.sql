-- A playlist collection made from a link: the playlist's id and channel, and the videos that could
-- not become sources (no captions, private, removed) with the reason, shown on the collection.
ALTER TABLE collections
  ADD COLUMN playlist_id text,
  ADD COLUMN channel_name text,
  ADD COLUMN skipped jsonb NOT NULL DEFAULT '[]';
