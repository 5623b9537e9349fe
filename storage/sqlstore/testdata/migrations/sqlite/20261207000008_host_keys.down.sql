ALTER TABLE host_audit_entries DROP COLUMN via;
--bun:split

DROP INDEX host_host_keys_hash_idx;
--bun:split

DROP TABLE host_host_keys;
