-- Issue 22: a webhook endpoint registered through a host key belongs to
-- that key: host_key_id is the key's id, '' for an endpoint of the
-- operator's or a system job's. Only calls through the key see and change
-- its endpoints (standards.WebhookEndpoint.HostKeyID). Endpoints are few
-- and listed whole, so no index. host_ is the host's table-name
-- prefix.

ALTER TABLE host_webhook_endpoints ADD COLUMN host_key_id TEXT NOT NULL DEFAULT '';
