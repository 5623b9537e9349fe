-- Issue 19: an outbox that many deliverers share. id is an event's
-- idempotency key, made by the service (events from before get "seq-" and
-- their seq, stable and unique); claimed_by and lease_until are the
-- deliverer that claimed the event and when its lease ends (ClaimEvents).
-- A claim reads events_pending_idx (acked_at, seq), as PendingEvents does.
-- host_ is the host's table-name prefix.
-- SQLite adds a NOT NULL column only with a default; the unique index
-- keeps a second '' out.

ALTER TABLE host_events ADD COLUMN id TEXT NOT NULL DEFAULT '';
--bun:split

UPDATE host_events SET id = 'seq-' || seq;
--bun:split

CREATE UNIQUE INDEX host_events_id_idx ON host_events (id);
--bun:split

ALTER TABLE host_events ADD COLUMN claimed_by TEXT;
--bun:split

ALTER TABLE host_events ADD COLUMN lease_until TIMESTAMP;
