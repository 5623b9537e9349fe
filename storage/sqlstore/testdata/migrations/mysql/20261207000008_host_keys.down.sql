ALTER TABLE host_audit_entries DROP COLUMN via;
--bun:split

DROP INDEX host_host_keys_hash_idx ON host_host_keys;
--bun:split

DROP TABLE host_host_keys;
