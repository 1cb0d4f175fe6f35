-- Owned by the node presence that every node runs, whatever its roles (io.mediawhisperer.node.NodePresenceVerticle):
-- one row per start of a node process, heart-beating, for GET /api/v1/admin/cluster.
CREATE TABLE nodes (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  roles             text[] NOT NULL,
  host              text,
  pid               bigint,
  version           text,
  clustered         boolean NOT NULL,
  heartbeat_seconds integer NOT NULL CHECK (heartbeat_seconds > 0),
  info              jsonb NOT NULL DEFAULT '{}',
  started_at        timestamptz NOT NULL DEFAULT now(),
  heartbeat_at      timestamptz NOT NULL DEFAULT now(),
  stopped_at        timestamptz
);

-- Ingestion's claim and the cleanup verticle's stale-job sweep both look for running jobs whose
-- node stopped heart-beating.
CREATE INDEX jobs_running_heartbeat_idx ON jobs (heartbeat_at) WHERE status = 'running';
