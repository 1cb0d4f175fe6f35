-- Owned by the auth verticle: what a shared deployment needs to administer its accounts (issue 21).

-- set by a superuser's password reset: the next session may do nothing but change the password
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- the latest activity of any of the user's sessions (written at most once a minute, with the session's)
ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
-- per-user quota overrides; null: the runtime setting's default (quota_storage_mb, quota_sources,
-- quota_uploads_per_hour), 0: no limit for this user
ALTER TABLE users ADD COLUMN quota_bytes bigint CHECK (quota_bytes >= 0);
ALTER TABLE users ADD COLUMN quota_sources integer CHECK (quota_sources >= 0);
ALTER TABLE users ADD COLUMN quota_uploads_per_hour integer CHECK (quota_uploads_per_hour >= 0);

ALTER TABLE sessions ADD COLUMN client_address text;

-- single-use invitation links (registration-mode = invite); only the token's SHA-256 is kept
CREATE TABLE invitations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash  text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  email       text,
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     uuid REFERENCES users (id) ON DELETE SET NULL
);

-- who changed what about an account, and when; kept when the actor or the target is deleted (their
-- email stays in the row, so the audit still reads)
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid,
  actor_email  text,
  action       text NOT NULL,
  target_id    uuid,
  target_email text,
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

-- the one-time setup token of a server without a superuser (printed in the log at start)
CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO config (key, value, description) VALUES
  ('quota_storage_mb', '0', 'Megabytes of uploads one user may keep (their originals); 0: no limit. A user''s own quota overrides it'),
  ('quota_sources', '0', 'Sources one user may have; 0: no limit. A user''s own quota overrides it'),
  ('quota_uploads_per_hour', '0', 'Sources one user may add in an hour; 0: no limit. A user''s own quota overrides it')
ON CONFLICT (key) DO NOTHING;
