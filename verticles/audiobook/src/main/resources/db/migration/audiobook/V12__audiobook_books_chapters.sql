-- Audiobooks, owned by the audiobook role. A book is its own job: its row holds the job's status,
-- and each chapter is a unit of work of its own (claimed, heart-beaten, stored in the blob store),
-- so a book taken over after a node's death resumes at its first unfinished chapter and several
-- workers or nodes share one book. No foreign key leaves this module: the user and the source
-- belong to other owners (an audiobook outlives its source; the user's deletion asks this role).
CREATE TABLE audiobooks (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL,
  source_id     uuid NOT NULL,
  title         text NOT NULL,
  voice         text NOT NULL,
  format        text NOT NULL,
  speed         double precision NOT NULL,
  status        text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  -- what the book waits for: 'script' (its chapters are not written yet), 'chapters', 'assemble'
  stage         text NOT NULL DEFAULT 'script',
  progress      integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error         text,
  duration_ms   bigint,
  audio_key     text,
  audio_bytes   bigint,
  -- who holds the book's own steps (the script, the assembly): a stale holder's step is taken over
  node_id       text,
  heartbeat_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  completed_at  timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audiobooks_user_idx ON audiobooks (user_id, created_at DESC, id DESC);
CREATE INDEX audiobooks_open_idx ON audiobooks (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE audiobook_chapters (
  audiobook_id  uuid NOT NULL REFERENCES audiobooks (id) ON DELETE CASCADE,
  number        integer NOT NULL,
  title         text NOT NULL,
  -- the paragraphs to speak, the title first
  paragraphs    jsonb NOT NULL,
  words         integer NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'running', 'done')),
  node_id       text,
  heartbeat_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  duration_ms   bigint,
  audio_key     text,
  audio_bytes   bigint,
  synthesis_ms  bigint,
  done_at       timestamptz,
  PRIMARY KEY (audiobook_id, number)
);
CREATE INDEX audiobook_chapters_open_idx ON audiobook_chapters (audiobook_id, number) WHERE status <> 'done';
