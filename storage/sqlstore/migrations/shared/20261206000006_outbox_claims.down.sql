ALTER TABLE {{.Prefix}}events DROP COLUMN lease_until;
--bun:split

ALTER TABLE {{.Prefix}}events DROP COLUMN claimed_by;
--bun:split

DROP INDEX {{.Prefix}}events_id_idx{{.OnTable "events"}};
--bun:split

ALTER TABLE {{.Prefix}}events DROP COLUMN id;
