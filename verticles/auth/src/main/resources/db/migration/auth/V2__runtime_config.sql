-- Runtime settings, read by the verticles that use them (administration comes with its issue).
CREATE TABLE config (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  description text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO config (key, value, description) VALUES
  ('max_context_messages', '10', 'Previous messages of a conversation given to the chat model'),
  ('rag_top_k', '12', 'Passages retrieved for a search or an answer when the request does not say'),
  ('chunk_size', '120', 'Tokens per chunk, counted with the embedding model''s tokenizer (all-MiniLM-L6-v2 embeds only its first 128 wordpieces)'),
  ('chunk_overlap_percent', '20', 'Share of a chunk repeated at the start of the next one'),
  ('session_expires_days', '7', 'Days a login session stays valid');
