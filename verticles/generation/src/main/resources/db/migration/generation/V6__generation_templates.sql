-- Owned by the generation verticle. user_id NULL marks a default template, written by the node
-- from the content-type plugins at start-up.
CREATE TABLE templates (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
  type       text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content    text NOT NULL CHECK (length(content) <= 20000),
  variables  jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- one name per user and type; defaults (NULL user) likewise
CREATE UNIQUE INDEX templates_owner_type_name_key
  ON templates (coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid), type, name);
CREATE INDEX templates_user_type_idx ON templates (user_id, type, updated_at DESC);
