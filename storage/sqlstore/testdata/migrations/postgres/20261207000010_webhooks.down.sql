DROP TABLE host_webhook_deliveries;
--bun:split

DROP TABLE host_webhook_endpoints;
