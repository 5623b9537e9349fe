ALTER TABLE {{.Prefix}}audit_entries DROP COLUMN via;
--bun:split

DROP INDEX {{.Prefix}}host_keys_hash_idx{{.OnTable "host_keys"}};
--bun:split

DROP TABLE {{.Prefix}}host_keys;
