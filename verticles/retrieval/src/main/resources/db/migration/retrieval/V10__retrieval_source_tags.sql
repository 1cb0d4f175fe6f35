-- Owned by the retrieval verticle: the names of a source's tags, copied from ingestion (which owns
-- tags) whenever they change, so that a search filtered by tag reads only retrieval's tables.
ALTER TABLE search_sources ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
