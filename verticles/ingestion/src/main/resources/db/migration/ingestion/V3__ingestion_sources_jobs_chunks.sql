-- Owned by the ingestion verticle.
CREATE TABLE collections (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind        text NOT NULL CHECK (kind IN ('playlist', 'folder')),
  url         text,
  summary     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collections_user_idx ON collections (user_id, created_at DESC, id DESC);

CREATE TABLE sources (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  collection_id    uuid REFERENCES collections (id) ON DELETE SET NULL,
  kind             text NOT NULL CHECK (kind IN ('pdf', 'transcript', 'chat_log', 'text')),
  title            text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  error            text,
  parser           text NOT NULL,
  content_sha256   text NOT NULL CHECK (length(content_sha256) = 64),
  file_name        text,
  file_size        bigint NOT NULL,
  page_count       integer,
  duration_seconds double precision,
  video_id         text,
  channel_name     text,
  language         text,
  metadata         jsonb NOT NULL DEFAULT '{}',
  summary          text,
  tags             text[] NOT NULL DEFAULT '{}',
  chunk_count      integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- the same bytes uploaded twice by one user are one source
CREATE UNIQUE INDEX sources_user_content_key ON sources (user_id, content_sha256);
CREATE INDEX sources_user_idx ON sources (user_id, created_at DESC, id DESC);
CREATE INDEX sources_collection_idx ON sources (collection_id);
CREATE INDEX sources_video_idx ON sources (video_id) WHERE video_id IS NOT NULL;

CREATE TABLE source_pages (
  source_id   uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  page_number integer NOT NULL CHECK (page_number >= 1),
  text        text NOT NULL,
  PRIMARY KEY (source_id, page_number)
);

CREATE TABLE source_segments (
  source_id     uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  seq           integer NOT NULL,
  start_seconds double precision NOT NULL,
  end_seconds   double precision NOT NULL CHECK (end_seconds >= start_seconds),
  text          text NOT NULL,
  PRIMARY KEY (source_id, seq)
);

CREATE TABLE source_images (
  source_id   uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  page_number integer NOT NULL,
  width       integer NOT NULL,
  height      integer NOT NULL,
  format      text NOT NULL,
  PRIMARY KEY (source_id, seq)
);

CREATE TABLE chunks (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id           uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seq                 integer NOT NULL,
  text                text NOT NULL,
  token_count         integer NOT NULL,
  page_start          integer,
  page_end            integer,
  start_seconds       double precision,
  end_seconds         double precision,
  message_index       integer,
  embedding_model     text,
  embedding_dimension integer,
  tsv                 tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  created_at          timestamptz NOT NULL DEFAULT now(),
  -- a job taken over by another node rewrites a source's chunks instead of adding copies
  UNIQUE (source_id, seq)
);
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);
CREATE INDEX chunks_user_idx ON chunks (user_id);

CREATE TABLE jobs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type         text NOT NULL,
  source_id    uuid REFERENCES sources (id) ON DELETE CASCADE,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  stage        text,
  progress     integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error        text,
  attempts     integer NOT NULL DEFAULT 0,
  node_id      text,
  heartbeat_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  completed_at timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_open_idx ON jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_user_idx ON jobs (user_id, created_at DESC);
