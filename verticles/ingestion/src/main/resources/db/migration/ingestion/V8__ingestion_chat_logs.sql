-- Owned by the ingestion verticle: chat logs (issue 13). A chat export is imported by a job
-- (type chat_import) that makes one chat_log source per conversation, keyed by the platform's
-- conversation id so that next month's export of the same account updates instead of adding.
ALTER TABLE sources ADD COLUMN platform text;
ALTER TABLE sources ADD COLUMN external_id text;
ALTER TABLE sources ADD COLUMN current_version integer;
ALTER TABLE sources ADD COLUMN message_count integer;
CREATE UNIQUE INDEX sources_user_conversation_key ON sources (user_id, platform, external_id) WHERE external_id IS NOT NULL;

-- what a job was asked (an import's blob and options) and what it found (counts, warnings)
ALTER TABLE jobs ADD COLUMN payload jsonb;
ALTER TABLE jobs ADD COLUMN result jsonb;

-- each version of a chat log's text: an import makes version 1, a changed re-import or an edit the next
CREATE TABLE source_versions (
  source_id      uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  version        integer NOT NULL CHECK (version >= 1),
  origin         text NOT NULL CHECK (origin IN ('import', 'edit', 'restore', 'merge')),
  content_sha256 text NOT NULL CHECK (length(content_sha256) = 64),
  -- the branches of the conversation tree: [{"branch": n, "forkIndex": i, "messages": count}]
  branches       jsonb NOT NULL DEFAULT '[]',
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, version)
);

-- branch 0 is the main thread; branch n >= 1 the n-th other path of the tree, its seq counted from its fork
CREATE TABLE source_messages (
  source_id  uuid NOT NULL,
  version    integer NOT NULL,
  branch     integer NOT NULL CHECK (branch >= 0),
  seq        integer NOT NULL CHECK (seq >= 0),
  role       text NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
  content    text NOT NULL,
  created_at timestamptz,
  model      text,
  tool_name  text,
  PRIMARY KEY (source_id, version, branch, seq),
  FOREIGN KEY (source_id, version) REFERENCES source_versions (source_id, version) ON DELETE CASCADE
);
