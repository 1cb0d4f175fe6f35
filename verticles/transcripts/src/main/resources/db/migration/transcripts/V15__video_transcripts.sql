-- Owned by the transcripts verticle: the transcript cache, shared by all users (the playlist
-- summariser's videos table). What a provider returned for one video in one asked language
-- ('' = the video's own), public data only: each user's source is made from it by ingestion, with
-- the user's own chunks and vectors. Refreshed when older than transcript-cache-max-age-hours;
-- removed by the transcript-cache sweep when nobody asked for it in transcript-cache-unused-days.
CREATE TABLE video_transcripts (
  provider           text NOT NULL,
  video_id           text NOT NULL,
  requested_language text NOT NULL,
  language           text,
  title              text NOT NULL,
  channel_name       text,
  duration_seconds   double precision,
  segments           jsonb NOT NULL,
  fetched_at         timestamptz NOT NULL DEFAULT now(),
  used_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, video_id, requested_language)
);
CREATE INDEX video_transcripts_used_at_idx ON video_transcripts (used_at);
