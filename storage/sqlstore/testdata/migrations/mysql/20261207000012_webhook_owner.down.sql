ALTER TABLE host_webhook_endpoints DROP COLUMN host_key_id;
