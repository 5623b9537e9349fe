DROP INDEX host_audit_entries_actor_name_idx;
--bun:split

DROP INDEX host_audit_entries_actor_idx;
--bun:split

ALTER TABLE host_registrations DROP COLUMN accepted_at;
--bun:split

ALTER TABLE host_registrations DROP COLUMN invited_name;
--bun:split

ALTER TABLE host_people DROP COLUMN own_name;
