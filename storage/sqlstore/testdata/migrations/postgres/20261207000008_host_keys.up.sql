-- Issue 22: host keys let a host's program call the JSON API for the
-- people it serves. key_hash is the SHA-256 (hex) of the key's secret,
-- which is never kept; the API finds a key by it. centres lists the centre
-- numbers the key reaches, comma-separated ('' with all_centres).
-- revoked_at is NULL while the key is not revoked. audit_entries.via names
-- the host's program an actor acted through ('' for a person at a page).
-- host_ is the host's table-name prefix.

CREATE TABLE host_host_keys (
  id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT COLLATE "C" NOT NULL,
  all_centres BOOLEAN NOT NULL,
  centres TEXT NOT NULL,
  issued_at TIMESTAMPTZ NOT NULL,
  issued_by TEXT COLLATE "C",
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  PRIMARY KEY (id)
);
--bun:split

CREATE UNIQUE INDEX host_host_keys_hash_idx ON host_host_keys (key_hash);
--bun:split

ALTER TABLE host_audit_entries ADD COLUMN via TEXT NOT NULL DEFAULT '';
