ALTER TABLE {{.Prefix}}webhook_endpoints DROP COLUMN host_key_id;
