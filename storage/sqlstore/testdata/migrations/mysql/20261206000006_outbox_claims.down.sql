ALTER TABLE host_events DROP COLUMN lease_until;
--bun:split

ALTER TABLE host_events DROP COLUMN claimed_by;
--bun:split

DROP INDEX host_events_id_idx ON host_events;
--bun:split

ALTER TABLE host_events DROP COLUMN id;
