-- Issue 19: an outbox that many deliverers share. id is an event's
-- idempotency key, made by the service (events from before get "seq-" and
-- their seq, stable and unique); claimed_by and lease_until are the
-- deliverer that claimed the event and when its lease ends (ClaimEvents).
-- A claim reads events_pending_idx (acked_at, seq), as PendingEvents does.
-- {{.Prefix}} is the host's table-name prefix.
-- SQLite adds a NOT NULL column only with a default; the unique index
-- keeps a second '' out.

ALTER TABLE {{.Prefix}}events ADD COLUMN id TEXT NOT NULL DEFAULT '';
--bun:split

UPDATE {{.Prefix}}events SET id = 'seq-' || seq;
--bun:split

CREATE UNIQUE INDEX {{.Prefix}}events_id_idx ON {{.Prefix}}events (id);
--bun:split

ALTER TABLE {{.Prefix}}events ADD COLUMN claimed_by TEXT;
--bun:split

ALTER TABLE {{.Prefix}}events ADD COLUMN lease_until TIMESTAMP;
