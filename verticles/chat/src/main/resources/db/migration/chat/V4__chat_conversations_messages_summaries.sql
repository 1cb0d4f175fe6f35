-- Owned by the chat verticle.
CREATE TABLE conversations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title         text CHECK (length(title) <= 300),
  -- the scope of retrieval: these sources, or this collection, or (both null) all the user's sources
  source_ids    uuid[],
  collection_id uuid REFERENCES collections (id) ON DELETE SET NULL,
  summary       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- follows the newest message, so lists sort by activity
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_activity_idx ON conversations (user_id, updated_at DESC, id DESC);

CREATE TABLE messages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content         text NOT NULL,
  metadata        jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at, id);

-- Jobs that summarise a whole collection (type 'collection_summary') name it instead of a source.
ALTER TABLE jobs ADD COLUMN collection_id uuid REFERENCES collections (id) ON DELETE CASCADE;
ALTER TABLE collections ADD COLUMN summary_updated_at timestamptz;
