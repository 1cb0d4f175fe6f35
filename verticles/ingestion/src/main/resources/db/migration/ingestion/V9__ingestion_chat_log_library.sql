-- Owned by the ingestion verticle: the chat-log library (issue 13). No foreign key reaches another
-- owner's table: a user's rows go with the user over the bus, not by a cascade from auth's table.

-- a user's tags, on sources of any kind; a source keeps the names of its tags in sources.tags
CREATE TABLE tags (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tags_user_name_key ON tags (user_id, lower(name));

-- a note on a passage of a chat log's message; it follows the text to newer versions, or is detached
CREATE TABLE annotations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL,
  source_id     uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  version       integer NOT NULL,
  message_index integer NOT NULL CHECK (message_index >= 0),
  start_offset  integer NOT NULL CHECK (start_offset >= 0),
  end_offset    integer NOT NULL,
  quote         text NOT NULL,
  content       text NOT NULL CHECK (length(content) BETWEEN 1 AND 10000),
  detached      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (end_offset > start_offset)
);
CREATE INDEX annotations_source_idx ON annotations (source_id, created_at, id);

-- a merged chat log's message remembers where it came from
ALTER TABLE source_messages ADD COLUMN origin_source_id uuid;
ALTER TABLE source_messages ADD COLUMN origin_index integer;

-- full-text search over the messages themselves, with snippets (ts_headline)
ALTER TABLE source_messages ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED;
CREATE INDEX source_messages_tsv_idx ON source_messages USING gin (tsv);
