-- Owned by the retrieval verticle: which embedding model built the search index, and the index a
-- re-index builds beside it. One generation is live (searches and new sources use it); while a
-- re-index runs, one more is building (new sources land in both; the rebuild walks the chunks in id
-- order, cursor_id being how far it got, so a node that takes over after another's death goes on
-- from there). When the building one is complete it becomes live in one transaction and the old
-- one is retired (its vectors are dropped).
CREATE TABLE index_generations (
  id           uuid PRIMARY KEY,
  -- the embedding provider (plugin name); null only for the index of a server older than this table,
  -- filled in at first start when the configured provider makes the same model
  provider     text,
  model        text NOT NULL,
  dimension    integer NOT NULL,
  state        text NOT NULL CHECK (state IN ('live', 'building', 'retired', 'cancelled', 'failed')),
  started_by   uuid,
  total        bigint NOT NULL DEFAULT 0,
  done         bigint NOT NULL DEFAULT 0,
  cursor_id    uuid,
  -- the node running the rebuild, and when it last reported progress (a stale one is taken over)
  runner       text,
  heartbeat_at timestamptz,
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
-- at most one live and one building generation
CREATE UNIQUE INDEX index_generations_one_per_state ON index_generations (state) WHERE state IN ('live', 'building');

-- an existing index: the model its chunks were embedded with (the provider is not known here)
INSERT INTO index_generations (id, provider, model, dimension, state)
SELECT gen_random_uuid(), NULL, embedding_model, embedding_dimension, 'live'
FROM (SELECT embedding_model, embedding_dimension FROM chunks WHERE embedding_model IS NOT NULL LIMIT 1) existing;
