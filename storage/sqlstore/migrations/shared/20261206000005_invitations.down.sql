DROP INDEX {{.Prefix}}audit_entries_actor_name_idx{{.OnTable "audit_entries"}};
--bun:split

DROP INDEX {{.Prefix}}audit_entries_actor_idx{{.OnTable "audit_entries"}};
--bun:split

ALTER TABLE {{.Prefix}}registrations DROP COLUMN accepted_at;
--bun:split

ALTER TABLE {{.Prefix}}registrations DROP COLUMN invited_name;
--bun:split

ALTER TABLE {{.Prefix}}people DROP COLUMN own_name;
